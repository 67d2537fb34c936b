package org.nereid.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SdpParser;
import org.nereid.media.sdp.SessionDescription;

/** Offer/answer through a real engine on 127.0.0.1 (no peer: nothing is sent). */
public class SfuSessionTest {
    static final MediaEvents QUIET = new MediaEvents() {
        @Override
        public void localCandidate(String id, IceCandidate candidate) {
        }

        @Override
        public void upStreamReady(UpStream stream) {
        }

        @Override
        public void upStreamChanged(UpStream stream) {
        }

        @Override
        public void upStreamPathLost(String id) {
        }

        @Override
        public void downStreamOffer(String id, String sdp) {
        }

        @Override
        public void upStreamClosed(String id) {
        }

        @Override
        public void downStreamClosed(String id, String reason) {
        }
    };

    private Sfu sfu;

    @BeforeEach
    void start() {
        sfu = new Sfu(new MediaConfig(List.of("127.0.0.1"), 0));
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    /** A real offer of Chromium 156 (audio and video), read from the test resources. */
    public static String chromiumOffer() throws Exception {
        try (InputStream in = SfuSessionTest.class.getResourceAsStream("sdp/chromium-156-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private SessionDescription answer(List<String> codecs, String offer) throws Exception {
        MediaSession session = sfu.open("c", codecs, QUIET);
        return SdpParser.parse(session.answerUp("s1", "camera", offer));
    }

    @Test
    void answersChromiumReceiveOnlyWithOneAllowedCodecEach() throws Exception {
        SessionDescription a = answer(List.of("vp8", "opus"), chromiumOffer());
        assertEquals(List.of("0", "1"), a.bundle());
        MediaSection audio = a.media().get(0);
        MediaSection video = a.media().get(1);
        assertEquals("recvonly", audio.direction());
        assertEquals("passive", audio.setup(), "we are the DTLS server, so we choose AES-GCM");
        assertTrue(audio.rtcpMux());
        assertEquals(List.of(111), audio.codecs().stream().map(c -> c.payloadType()).toList());
        assertTrue(audio.codecs().get(0).feedback().isEmpty(), "no transport-cc");
        assertEquals(List.of(96), video.codecs().stream().map(c -> c.payloadType()).toList());
        assertEquals(List.of("goog-remb", "ccm fir", "nack", "nack pli"), video.codecs().get(0).feedback());
        assertEquals(Set.of("urn:ietf:params:rtp-hdrext:sdes:mid", "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
                Set.copyOf(video.extmap().values()));
        assertEquals(4, video.extensionId("urn:ietf:params:rtp-hdrext:sdes:mid"), "the offer's ids are kept");
        assertEquals(1, audio.candidates().size());
        assertTrue(audio.candidates().get(0).contains(" 127.0.0.1 " + sfu.udpPort() + " typ host"));
        assertTrue(audio.candidates().get(0).matches("[0-9]+ 1 udp .*"), "one attribute name, not two: "
                + audio.candidates().get(0));
        assertEquals(95, audio.fingerprint().value().length());
    }

    @Test
    void aPortRangeGivesEachStreamItsOwnPortAndRefusesOnlyTheOneThatFindsNone() throws Exception {
        int first = org.nereid.media.ice.FreePorts.range(2);
        try (Sfu ranged = new Sfu(new MediaConfig(List.of("127.0.0.1"), first, first + 1))) {
            MediaSession alice = ranged.open("alice", List.of("vp8", "opus"), QUIET);
            MediaSession bob = ranged.open("bob", List.of("vp8", "opus"), QUIET);
            int a = candidatePort(alice.answerUp("a1", "camera", chromiumOffer()));
            int b = candidatePort(bob.answerUp("b1", "camera", chromiumOffer()));
            assertEquals(Set.of(first, first + 1), Set.of(a, b));

            MediaSession carol = ranged.open("carol", List.of("vp8", "opus"), QUIET);
            MediaException full = assertThrows(MediaException.class, () -> carol.answerUp("c1", "camera", chromiumOffer()));
            assertTrue(full.getMessage().contains("no free UDP port"), full.getMessage());
            assertTrue(full.getMessage().contains("-udp-range"), full.getMessage());

            alice.closeUp("a1");
            assertEquals(a, candidatePort(carol.answerUp("c1", "camera", chromiumOffer())), "alice's port came back");
            assertEquals(List.of("b1"), bob.upCounts().stream().map(StreamCounts::id).toList(),
                    "bob's stream was not disturbed");
        }
    }

    private static int candidatePort(String answer) throws MediaException {
        List<String> candidates = SdpParser.parse(answer).media().get(0).candidates();
        return Integer.parseInt(candidates.get(0).split(" ")[5]);
    }

    @Test
    void honoursTheGroupsCodecs() throws Exception {
        assertEquals(98, answer(List.of("vp9", "opus"), chromiumOffer()).media().get(1).codecs().get(0).payloadType());
        assertEquals(108, answer(List.of("h264", "opus"), chromiumOffer()).media().get(1).codecs().get(0).payloadType());
        SessionDescription audioOnly = answer(List.of("opus"), chromiumOffer());
        assertEquals(0, audioOnly.media().get(1).port(), "video refused");
        assertEquals(List.of("0"), audioOnly.bundle());
        MediaException e = assertThrows(MediaException.class, () -> answer(List.of("pcmu"), chromiumOffer()
                .replace(" 9 0 8 13", " 13").replace("m=video 9 UDP/TLS/RTP/SAVPF", "m=video 9 UDP/TLS/RTP/SAVPF")));
        assertTrue(e.getMessage().contains("allowed"), e.getMessage());
    }

    @Test
    void answersSimulcastWithOneTrackPerEncoding() throws Exception {
        String offer = chromiumOffer().replace("a=rtcp-rsize\r\na=rtcp-xr:rcvr-rtt=all\r\na=rtpmap:96",
                "a=rtcp-rsize\r\na=rtcp-xr:rcvr-rtt=all\r\na=rid:h send\r\na=rid:l send\r\na=simulcast:send h;l\r\na=rtpmap:96");
        assertTrue(offer.contains("a=rid:h send"));
        MediaSession session = sfu.open("c", List.of(), QUIET);
        SessionDescription a = SdpParser.parse(session.answerUp("s1", "camera", offer));
        MediaSection video = a.media().get(1);
        assertEquals("recv h;l", video.simulcast());
        assertEquals(List.of(new MediaSection.Rid("h", "recv"), new MediaSection.Rid("l", "recv")), video.rids());
    }

    @Test
    void refusesOffersThatAreNotBundledOrMuxed() throws Exception {
        String offer = chromiumOffer();
        MediaException bundle = assertThrows(MediaException.class,
                () -> answer(List.of(), offer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")));
        assertTrue(bundle.getMessage().contains("BUNDLE"), bundle.getMessage());
        MediaException mux = assertThrows(MediaException.class,
                () -> answer(List.of(), offer.replace("a=rtcp-mux\r\n", "")));
        assertTrue(mux.getMessage().contains("rtcp-mux"), mux.getMessage());
    }

    @Test
    void offersTheRequestedKindsSendOnlyAndRenegotiatesChanges() throws Exception {
        MediaSession alice = sfu.open("alice", List.of(), QUIET);
        alice.answerUp("up", "camera", chromiumOffer());
        SfuSession aliceSession = (SfuSession) alice;
        UpStream up = aliceSession.upStream("up");
        assertEquals(Set.of("audio", "video"), up.kinds());

        MediaSession bob = sfu.open("bob", List.of(), QUIET);
        SessionDescription offer = SdpParser.parse(bob.offerDown("down", up, Set.of("audio", "video", "video-low")));
        assertEquals(2, offer.media().size(), "video-low falls back to nothing extra without simulcast");
        MediaSection audio = offer.media().get(0);
        MediaSection video = offer.media().get(1);
        assertEquals("sendonly", video.direction());
        assertEquals("actpass", video.setup());
        assertEquals(96, video.codecs().get(0).payloadType());
        assertEquals(List.of(video.ssrcs().get(0).ssrc()), video.mediaSsrcs(), "one media SSRC, and its RTX");
        assertEquals("up up-video", video.msid());
        assertEquals(111, audio.codecs().get(0).payloadType());

        assertNull(bob.changeDown("down", Set.of("audio", "video")), "nothing to change");
        SessionDescription changed = SdpParser.parse(bob.changeDown("down", Set.of("video")));
        assertEquals(0, changed.media().get(0).port(), "audio stopped");
        assertEquals(List.of("1"), changed.bundle());
        assertNotNull(bob.renegotiateDown("down"));

        MediaException e = assertThrows(MediaException.class, () -> bob.answerDown("down", chromiumOffer()
                .replace("m=video", "m=audio").replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1")
                .substring(0, chromiumOffer().indexOf("m=video"))));
        assertTrue(e.getMessage().contains("media sections"), e.getMessage());
        assertThrows(MediaException.class, () -> bob.answerDown("nothing", "v=0"));
        bob.close();
        alice.close();
        assertThrows(MediaException.class, () -> bob.offerDown("again", up, Set.of("audio")));
    }

    @Test
    void offersRtxBesideVideoAndResendsOnItOnlyWhenTheAnswerKeepsIt() throws Exception {
        MediaSession alice = sfu.open("alice", List.of(), QUIET);
        alice.answerUp("up", "camera", chromiumOffer());
        UpStream up = ((SfuSession) alice).upStream("up");

        MediaSession bob = sfu.open("bob", List.of(), QUIET);
        String offerText = bob.offerDown("down", up, Set.of("audio", "video"));
        SessionDescription offer = SdpParser.parse(offerText);
        MediaSection audio = offer.media().get(0);
        MediaSection video = offer.media().get(1);
        assertEquals(List.of("opus"), audio.codecs().stream().map(c -> c.name()).toList(), "no RTX for audio");
        assertTrue(audio.ssrcGroups().isEmpty());
        assertEquals(List.of("VP8", "rtx"), video.codecs().stream().map(c -> c.name()).toList());
        assertEquals(97, video.codecs().get(1).payloadType());
        assertEquals("96", video.codecs().get(1).fmtpValue("apt"));
        assertEquals(90000, video.codecs().get(1).clockRate());
        assertEquals(1, video.ssrcGroups().size());
        MediaSection.SsrcGroup fid = video.ssrcGroups().get(0);
        assertEquals("FID", fid.semantics());
        assertEquals(List.of(video.ssrcs().get(0).ssrc(), video.ssrcs().get(1).ssrc()), fid.ssrcs(), "media, then RTX");
        assertTrue(offerText.contains("a=ssrc:" + fid.ssrcs().get(1) + " cname:"), offerText);
        assertTrue(offerText.contains("a=ssrc-group:FID " + fid.ssrcs().get(0) + " " + fid.ssrcs().get(1)), offerText);

        bob.answerDown("down", answerTo(offerText, true));
        DownConnection kept = ((SfuSession) bob).down("down");
        assertEquals(List.of(false, true), kept.tracks().stream().map(t -> t.usesRtx()).toList(),
                "the answer kept rtx for video");
        assertEquals(Integer.toUnsignedLong(kept.tracks().get(1).rtxSsrc()), fid.ssrcs().get(1));

        MediaSession carol = sfu.open("carol", List.of(), QUIET);
        String second = carol.offerDown("down", up, Set.of("video"));
        carol.answerDown("down", answerTo(second, false));
        assertEquals(List.of(false), ((SfuSession) carol).down("down").tracks().stream().map(t -> t.usesRtx()).toList(),
                "an answer without rtx: resends on the media SSRC");
        carol.close();
        bob.close();
        alice.close();
    }

    /** A receiver's answer to our offer (no candidates: nothing is sent), with or without rtx. */
    private static String answerTo(String offer, boolean keepRtx) {
        StringBuilder b = new StringBuilder();
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("a=ssrc") || line.startsWith("a=candidate") || line.equals("a=end-of-candidates")
                    || !keepRtx && (line.startsWith("a=rtpmap:97") || line.startsWith("a=fmtp:97"))) {
                continue;
            }
            if (!keepRtx && line.startsWith("m=video")) {
                line = line.replace(" 96 97", " 96");
            }
            b.append(line.replace("a=sendonly", "a=recvonly").replace("a=setup:actpass", "a=setup:active"))
                    .append("\r\n");
        }
        return b.toString();
    }
}
