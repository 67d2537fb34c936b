package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nereid.auth.JoinDecision;
import org.nereid.group.GroupHosts;
import org.nereid.group.GroupRegistry;
import org.nereid.group.GroupRules;
import org.nereid.group.MemberInfo;
import org.nereid.group.MutableClock;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who receives which stream: signalling's part of media, with the SFU replaced by a stand-in. */
class StreamRoutingTest {

    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final SignalService service = new SignalService(
            new GroupRegistry(name -> Optional.of(GroupRules.defaults()),
                    new MutableClock(Instant.parse("2026-06-01T10:00:00Z"))),
            (group, c) -> new JoinDecision.Granted(c.username(),
                    c.username().equals("op") ? List.of("op", "present", "message") : List.of("present", "message"),
                    JoinDecision.Method.PASSWORD, null),
            null, engine, SignalLimits.defaults(), ProtocolClient.JSON::createObjectNode,
            new MutableClock(Instant.parse("2026-06-01T10:00:00Z")));

    @AfterEach
    void stop() {
        service.close();
    }

    private InMemoryClient join(String id, String username) {
        InMemoryClient c = new InMemoryClient(service, id);
        c.handshake();
        c.joinOk("g", username, "");
        return c;
    }

    private static JsonNode offer(String id, String label) {
        return ProtocolClient.msg("offer", "id", id, "label", label, "sdp", "v=0 offer");
    }

    @Test
    void receiversGetWhatTheyRequestAndLoseItWhenThePublisherStops() {
        InMemoryClient pub = join("P", "op");
        InMemoryClient rec = join("R", "rita");
        pub.send(offer("s1", "camera"));
        assertEquals("v=0 answer s1", pub.expect("answer").get("sdp").asText());
        assertEquals("s1", pub.expect("ice").get("id").asText());

        rec.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio", "video"))));
        JsonNode o = rec.expect("offer");
        assertEquals("s1", o.get("id").asText());
        assertEquals("camera", o.get("label").asText());
        assertEquals("P", o.get("source").asText());
        assertEquals("op", o.get("username").asText());
        rec.send(ProtocolClient.msg("answer", "id", "s1", "sdp", "v=0 answer"));
        rec.sync();
        assertTrue(engine.calls.contains("R offerDown s1 [audio, video]"));
        assertTrue(engine.calls.contains("R answerDown s1"));

        rec.send(ProtocolClient.msg("requestStream", "id", "s1", "request", List.of("audio")));
        assertEquals("v=0 reoffer s1", rec.expect("offer").get("sdp").asText());

        pub.send(ProtocolClient.msg("close", "id", "s1"));
        assertEquals("s1", rec.expect("close").get("id").asText());
    }

    @Test
    void aStreamFromAHelpingNodesMemberGoesToEveryoneButTheRelayBackToThatNode() {
        // at a cascade's hosting node: the stand-in of a member at node B publishes what B relays up
        InMemoryClient standIn = new InMemoryClient(service, "M", new MemberInfo("late", List.of("present"), null), "B");
        standIn.handshake();
        standIn.joinOk("g", "late", null);
        InMemoryClient toB = relay("relay to B", "B");
        InMemoryClient toC = relay("relay to C", "C");
        InMemoryClient here = join("R", "rita");
        here.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio", "video"))));
        here.sync();
        standIn.send(offer("s1", "camera"));
        assertEquals("v=0 answer s1", standIn.expect("answer").get("sdp").asText());

        for (InMemoryClient receiver : List.of(toC, here)) {
            JsonNode o = receiver.expect("offer");
            assertEquals("s1", o.get("id").asText());
            assertEquals("M", o.get("source").asText(), "the member's stream, by its id");
            assertEquals("late", o.get("username").asText());
        }
        standIn.sync(); // the stream's fan-out is queued to every receiver by now
        toB.assertNoneOf("offer"); // B's receivers have it from B itself
        assertTrue(engine.calls.stream().noneMatch(c -> c.startsWith("B1 offerDown")), engine.calls::toString);

        // a publisher here goes to every node, B included
        InMemoryClient pub = join("P", "op");
        pub.send(offer("s2", "camera"));
        assertEquals("s2", toB.expect("offer").get("id").asText());
    }

    /** This node mirrors group g for another node; what its members send to the host is returned. */
    private List<String> mirrorHere() {
        service.registry().hostedBy(new GroupHosts() {
            @Override
            public Optional<String> hostedElsewhere(String group) {
                return Optional.empty();
            }

            @Override
            public boolean mirrors(String group) {
                return true;
            }
        });
        List<String> toHost = new CopyOnWriteArrayList<>();
        service.relayMembersTo(new HostLink() {
            @Override
            public void joined(String group, String id, MemberInfo info) {
                toHost.add("joined " + id);
            }

            @Override
            public void message(String group, String id, String text) {
                toHost.add(text);
            }

            @Override
            public void left(String group, String id) {
                toHost.add("left " + id);
            }
        });
        return toHost;
    }

    /** A member joined at this (helping) node, admitted by the host. */
    private InMemoryClient memberHere(String id, List<String> toHost) {
        InMemoryClient member = new InMemoryClient(service, id);
        member.handshake();
        member.send(ProtocolClient.msg("join", "kind", "join", "group", "g", "username", "late", "password", ""));
        member.sync();
        assertTrue(toHost.contains("joined " + id), toHost::toString);
        service.fromHost("g", id, ProtocolClient.msg("joined", "kind", "join", "group", "g", "username", "late",
                "permissions", List.of("present", "message")).toString());
        member.expect("joined", "join");
        return member;
    }

    @Test
    void aMemberAtAHelpingNodePublishesThereAndStopsWhenItsHostTakesPresentAway() {
        InMemoryClient member = memberHere("M", mirrorHere());

        member.send(offer("s1", "camera")); // answered here, as any publisher's: the mirror relays it up
        assertEquals("v=0 answer s1", member.expect("answer").get("sdp").asText());

        service.fromHost("g", "M", ProtocolClient.msg("joined", "kind", "change", "group", "g", "username", "late",
                "permissions", List.of("message")).toString());
        member.expect("joined", "change");
        assertEquals("s1", member.expect("abort").get("id").asText());
        assertTrue(engine.calls.contains("M closeUp s1"), engine.calls::toString);
    }

    @Test
    void aMemberAtAHelpingNodeIsClosedWithItsHostsCodeWhenThatAsksThePageToComeBack() {
        List<String> toHost = mirrorHere();
        InMemoryClient restarted = memberHere("M1", toHost);
        InMemoryClient kicked = memberHere("M2", toHost);
        InMemoryClient other = memberHere("M3", toHost);

        service.hostClosed("g", "M1", 1012); // the host stopping: its members come back elsewhere
        service.hostClosed("g", "M2", 1000); // an operator's kick: stays out
        service.hostClosed("g", "M3", 4000); // no other code of the host's means anything here
        assertEquals(1012, restarted.expect("<closed>").get("code").asInt());
        assertEquals(1000, kicked.expect("<closed>").get("code").asInt());
        assertEquals(1000, other.expect("<closed>").get("code").asInt());
    }

    @Test
    void aStreamGoesBackToNoNodeItCameFrom() {
        assertTrue(Streams.backToOrigin("B", "B"));
        assertFalse(Streams.backToOrigin("C", "B"), "to another helping node");
        assertFalse(Streams.backToOrigin(null, "B"), "to a client here");
        assertFalse(Streams.backToOrigin("B", null), "a stream published here");
        assertFalse(Streams.backToOrigin(null, null));
    }

    private InMemoryClient relay(String name, String node) {
        InMemoryClient r = new InMemoryClient(service, name.equals("relay to B") ? "B1" : "C1",
                new MemberInfo(name, List.of(), null), node);
        r.handshake();
        r.joinOk("g", name, null);
        r.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio", "video"))));
        r.sync();
        return r;
    }

    @Test
    void aReofferRenegotiatesInPlaceAndTheEnginesRestartsReachTheClients() {
        InMemoryClient pub = join("P", "op");
        InMemoryClient rec = join("R", "rita");
        rec.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio", "video"))));
        rec.sync();
        pub.send(offer("s1", "camera"));
        pub.expect("answer");
        rec.expect("offer");

        // the same id again (an ICE restart, a track added): answered, nothing closed
        pub.send(offer("s1", "camera"));
        assertEquals("v=0 answer s1", pub.expect("answer").get("sdp").asText());
        pub.assertNoneOf("abort");
        rec.assertNoneOf("close");
        assertTrue(!engine.calls.contains("P closeUp s1"), engine.calls.toString());

        // the engine says the tracks changed: each receiver gets a new offer for the same id
        engine.events.get("P").upStreamChanged(engine.streams.get("s1"));
        assertEquals("v=0 reoffer s1", rec.expect("offer").get("sdp").asText());
        // it lost the publisher's path: the publisher is asked to restart ICE (Galène's renegotiate)
        engine.events.get("P").upStreamPathLost("s1");
        assertEquals("s1", pub.expect("renegotiate").get("id").asText());
        // it restarted ICE towards the receiver: its offer goes out as is
        engine.events.get("R").downStreamOffer("s1", "v=0 restart");
        JsonNode restart = rec.expect("offer");
        assertEquals("v=0 restart", restart.get("sdp").asText());
        assertEquals("P", restart.get("source").asText());

        // a re-offer the engine refuses ends the stream for everybody
        pub.send(ProtocolClient.msg("offer", "id", "s1", "label", "camera", "sdp", "garbage"));
        assertEquals("s1", pub.expect("abort").get("id").asText());
        assertEquals("s1", rec.expect("close").get("id").asText());
    }

    @Test
    void streamsPublishedLaterAreOfferedToThoseWhoAsked() {
        InMemoryClient rec = join("R", "rita");
        rec.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio", "video-low"))));
        rec.sync();
        InMemoryClient pub = join("P", "op");
        pub.send(offer("s2", "simulcast"));
        assertEquals("s2", rec.expect("offer").get("id").asText());
        rec.sync();
        assertTrue(engine.calls.contains("R offerDown s2 [audio, video-low]"));

        rec.send(ProtocolClient.msg("request", "request", Map.of()));
        assertEquals("s2", rec.expect("close").get("id").asText());
        pub.close();
        rec.assertNoneOf("offer");
    }

    @Test
    void losingPresentAbortsTheStreamsAndLeavingClosesThemForOthers() {
        InMemoryClient op = join("O", "op");
        InMemoryClient pub = join("P", "paul");
        InMemoryClient rec = join("R", "rita");
        rec.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio"))));
        rec.sync();
        pub.send(offer("s3", "camera"));
        rec.expect("offer");
        op.send(ProtocolClient.msg("useraction", "kind", "unpresent", "dest", "P"));
        assertEquals("s3", pub.expect("abort").get("id").asText());
        assertTrue(pub.expectError().contains("no longer allowed"));
        assertEquals("s3", rec.expect("close").get("id").asText());
        pub.send(offer("s4", "camera"));
        assertEquals("s4", pub.expect("abort").get("id").asText());
        assertTrue(pub.expectError().contains("not allowed to send audio"));

        op.send(offer("s5", "camera"));
        rec.expect("offer");
        op.close();
        assertEquals("s5", rec.expect("close").get("id").asText());
    }

    @Test
    void aRefusedOfferIsAbortedWithTheEnginesSentence() {
        InMemoryClient pub = join("P", "op");
        pub.send(ProtocolClient.msg("offer", "id", "bad", "label", "camera", "sdp", "garbage"));
        assertEquals("bad", pub.expect("abort").get("id").asText());
        assertTrue(pub.expectError().contains("not SDP"));
    }

    @Test
    void aRequestSentBeforeJoiningAppliesOnceJoined() {
        InMemoryClient pub = join("P", "op");
        pub.send(offer("s6", "camera"));
        pub.expect("answer");
        InMemoryClient rec = new InMemoryClient(service, "R");
        rec.handshake();
        rec.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio"))));
        rec.joinOk("g", "rita", "");
        assertEquals("s6", rec.expect("offer").get("id").asText());
    }
}
