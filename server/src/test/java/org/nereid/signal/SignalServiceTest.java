package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nereid.auth.JoinDecision;
import org.nereid.group.GroupRegistry;
import org.nereid.group.GroupRules;
import org.nereid.group.MemberInfo;
import org.nereid.group.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol logic without a socket: a real {@link SignalService} and
 * {@link GroupRegistry}, with an authoriser that knows two users.
 */
class SignalServiceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final Map<String, GroupRules> files = new ConcurrentHashMap<>(Map.of("g", GroupRules.defaults()));
    private final JoinAuthoriser authoriser = (group, c) -> {
        if (c.username() == null) {
            return new JoinDecision.Refused("need-username", "username required");
        }
        return switch (c.username()) {
            case "alice" -> "pw".equals(c.password())
                    ? new JoinDecision.Granted("alice", List.of("op", "present", "message", "caption", "token"),
                            JoinDecision.Method.PASSWORD, null)
                    : new JoinDecision.Refused(JoinDecision.NOT_AUTHORISED, "not authorised");
            default -> new JoinDecision.Granted(c.username(), List.of("present", "message"),
                    JoinDecision.Method.PASSWORD, null);
        };
    };
    private SignalService service = start(SignalLimits.defaults());

    private SignalService start(SignalLimits limits) {
        GroupRegistry registry = new GroupRegistry(name -> Optional.ofNullable(files.get(name)), clock);
        return new SignalService(registry, authoriser, null, null, limits,
                () -> ProtocolClient.JSON.createObjectNode().set("iceServers", ProtocolClient.JSON.createArrayNode()),
                clock);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private InMemoryClient client(String id) {
        InMemoryClient c = new InMemoryClient(service, id);
        c.handshake();
        return c;
    }

    @Test
    void onlyAClusterRelayJoinsWithoutCredentialsAndWhereTheGroupIsHostedElsewhere() {
        service.registry().hostedBy(group -> Optional.of("http://other-node/group/g/"));
        InMemoryClient socket = client("S");
        assertEquals("redirect", socket.join("g", "alice", "pw").path("kind").asText());
        InMemoryClient relay = new InMemoryClient(service, "R", new MemberInfo("relay from B", List.of("present"), null));
        relay.handshake();
        JsonNode joined = relay.joinOk("g", "alice", null);
        assertEquals("relay from B", joined.get("username").asText(), "the identity its node gave, not the one asked");
        assertEquals(List.of("present"), ProtocolClient.strings(joined.get("permissions")));
        assertEquals(1, service.registry().clientCount("g"));
    }

    @Test
    void twoClientsJoinAndSeeEachOther() {
        InMemoryClient a = client("A");
        JsonNode joined = a.joinOk("g", "alice", "pw");
        assertEquals("alice", joined.get("username").asText());
        assertTrue(ProtocolClient.strings(joined.get("permissions")).contains("op"));
        assertEquals("g", joined.at("/status/name").asText());
        assertTrue(joined.has("rtcConfiguration"));
        a.expect(n -> n.path("type").asText().equals("user") && n.path("id").asText().equals("A"), "self");
        InMemoryClient b = client("B");
        b.joinOk("g", "bob", "");
        b.expect(n -> n.path("type").asText().equals("user") && n.path("id").asText().equals("A"), "alice");
        JsonNode bob = a.expect("user", "add");
        assertEquals("B", bob.get("id").asText());
        assertEquals("bob", bob.get("username").asText());
        b.send(ProtocolClient.msg("join", "kind", "leave", "group", "g"));
        b.expect("joined", "leave");
        assertEquals("B", a.expect("user", "delete").get("id").asText());
    }

    @Test
    void refusalsCarryGaleneErrorIdentifiers() {
        InMemoryClient a = client("A");
        JsonNode fail = a.join("g", null, null);
        assertEquals("fail", fail.get("kind").asText());
        assertEquals("need-username", fail.get("error").asText());
        assertEquals("not authorised", a.join("g", "alice", "wrong").get("value").asText());
        assertEquals("group does not exist", a.join("nope", "bob", "").get("value").asText());
    }

    @Test
    void chatIsStampedByTheServerAndForgeriesAreRefused() {
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        InMemoryClient b = client("B");
        b.joinOk("g", "bob", "");
        a.send(ProtocolClient.msg("chat", "value", "hi", "privileged", false, "time", "1999-01-01T00:00:00Z"));
        JsonNode got = b.expect("chat");
        assertEquals("A", got.get("source").asText());
        assertEquals("alice", got.get("username").asText());
        assertTrue(got.get("privileged").asBoolean());
        assertEquals("2026-06-01T10:00:00Z", got.get("time").asText());
        assertFalse(got.get("id").asText().isEmpty());
        assertEquals("hi", a.expect("chat").get("value").asText(), "the sender gets its echo");

        b.send(ProtocolClient.msg("chat", "source", "A", "value", "I am alice"));
        assertTrue(b.expectError().contains("another client"));
        b.send(ProtocolClient.msg("chat", "username", "alice", "value", "I am alice"));
        assertTrue(b.expectError().contains("not yours"));
        a.assertNoneOf("chat");
    }

    @Test
    void privateChatReachesOnlyItsDestination() {
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        InMemoryClient b = client("B");
        b.joinOk("g", "bob", "");
        InMemoryClient c = client("C");
        c.joinOk("g", "carol", "");
        a.send(ProtocolClient.msg("chat", "dest", "B", "value", "psst"));
        assertEquals("psst", b.expect("chat").get("value").asText());
        c.assertNoneOf("chat");
        a.assertNoneOf("chat");
        a.send(ProtocolClient.msg("chat", "dest", "nobody", "value", "psst"));
        assertTrue(a.expectError().contains("no user nobody"));
    }

    @Test
    void lateJoinersGetTheHistoryUntilItExpires() {
        files.put("g", GroupRules.defaults().withHistoryAge(Duration.ofMinutes(10)));
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        a.chat("first");
        a.send(ProtocolClient.msg("chat", "dest", "A", "value", "private, not kept"));
        a.sync();
        InMemoryClient b = client("B");
        b.joinOk("g", "bob", "");
        JsonNode h = b.expect("chathistory");
        assertEquals("first", h.get("value").asText());
        assertEquals("alice", h.get("username").asText());
        b.assertNoneOf("chathistory");
        clock.advance(Duration.ofMinutes(11));
        InMemoryClient c = client("C");
        c.joinOk("g", "carol", "");
        c.assertNoneOf("chathistory");
    }

    @Test
    void badInputGetsAClearErrorAndTheClientStays() {
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        a.sendText("{not json");
        assertTrue(a.expectError().contains("not valid JSON"));
        a.send(ProtocolClient.msg("frobnicate"));
        assertTrue(a.expectError().contains("frobnicate"));
        a.send(ProtocolClient.msg("chat", "value", "x", "dest", 12));
        assertTrue(a.expectError().contains("\"dest\" must be a string"));
        a.send(ProtocolClient.msg("useraction", "kind", "explode", "dest", "A"));
        assertTrue(a.expectError().contains("explode"));
        a.chat("still here");
        assertEquals("still here", a.expect("chat").get("value").asText());
    }

    @Test
    void oversizedMessagesAndFloodsAreRefused() {
        service.close();
        service = start(SignalLimits.defaults().withMaxMessageBytes(1000).withRate(20, 1));
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        a.chat("x".repeat(2000));
        assertTrue(a.expectError().contains("larger than 1000 bytes"));
        for (int i = 0; i < 40; i++) {
            a.chat("flood " + i);
        }
        assertTrue(a.expectError().contains("too fast"));
    }

    @Test
    void wrongHandshakesAreRefused() {
        InMemoryClient a = new InMemoryClient(service, "A");
        a.send(ProtocolClient.msg("handshake", "version", List.of("1"), "id", "A"));
        assertTrue(a.expectError().contains("version"));
        a.expectClosed();
        InMemoryClient b = new InMemoryClient(service, "B");
        b.send(ProtocolClient.msg("join", "kind", "join", "group", "g"));
        b.expectClosed();
        assertEquals(1002, b.closeCode());
    }

    @Test
    void onlyOperatorsActOnOthers() {
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        InMemoryClient b = client("B");
        b.joinOk("g", "bob", "");
        b.send(ProtocolClient.msg("useraction", "kind", "kick", "dest", "A"));
        assertTrue(b.expectError().contains("only operators"));
        b.send(ProtocolClient.msg("groupaction", "kind", "lock"));
        assertTrue(b.expectError().contains("only operators"));

        a.send(ProtocolClient.msg("useraction", "kind", "op", "dest", "B"));
        JsonNode change = b.expect("joined", "change");
        assertTrue(ProtocolClient.strings(change.get("permissions")).contains("op"));
        JsonNode seen = a.expect(n -> n.path("type").asText().equals("user") && n.path("kind").asText()
                .equals("change") && n.path("id").asText().equals("B"), "user change B");
        assertTrue(ProtocolClient.strings(seen.get("permissions")).contains("op"));
        a.send(ProtocolClient.msg("useraction", "kind", "unop", "dest", "B"));
        assertFalse(ProtocolClient.strings(b.expect("joined", "change").get("permissions")).contains("op"));

        a.send(ProtocolClient.msg("useraction", "kind", "shutup", "dest", "B"));
        b.expect("joined", "change");
        b.chat("can I speak?");
        assertTrue(b.expectError().contains("not allowed to send messages"));

        a.send(ProtocolClient.msg("useraction", "kind", "identify", "dest", "B"));
        assertEquals("127.0.0.1:40000", a.expect("usermessage", "userinfo").at("/value/address").asText());
        assertTrue(b.expect("usermessage", "warning").get("value").asText().contains("alice"));

        a.send(ProtocolClient.msg("useraction", "kind", "kick", "dest", "B", "value", "bye"));
        JsonNode kicked = b.expect("usermessage", "kicked");
        assertEquals("bye", kicked.get("value").asText());
        assertEquals("A", kicked.get("id").asText());
        b.expectClosed();
        assertEquals("B", a.expect("user", "delete").get("id").asText());
    }

    @Test
    void lockRefusesNonOperatorsWithTheOperatorsMessage() {
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        a.send(ProtocolClient.msg("groupaction", "kind", "lock", "value", "meeting in progress"));
        assertTrue(a.expect("joined", "change").at("/status/locked").asBoolean());
        InMemoryClient b = client("B");
        assertEquals("meeting in progress", b.join("g", "bob", "").get("value").asText());
        a.send(ProtocolClient.msg("groupaction", "kind", "unlock"));
        a.expect("joined", "change");
        b.joinOk("g", "bob", "");
    }

    @Test
    void offersAreRefusedWithoutAMediaEngine() {
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        a.send(ProtocolClient.msg("offer", "id", "s1", "label", "camera", "sdp", "v=0"));
        assertEquals("s1", a.expect("abort").get("id").asText());
        assertTrue(a.expectError().contains("no media engine"));
    }

    @Test
    void recordingAndTokensAreRefusedClearly() {
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        a.send(ProtocolClient.msg("groupaction", "kind", "record"));
        assertTrue(a.expectError().contains("not allowed to record"));
        a.send(ProtocolClient.msg("groupaction", "kind", "listtokens"));
        JsonNode t = a.expect("usermessage", "tokenlist");
        assertEquals("error", t.get("error").asText());
    }

    @Test
    void aSlowClientIsDroppedWithoutHoldingUpTheGroup() {
        InMemoryClient a = withStalledClient(SignalLimits.defaults().withOutboxCapacity(5));
        for (int i = 0; i < 20; i++) {
            a.chat("m" + i);
        }
        awaitDropOfStalledClientAnd(a, "m19");
    }

    /** Issue 18: a few big private messages to a reader that stopped filled the heap, not the count. */
    @Test
    void aSlowClientIsDroppedWhenItsOutboxHoldsTooManyCharacters() {
        InMemoryClient a = withStalledClient(SignalLimits.defaults().withOutboxChars(200_000));
        String big = "x".repeat(50_000);
        for (int i = 0; i < 10; i++) {
            a.send(ProtocolClient.msg("chat", "source", "A", "dest", "S", "value", big));
        }
        a.chat("after"); // 10 messages are far below the outbox's 4096
        awaitDropOfStalledClientAnd(a, "after");
    }

    /** Restarts the service with these limits; alice (A) is in g with bob (S), who has stopped reading. */
    private InMemoryClient withStalledClient(SignalLimits limits) {
        service.close();
        service = start(limits);
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        InMemoryClient slow = client("S");
        slow.joinOk("g", "bob", "");
        slow.sync();
        slow.stalled = true;
        return a;
    }

    /** The stalled client is dropped (user delete) and the others get every message, in either order. */
    private static void awaitDropOfStalledClientAnd(InMemoryClient a, String lastMessage) {
        java.util.Set<String> awaited = new java.util.HashSet<>(List.of(lastMessage, "delete S"));
        a.expect(n -> {
            awaited.remove(n.path("value").asText());
            awaited.remove(n.path("kind").asText() + " " + n.path("id").asText());
            return awaited.isEmpty();
        }, lastMessage + " and the deletion of S");
    }

    @Test
    void messagesDataAndHistoryControlsFollowGalene() {
        InMemoryClient a = client("A");
        a.joinOk("g", "alice", "pw");
        InMemoryClient b = client("B");
        b.joinOk("g", "bob", "");

        a.send(ProtocolClient.msg("chat", "value", "quiet", "noecho", true));
        assertEquals("quiet", b.expect("chat").get("value").asText());
        a.assertNoneOf("chat");
        b.send(ProtocolClient.msg("chat", "kind", "caption", "value", "subtitle"));
        assertTrue(b.expectError().contains("captions"));
        a.send(ProtocolClient.msg("chat", "kind", "caption", "value", "subtitle"));
        assertEquals("caption", b.expect("chat").get("kind").asText());

        b.send(ProtocolClient.msg("usermessage", "kind", "filetransfer", "dest", "A", "value", Map.of("type", "invite")));
        JsonNode relayed = a.expect("usermessage", "filetransfer");
        assertEquals("invite", relayed.at("/value/type").asText());
        assertEquals("B", relayed.get("source").asText());

        b.send(ProtocolClient.msg("useraction", "kind", "setdata", "dest", "B", "value", Map.of("raisehand", true)));
        assertTrue(a.expect("user", "change").at("/data/raisehand").asBoolean());
        b.send(ProtocolClient.msg("useraction", "kind", "setdata", "dest", "A", "value", Map.of("raisehand", true)));
        assertTrue(b.expectError().contains("your own data"));
        a.send(ProtocolClient.msg("groupaction", "kind", "setdata", "value", Map.of("topic", "budget")));
        assertEquals("budget", b.expect("joined", "change").at("/data/topic").asText());

        a.send(ProtocolClient.msg("groupaction", "kind", "clearchat"));
        b.expect("usermessage", "clearchat");
        InMemoryClient c = client("C");
        c.joinOk("g", "carol", "");
        c.assertNoneOf("chathistory");
    }

    @Test
    void aRedirectedGroupAnswersWithItsAddress() {
        files.put("moved", new GroupRules("", "", false, "https://elsewhere.example/group/x/", 0, null, null, null,
                false, false, false, false, false, List.of(), "", "", java.util.Set.of()));
        InMemoryClient a = client("A");
        JsonNode r = a.join("moved", "bob", "");
        assertEquals("redirect", r.get("kind").asText());
        assertEquals("https://elsewhere.example/group/x/", r.get("value").asText());
    }
}
