package org.nereid.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.media.SfuSessionTest.chromiumOffer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nereid.invite.InvitationFixture;
import org.nereid.signal.ProtocolClient;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.RawWebSocket;

/**
 * Issue 18's protocol abuse from clients of the signalling WebSocket, on one server with the
 * real SFU for the whole class, while two honest members chat throughout: messages out of
 * place or of the wrong shape, other clients' ids, offers and candidates that make no sense,
 * oversize messages, floods and a reader that stops. Each gets a sentence or its own
 * disconnection; the honest members lose nothing.
 */
class ProtocolAbuseIT {
    @RegisterExtension
    static final InvitationFixture f = new InvitationFixture().withMedia();
    static HonestChat honest;

    @BeforeAll
    static void honestMembers() throws Exception {
        honest = new HonestChat(f);
    }

    @AfterEach
    void nothingLost() {
        honest.assertNothingLost();
    }

    static JsonNode offer(ProtocolClient c, String id, String sdp) {
        c.send(ProtocolClient.msg("offer", "id", id, "label", "camera", "source", c.id, "sdp", sdp));
        return c.expect(n -> id.equals(n.path("id").asText())
                && List.of("answer", "abort").contains(n.path("type").asText()), "answer or abort of " + id);
    }

    @Test
    void anOfferOfThreeHundredMediaSectionsIsRefusedWithItsSentence() throws Exception {
        WebSocketClient carrot = f.member("city-watch", "carrot", "angua");
        String sdp = chromiumOffer();
        String head = sdp.substring(0, sdp.indexOf("m=audio"));
        String audio = sdp.substring(sdp.indexOf("m=audio"), sdp.indexOf("m=video"));
        StringBuilder sections = new StringBuilder();
        StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
        for (int i = 0; i < 300; i++) {
            sections.append(audio.replace("a=mid:0", "a=mid:" + i));
            bundle.append(' ').append(i);
        }
        String many = head.replace("a=group:BUNDLE 0 1", bundle) + sections;
        JsonNode refused = offer(carrot, "many", many);
        assertEquals("abort", refused.path("type").asText(), "the offer was answered");
        String sentence = carrot.expectError();
        assertTrue(sentence.contains("300 media sections"), sentence);
        honest.say();
        assertEquals("answer", offer(carrot, "camera", sdp).path("type").asText(), "an honest offer after it");
        honest.say();
    }
    /** Each message before joining gets its refusal; none reaches the group or changes it. */
    @Test
    void messagesBeforeJoiningChangeNothing() throws Exception {
        WebSocketClient observer = f.member("city-watch", "carrot", "angua");
        WebSocketClient early = f.client("early");
        early.send(ProtocolClient.msg("chat", "source", early.id, "value", "early chat"));
        early.send(ProtocolClient.msg("useraction", "kind", "kick", "source", early.id, "dest", observer.id));
        early.send(ProtocolClient.msg("groupaction", "kind", "lock", "source", early.id, "value", "locked early"));
        early.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio", "video"))));
        early.send(ProtocolClient.msg("answer", "id", "nothing", "sdp", "v=0"));
        early.send(ProtocolClient.msg("ice", "id", "nothing", "candidate", Map.of("candidate", "x")));
        assertEquals("abort", offer(early, "early-stream", chromiumOffer()).path("type").asText());
        assertStillConnected(early);
        honest.say();
        for (JsonNode n : observer.sync()) {
            assertFalse(n.toString().contains("early"), "reached a member: " + n);
        }
        assertEquals("join", f.client("later").join("city-watch", "carrot", "angua").path("kind").asText(),
                "the group was locked from outside");
    }

    /** Not JSON, the wrong shapes, unknown types, deep nesting: an error each, and the client stays. */
    @Test
    void malformedMessagesGetAnErrorEach() throws Exception {
        WebSocketClient c = f.member("city-watch", "carrot", "angua");
        for (String text : new String[] {"not json", "[]", "{}", "{\"type\":42}", "{\"type\":\"frobnicate\"}",
                "{\"type\":\"chat\",\"value\":{\"deep\":[1,2]}}", "{\"type\":\"join\",\"kind\":[]}",
                "[".repeat(100_000), "{\"type\":\"chat\",\"source\":" + "[".repeat(5000) + "}"}) {
            c.sendText(text);
            honest.say();
        }
        assertStillConnected(c);
    }

    /** Other clients' ids: forged sources are replaced, kicks without the permission refused, foreign streams untouched. */
    @Test
    void anotherClientsIdGivesNoPower() throws Exception {
        WebSocketClient victim = f.member("city-watch", "carrot", "angua");
        WebSocketClient attacker = f.member("city-watch", "carrot", "angua");
        assertEquals("answer", offer(victim, "victim-camera", chromiumOffer()).path("type").asText());
        attacker.send(ProtocolClient.msg("chat", "source", victim.id, "username", "vimes", "value", "forged"));
        attacker.send(ProtocolClient.msg("useraction", "kind", "kick", "source", attacker.id, "dest", victim.id));
        attacker.send(ProtocolClient.msg("close", "id", "victim-camera"));
        attacker.send(ProtocolClient.msg("abort", "id", "victim-camera"));
        attacker.send(ProtocolClient.msg("answer", "id", "victim-camera", "sdp", "v=0"));
        List<String> errors = attacker.sync().stream().filter(n -> n.path("kind").asText().equals("error"))
                .map(n -> n.path("value").asText()).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("only operators")), "the kick: " + errors);
        assertTrue(errors.stream().anyMatch(e -> e.contains("claims to come from another client")), "the chat: " + errors);
        for (JsonNode n : victim.sync()) {
            assertFalse(List.of("<closed>", "close", "abort").contains(n.path("type").asText()), "the victim got " + n);
            if ("forged".equals(n.path("value").asText())) { // refused, or delivered as the attacker's
                assertEquals(attacker.id, n.path("source").asText());
                assertEquals("carrot", n.path("username").asText());
            }
        }
        honest.say();
    }

    /** Answers and candidates for streams that do not exist, candidates that are not candidates. */
    @Test
    void answersAndCandidatesThatMakeNoSenseAreHarmless() throws Exception {
        WebSocketClient c = f.member("city-watch", "carrot", "angua");
        c.send(ProtocolClient.msg("answer", "id", "no-such-stream", "sdp", "v=0\r\n"));
        assertEquals("no-such-stream", c.expect("close").path("id").asText());
        assertEquals("answer", offer(c, "mine", chromiumOffer()).path("type").asText());
        for (Object candidate : new Object[] {Map.of("candidate", "candidate:garbage"), Map.of("candidate", ""),
                Map.of("candidate", "candidate:1 1 udp 1 8.8.8.8 0 typ host"), Map.of("sdpMid", 7),
                Map.of("candidate", "x".repeat(200_000)), "not an object", List.of(1, 2)}) {
            c.send(ProtocolClient.msg("ice", "id", "mine", "candidate", candidate));
            c.send(ProtocolClient.msg("ice", "id", "no-such-stream", "candidate", candidate));
        }
        assertStillConnected(c);
        honest.say();
    }

    /** Between the signalling limit and twice it: a sentence; above: Close 1009 for that client alone. */
    @Test
    void oversizeMessagesAreRefused() throws Exception {
        WebSocketClient c = f.member("city-watch", "carrot", "angua");
        c.chat("m".repeat(1_500_000));
        assertTrue(c.expectError().contains("larger than"));
        assertStillConnected(c);
        honest.say();
        c.chat("m".repeat(2_500_000));
        c.expectClosed();
        assertEquals(1009, c.closeCode());
        honest.say();
    }

    /** A chat flood reaches the group at the rate limit, no faster; the flooder is told. */
    @Test
    void aChatFloodIsBounded() throws Exception {
        WebSocketClient observer = f.member("city-watch", "carrot", "angua");
        WebSocketClient flooder = f.member("city-watch", "carrot", "angua");
        long start = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            flooder.chat("flood " + i);
            if (i % 200 == 0) {
                honest.say();
            }
        }
        assertTrue(flooder.expectError().contains("too fast"));
        Thread.sleep(1000); // the flooder's own ping would be dropped too, before the rate refills
        double seconds = (System.nanoTime() - start) / 1e9;
        long delivered = observer.sync().stream().filter(n -> n.path("value").asText().startsWith("flood ")).count();
        // burst 200, then 50 a second (SignalLimits.defaults); the flooder's handshake and join took
        // two of the burst, and a flood sent within 40 ms of them finds no token refilled
        assertTrue(delivered <= 200 + 50 * (seconds + 1), delivered + " flood messages in " + seconds + " s");
        assertTrue(delivered >= 200 - 2, "the burst was not delivered: " + delivered);
    }

    /** Forty clients joining and leaving at once, three times each: all answered, the others unaffected. */
    @Test
    void aJoinFloodIsServedWithoutHurtingOthers() throws Exception {
        List<WebSocketClient> crowd = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            crowd.add(f.client("crowd-" + i));
        }
        for (int round = 0; round < 3; round++) {
            crowd.parallelStream().forEach(c -> {
                assertEquals("join", c.join("city-watch", "carrot", "angua").path("kind").asText());
                c.send(ProtocolClient.msg("join", "kind", "leave", "group", "city-watch"));
                c.expect("joined", "leave");
            });
            honest.say();
        }
    }

    /** A member that stops reading is dropped once its outbox holds too much; the sender and the others go on. */
    @Test
    void aReaderThatStopsIsDropped() throws Exception {
        WebSocketClient observer = f.member("city-watch", "carrot", "angua");
        WebSocketClient sender = f.member("city-watch", "carrot", "angua");
        try (RawWebSocket slow = RawWebSocket.open(f.server().nereid.port())) {
            slow.sendText("{\"type\":\"handshake\",\"version\":[\"2\"],\"id\":\"slow-reader\"}");
            slow.sendText("{\"type\":\"join\",\"kind\":\"join\",\"group\":\"city-watch\","
                    + "\"username\":\"carrot\",\"password\":\"angua\"}");
            observer.expect(n -> n.path("type").asText().equals("user") && n.path("kind").asText().equals("add")
                    && n.path("id").asText().equals("slow-reader"), "slow-reader joins");
            String big = "s".repeat(900_000);
            for (int i = 0; i < 40; i++) {
                sender.send(ProtocolClient.msg("chat", "source", sender.id, "dest", "slow-reader", "value", big));
                honest.say();
            }
            observer.expect(n -> n.path("type").asText().equals("user") && n.path("kind").asText().equals("delete")
                    && n.path("id").asText().equals("slow-reader"), "slow-reader dropped");
        }
        assertStillConnected(sender);
    }

    private static void assertStillConnected(WebSocketClient c) {
        c.sync();
        assertEquals(-1, c.closeCode(), "the server closed the connection");
    }
}
