package org.nereid.whip;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdpFragmentTest {
    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:old\r\na=ice-pwd:oldpwd\r\na=mid:0\r\n"
            + "a=candidate:1 1 udp 1 10.0.0.1 5000 typ host\r\na=end-of-candidates\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:old\r\na=ice-pwd:oldpwd\r\na=mid:1\r\n";

    /** RFC 9725's trickle example, shortened: credentials at the session level, candidates per section. */
    @Test
    void readsCredentialsAndCandidatesWithTheirSections() {
        SdpFragment f = SdpFragment.parse("a=ice-ufrag:EsAw\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n"
                + "a=group:BUNDLE 0 1\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\n"
                + "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw\r\n"
                + "a=end-of-candidates\r\nm=video 9 RTP/AVP 0\r\na=mid:1\r\n"
                + "a=candidate:2 1 udp 2122260223 192.0.2.1 61765 typ host\r\n");
        assertEquals("EsAw", f.ufrag());
        assertEquals("P2uYro0UCOQ4zxjKXaWCBui1", f.pwd());
        assertEquals(List.of(
                new SdpFragment.Candidate("candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0"
                        + " ufrag EsAw", "0", 0),
                new SdpFragment.Candidate("candidate:2 1 udp 2122260223 192.0.2.1 61765 typ host", "1", 1)),
                f.candidates());
    }

    @Test
    void credentialsMayStandInASection() {
        SdpFragment f = SdpFragment.parse("m=audio 9 RTP/AVP 0\na=mid:0\na=ice-ufrag:u\na=ice-pwd:p\n");
        assertEquals("u", f.ufrag());
        assertEquals("p", f.pwd());
        assertFalse(f.restarts(new String[] {"u", "p"}));
        assertTrue(f.restarts(new String[] {"u", "other"}));
        assertFalse(SdpFragment.parse("a=candidate:1 1 udp 1 10.0.0.2 1 typ host\r\n").restarts(new String[] {"u", "p"}),
                "a fragment naming no credentials trickles");
    }

    @Test
    void refusesWhatIsNoFragment() {
        assertThrows(IllegalArgumentException.class, () -> SdpFragment.parse("hello world"));
        assertThrows(IllegalArgumentException.class, () -> SdpFragment.parse("a=ice-ufrag:x\r\n<html>\r\n"));
        String many = "a=candidate:1 1 udp 1 10.0.0.1 5000 typ host\r\n".repeat(SdpFragment.MAX_CANDIDATES + 1);
        assertThrows(IllegalArgumentException.class, () -> SdpFragment.parse(many));
    }

    @Test
    void patchingAnOfferReplacesCredentialsAndCandidates() {
        SdpFragment f = SdpFragment.parse("a=ice-ufrag:new\r\na=ice-pwd:newpwd\r\nm=video 9 RTP/AVP 0\r\na=mid:1\r\n"
                + "a=candidate:9 1 udp 1 10.0.0.9 9 typ host\r\n");
        String patched = f.patch(OFFER);
        assertEquals(OFFER.replace("old", "new").replace("a=candidate:1 1 udp 1 10.0.0.1 5000 typ host\r\n"
                + "a=end-of-candidates\r\n", "") + "a=candidate:9 1 udp 1 10.0.0.9 9 typ host\r\n", patched);
        assertArrayEquals(new String[] {"new", "newpwd"}, SdpFragment.credentials(patched));
    }

    @Test
    void theAnswersFragmentHasItsCredentialsSectionsAndCandidates() {
        String answer = "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=ice-ufrag:srv\r\na=ice-pwd:srvpwd\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=candidate:1 1 udp 2130706431 127.0.0.1 4000 typ host\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=ice-ufrag:srv\r\na=ice-pwd:srvpwd\r\n";
        assertEquals("a=ice-ufrag:srv\r\na=ice-pwd:srvpwd\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n"
                + "a=candidate:1 1 udp 2130706431 127.0.0.1 4000 typ host\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                + "a=mid:1\r\n", SdpFragment.ofAnswer(answer));
    }
}
