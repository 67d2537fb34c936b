package org.nereid.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.media.MediaException;

class SdpParserTest {
    /** An offer captured from Chromium 156 (SfuBrowserIT writes a fresh one to target/chromium-offer.sdp). */
    static String chromiumOffer() throws IOException {
        try (InputStream in = SdpParserTest.class.getResourceAsStream("chromium-156-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsChromiumsOffer() throws Exception {
        SessionDescription sd = SdpParser.parse(chromiumOffer());
        assertEquals(List.of("0", "1"), sd.bundle());
        MediaSection audio = sd.media().get(0);
        MediaSection video = sd.media().get(1);
        assertEquals("audio", audio.kind());
        assertEquals("sendonly", audio.direction());
        assertEquals("actpass", audio.setup());
        assertTrue(audio.rtcpMux());
        assertEquals("sha-256", audio.fingerprint().algorithm());
        assertEquals(95, audio.fingerprint().value().length());
        Codec opus = audio.codecs().get(0);
        assertEquals(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc")), opus);
        assertEquals(1, audio.mediaSsrcs().size());

        assertEquals("1", video.mid());
        assertEquals(audio.iceUfrag(), video.iceUfrag());
        Codec vp8 = video.codecs().get(0);
        assertEquals("VP8", vp8.name());
        assertEquals(96, vp8.payloadType());
        assertTrue(vp8.hasFeedback("nack pli") && vp8.hasFeedback("ccm fir") && vp8.hasFeedback("nack"));
        assertEquals(4, video.extensionId("urn:ietf:params:rtp-hdrext:sdes:mid"));
        assertEquals(10, video.extensionId("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        assertEquals(1, video.mediaSsrcs().size(), "the RTX SSRC of the FID group is not media");
        assertEquals(2, video.ssrcs().size());
        assertTrue(audio.candidates().isEmpty(), "Chromium trickles its candidates");
        assertEquals("rcvr-rtt=all", video.rtcpXr());
        assertTrue(video.receiverRtt());
    }

    @Test
    void rtcpXrIsWrittenAndReadBackAndItsReceiverRttFormatFound() throws Exception {
        MediaSection video = SdpParser.parse(chromiumOffer()).media().get(1);
        assertTrue(SdpWriter.write(SdpParser.parse(chromiumOffer()), 42, 1).contains("\r\na=rtcp-xr:rcvr-rtt=all\r\n"));
        assertTrue(withRtcpXr(video, "stat-summary=loss,dup rcvr-rtt=sender:10000").receiverRtt());
        assertTrue(!withRtcpXr(video, "stat-summary=loss").receiverRtt());
        assertTrue(!withRtcpXr(video, "").receiverRtt());
        String offer = chromiumOffer().replace("a=rtcp-xr:rcvr-rtt=all\r\n", "");
        assertEquals("", SdpParser.parse(offer).media().get(1).rtcpXr());
        assertTrue(!SdpWriter.write(SdpParser.parse(offer), 42, 1).contains("rtcp-xr"));
    }

    private static MediaSection withRtcpXr(MediaSection m, String value) {
        return new MediaSection(m.kind(), m.port(), m.proto(), m.mid(), m.direction(), m.iceUfrag(), m.icePwd(),
                m.fingerprint(), m.setup(), m.rtcpMux(), m.codecs(), m.extmap(), m.ssrcs(), m.ssrcGroups(), m.rids(),
                m.simulcast(), m.msid(), m.candidates(), value);
    }

    @Test
    void writtenThenReadAgainIsTheSame() throws Exception {
        SessionDescription first = SdpParser.parse(chromiumOffer());
        String written = SdpWriter.write(first, 42, 1);
        assertTrue(written.endsWith("\r\n"));
        assertEquals(first, SdpParser.parse(written));
        assertEquals(written, SdpWriter.write(SdpParser.parse(written), 42, 1));
    }

    @Test
    void candidatesAreWrittenWithTheAttributeNameOnceAndReadBackTheSame() throws Exception {
        String value = "1 1 udp 2130706431 127.0.0.1 40000 typ host generation 0";
        String offer = chromiumOffer().replace("a=mid:0\r\n", "a=mid:0\r\na=candidate:" + value + "\r\n");
        MediaSection audio = SdpParser.parse(offer).media().get(0);
        assertEquals(List.of(value), audio.candidates(), "held without the attribute name");
        String written = SdpWriter.write(SdpParser.parse(offer), 42, 1);
        assertTrue(written.contains("\r\na=candidate:" + value + "\r\na=end-of-candidates\r\n"), written);
        assertTrue(!written.contains("candidate:candidate:"), written);
    }

    @Test
    void matchesOfferedCodecsToGalenesPayloadTypes() throws Exception {
        List<Codec> offered = SdpParser.parse(chromiumOffer()).media().get(1).codecs();
        assertEquals(List.of(108), matching(offered, "h264"), "only packetization-mode=1 with 42e0");
        assertEquals(List.of(98, 100), matching(offered, "vp9"));
        assertEquals(List.of(96), matching(offered, "vp8"));
        assertEquals(List.of(45), matching(offered, "av1"));
        assertEquals(98, Codecs.match(offered.stream().filter(c -> c.payloadType() == 98).findFirst().orElseThrow(),
                Codecs.allowed(List.of("vp9"))).payloadType());
        assertEquals(100, Codecs.match(offered.stream().filter(c -> c.payloadType() == 100).findFirst().orElseThrow(),
                Codecs.allowed(List.of("vp9"))).payloadType());
    }

    private static List<Integer> matching(List<Codec> offered, String name) {
        List<Codec> allowed = Codecs.allowed(List.of(name));
        return offered.stream().filter(c -> Codecs.match(c, allowed) != null).map(Codec::payloadType).toList();
    }

    @Test
    void groupCodecListsFollowGalene() {
        assertEquals(List.of(96, 111), Codecs.allowed(null).stream().map(Codec::payloadType).toList());
        assertEquals(List.of(108, 9, 0, 8), Codecs.allowed(List.of("h264", "g722", "pcmu", "pcma", "nonsense"))
                .stream().map(Codec::payloadType).toList());
        assertEquals(Codecs.VIDEO_FEEDBACK, Codecs.allowed(List.of("vp8")).get(0).feedback());
        assertTrue(Codecs.allowed(List.of("opus")).get(0).feedback().isEmpty());
    }

    @Test
    void refusesMalformedDescriptionsWithASentence() throws Exception {
        String offer = chromiumOffer();
        assertMessage("", "empty");
        assertMessage("hello", "not SDP");
        assertMessage(offer.replace("a=ice-ufrag:", "a=x-ufrag:"), "ice-ufrag");
        assertMessage(offer.replace("a=fingerprint:", "a=x-fingerprint:"), "fingerprint");
        assertMessage(offer.replace("a=rtpmap:96 VP8/90000", "a=x:96"), "Payload type 96");
        assertMessage(offer.replace("m=audio 9 ", "m=audio nine "), "not a number");
        assertMessage(offer.replace("a=mid:1", "a=x:1"), "a=mid");
        assertMessage(offer.replace("a=ssrc:", "a=ssrc:abc"), "SSRC");
        assertMessage("v=0\r\nx\r\n", "x=value");
        assertMessage("v=0\r\ns=-\r\n", "no media");
    }

    private static void assertMessage(String sdp, String part) {
        MediaException e = assertThrows(MediaException.class, () -> SdpParser.parse(sdp));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().endsWith(".") || e.getMessage().endsWith("\"."), e.getMessage());
    }
}
