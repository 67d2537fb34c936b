package org.nereid.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SdpParser;
import org.nereid.media.sdp.SessionDescription;

/**
 * New offers for a live stream, through a real engine on 127.0.0.1 without a peer: what the
 * answers say, which tracks survive, and what signalling is told.
 */
class RenegotiationTest {
    /** What the session reported, as "event id" strings. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<IceCandidate> trickled = new CopyOnWriteArrayList<>();
    private Sfu sfu;

    @BeforeEach
    void start() {
        sfu = new Sfu(new MediaConfig(List.of("127.0.0.1"), 0));
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    private MediaSession open(String client) {
        return sfu.open(client, List.of("vp8", "opus"), new MediaEvents() {
            @Override
            public void localCandidate(String id, IceCandidate candidate) {
                trickled.add(candidate);
            }

            @Override
            public void upStreamReady(UpStream stream) {
                events.add("ready " + stream.id());
            }

            @Override
            public void upStreamChanged(UpStream stream) {
                events.add("changed " + stream.id());
            }

            @Override
            public void upStreamPathLost(String id) {
                events.add("pathLost " + id);
            }

            @Override
            public void downStreamOffer(String id, String sdp) {
                events.add("offer " + id);
            }

            @Override
            public void upStreamClosed(String id) {
                events.add("closed " + id);
            }

            @Override
            public void downStreamClosed(String id, String reason) {
                events.add("downClosed " + id);
            }
        });
    }

    private static String withIce(String sdp, String ufrag, String pwd) {
        return sdp.replace("a=ice-ufrag:jJew", "a=ice-ufrag:" + ufrag)
                .replace("a=ice-pwd:aWOITnxS1i66H4ew3sveGqaC", "a=ice-pwd:" + pwd);
    }

    /** Chromium's offer after removeTrack of its camera: the video section stays, inactive. */
    private static String withoutVideo(String sdp) {
        int video = sdp.indexOf("m=video");
        return sdp.substring(0, video) + sdp.substring(video).replace("a=sendonly", "a=inactive");
    }

    private static String origin(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElseThrow();
    }

    @Test
    void aReofferWithTheSameIceAnswersOnTheSameConnection() throws Exception {
        MediaSession alice = open("alice");
        String offer = SfuSessionTest.chromiumOffer();
        String first = alice.answerUp("cam", "camera", offer);
        UpStream up = ((SfuSession) alice).upStream("cam");
        String second = alice.answerUp("cam", "camera", offer);

        assertSame(up, ((SfuSession) alice).upStream("cam"), "the same stream object");
        assertFalse(events.contains("closed cam"), events.toString());
        MediaSection a1 = SdpParser.parse(first).media().get(0);
        MediaSection a2 = SdpParser.parse(second).media().get(0);
        assertEquals(a1.iceUfrag(), a2.iceUfrag(), "no ICE restart asked, none made");
        assertEquals(a1.icePwd(), a2.icePwd());
        assertEquals(a1.fingerprint(), a2.fingerprint());
        assertEquals(a1.setup(), a2.setup(), "DTLS roles stay");
        String[] o1 = origin(first).split(" ");
        String[] o2 = origin(second).split(" ");
        assertEquals(o1[1], o2[1], "same session id");
        assertEquals(Integer.parseInt(o1[2]) + 1, Integer.parseInt(o2[2]), "the version counts up");
    }

    @Test
    void anIceRestartOfferGetsNewCredentialsOnTheSamePortAndTrickledCandidatesSayTheirUfrag() throws Exception {
        MediaSession alice = open("alice");
        String offer = SfuSessionTest.chromiumOffer();
        SessionDescription first = SdpParser.parse(alice.answerUp("cam", "camera", offer));
        UpConnection up = (UpConnection) ((SfuSession) alice).upStream("cam");
        UpTrackIdentity before = UpTrackIdentity.of(up);

        String restart = alice.answerUp("cam", "camera", withIce(offer, "Zq9x", "Kd0Jm3bq9ZyXwVuTsRqPoNmL"));
        SessionDescription second = SdpParser.parse(restart);
        MediaSection s1 = first.media().get(0);
        MediaSection s2 = second.media().get(0);
        assertNotEquals(s1.iceUfrag(), s2.iceUfrag());
        assertNotEquals(s1.icePwd(), s2.icePwd());
        assertEquals(s1.fingerprint(), s2.fingerprint(), "one DTLS association across the restart");
        assertEquals(s1.candidates(), s2.candidates(), "the same sockets");
        assertFalse(restart.contains("candidate:candidate:"), restart);
        assertTrue(restart.contains("\r\na=candidate:"), restart);
        assertEquals(before, UpTrackIdentity.of(up), "the tracks (and their subscribers) stay");
        assertFalse(events.contains("closed cam"), events.toString());

        long deadline = System.currentTimeMillis() + 5000;
        while (trickled.stream().noneMatch(c -> s2.iceUfrag().equals(c.usernameFragment()))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        IceCandidate c = trickled.stream().filter(t -> s2.iceUfrag().equals(t.usernameFragment())).findFirst()
                .orElseThrow(() -> new AssertionError("no candidate trickled with the new ufrag: " + trickled));
        assertTrue(c.candidate().startsWith("candidate:") && !c.candidate().startsWith("candidate:candidate:"),
                c.candidate());
    }

    @Test
    void removingAndAddingBackATrackChangesTheKindsAndTheReceiversOffers() throws Exception {
        MediaSession alice = open("alice");
        String offer = SfuSessionTest.chromiumOffer();
        alice.answerUp("cam", "camera", offer);
        UpConnection up = (UpConnection) ((SfuSession) alice).upStream("cam");
        Object audio = up.trackFor("audio");

        MediaSession bob = open("bob");
        bob.offerDown("cam", up, Set.of("audio", "video"));

        SessionDescription removed = SdpParser.parse(alice.answerUp("cam", "camera", withoutVideo(offer)));
        assertEquals(0, removed.media().get(1).port(), "the inactive section is answered inactive");
        assertEquals(Set.of("audio"), up.kinds());
        assertSame(audio, up.trackFor("audio"), "audio goes on");
        SessionDescription down = SdpParser.parse(bob.changeDown("cam", Set.of("audio", "video")));
        assertEquals(List.of("0"), down.bundle(), "the receiver's video section ends");
        assertEquals(0, down.media().get(1).port());

        alice.answerUp("cam", "camera", offer);
        assertEquals(Set.of("audio", "video"), up.kinds());
        SessionDescription back = SdpParser.parse(bob.changeDown("cam", Set.of("audio", "video")));
        assertEquals(3, back.media().size(), "a new section for the new video track: " + back.media());
        assertEquals("sendonly", back.media().get(2).direction());
        assertEquals("video", back.media().get(2).kind());
        assertNull(bob.changeDown("cam", Set.of("audio", "video")), "nothing more to change");
        assertFalse(events.contains("closed cam"), events.toString());
        assertFalse(events.contains("downClosed cam"), events.toString());
    }

    @Test
    void candidatesAreTrickledForTheSectionThatCarriesTheBundle() throws Exception {
        MediaSession alice = open("alice");
        String offer = SfuSessionTest.chromiumOffer();
        alice.answerUp("cam", "camera", offer);
        int video = offer.indexOf("m=video");
        String withoutAudio = offer.substring(0, video).replace("a=sendonly", "a=inactive") + offer.substring(video);
        SessionDescription answer = SdpParser.parse(alice.answerUp("cam", "camera", withoutAudio));
        assertEquals(List.of("1"), answer.bundle());
        long deadline = System.currentTimeMillis() + 5000;
        while (trickled.stream().noneMatch(c -> "1".equals(c.sdpMid())) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        IceCandidate c = trickled.stream().filter(t -> "1".equals(t.sdpMid())).findFirst()
                .orElseThrow(() -> new AssertionError("none trickled for the video section: " + trickled));
        assertEquals(1, c.sdpMLineIndex());
        assertEquals(answer.media().get(1).iceUfrag(), c.usernameFragment());
    }

    @Test
    void aReofferThatChangesTheCertificateIsRefusedAndEndsTheStream() throws Exception {
        MediaSession alice = open("alice");
        String offer = SfuSessionTest.chromiumOffer();
        alice.answerUp("cam", "camera", offer);
        MediaException e = assertThrows(MediaException.class,
                () -> alice.answerUp("cam", "camera", offer.replace("7E:5F:B9:97", "7E:5F:B9:98")));
        assertTrue(e.getMessage().contains("certificate"), e.getMessage());
        assertTrue(events.contains("closed cam"), events.toString());
        assertNull(((SfuSession) alice).upStream("cam"));
    }

    @Test
    void aReceiversRenegotiateRestartsIceOnceTheFirstAnswerStartedIt() throws Exception {
        MediaSession alice = open("alice");
        alice.answerUp("cam", "camera", SfuSessionTest.chromiumOffer());
        UpStream up = ((SfuSession) alice).upStream("cam");
        MediaSession bob = open("bob");
        String offer = bob.offerDown("cam", up, Set.of("audio", "video"));
        String ufrag = SdpParser.parse(offer).media().get(0).iceUfrag();
        assertEquals(ufrag, SdpParser.parse(bob.renegotiateDown("cam")).media().get(0).iceUfrag(),
                "nothing to restart before the answer");

        bob.answerDown("cam", answerTo(bob.renegotiateDown("cam"), "bobA"));
        String restarted = bob.renegotiateDown("cam");
        String newUfrag = SdpParser.parse(restarted).media().get(0).iceUfrag();
        assertNotEquals(ufrag, newUfrag, "a new ufrag: an ICE restart");
        assertEquals(newUfrag, SdpParser.parse(bob.renegotiateDown("cam")).media().get(0).iceUfrag(),
                "asking again before the answer keeps the pending restart");
        bob.answerDown("cam", answerTo(restarted, "bobB"));
        assertNotEquals(newUfrag, SdpParser.parse(bob.renegotiateDown("cam")).media().get(0).iceUfrag(),
                "once answered, the next renegotiate restarts again");
        assertFalse(events.contains("downClosed cam"), events.toString());
    }

    /** A browser-like answer to our down offer: receive-only, DTLS client, its own ICE credentials. */
    private static String answerTo(String offer, String ufrag) {
        return offer.replace("a=sendonly", "a=recvonly").replace("a=setup:actpass", "a=setup:active")
                .replaceAll("a=ice-ufrag:[^\r]*", "a=ice-ufrag:" + ufrag)
                .replaceAll("a=ice-pwd:[^\r]*", "a=ice-pwd:" + ufrag + "0123456789abcdefghij")
                .replaceAll("a=candidate:[^\r]*\r\n", "").replace("a=end-of-candidates\r\n", "");
    }

    /** The identity of each track of an up stream, to tell kept from replaced. */
    private record UpTrackIdentity(List<Integer> ids) {
        static UpTrackIdentity of(UpConnection up) {
            return new UpTrackIdentity(List.of(System.identityHashCode(up.trackFor("audio")),
                    System.identityHashCode(up.trackFor("video"))));
        }
    }
}
