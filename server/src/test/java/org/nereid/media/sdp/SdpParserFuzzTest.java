package org.nereid.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.nereid.fuzz.FuzzTarget;
import org.nereid.media.MediaException;

/** Offers and answers from clients: refused with a sentence naming what is wrong, or read. */
class SdpParserFuzzTest {
    @FuzzTest(maxDuration = "2s")
    @DictionaryEntries({"\\x0D\\x0A", "v=0", "m=audio ", "m=video ", "m=application ", "a=mid:", "a=rtpmap:", "a=fmtp:",
            "a=rtcp-fb:", "a=extmap:", "a=ssrc:", "a=ssrc-group:FID ", "a=simulcast:", "a=rid:", "a=group:BUNDLE ",
            "a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:sha-256 ", "a=setup:", "a=rtcp-mux", "a=candidate:",
            "a=sendonly", "a=recvonly", "a=inactive", " UDP/TLS/RTP/SAVPF ", "VP8/90000", "opus/48000/2",
            "H264/90000", "profile-level-id=", "apt=", "4294967296", "-1"})
    void readsOrRefuses(byte[] input) {
        FuzzTarget.check(input, () -> {
            SessionDescription read = SdpParser.parse(new String(input, StandardCharsets.UTF_8));
            assertEquals(read.media().size(), SdpParser.parse(SdpWriter.write(read, 1, 1)).media().size());
        }, MediaException.class);
    }
}
