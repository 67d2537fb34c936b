package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.testing.RunningServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Galène's protocol end to end: a started Nereid on an ephemeral loopback
 * port, group files on disk, real WebSockets from java.net.http.
 */
class SignallingIT {

    private static final String USERS = "\"users\": {\"alice\": {\"password\": \"alicepw\", \"permissions\": \"op\"},"
            + " \"bob\": {\"password\": \"bobpw\", \"permissions\": \"present\"},"
            + " \"carol\": {\"password\": \"carolpw\", \"permissions\": \"present\"}}";

    @TempDir
    Path dir;
    private RunningServer server;
    private SignalService signal;
    private final List<WebSocketClient> clients = new ArrayList<>();

    private void start(SignalLimits limits) throws Exception {
        AtomicReference<SignalService> ref = new AtomicReference<>();
        server = RunningServer.start(dir, o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            SignalService s = Signalling.create(n.groups(), n.config(), new Authoriser(tokens, clock),
                    new TokenActions(tokens, clock), null, limits,
                    () -> ProtocolClient.JSON.createObjectNode().set("iceServers", ProtocolClient.JSON.createArrayNode()),
                    clock);
            n.webSocket(s::newChannelHandler).groupActivity(s.registry());
            ref.set(s);
        });
        signal = ref.get();
    }

    private void start() throws Exception {
        start(SignalLimits.defaults());
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketClient::close);
        // as Main: signalling first, so sessions end while their sockets can still close
        if (signal != null) {
            signal.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void group(String name, String extra) throws Exception {
        server.writeGroup(name, "{" + USERS + (extra.isEmpty() ? "" : ", " + extra) + "}");
        server.nereid.groups().refresh();
    }

    private WebSocketClient client(String id) throws Exception {
        WebSocketClient c = WebSocketClient.connect(server.nereid.port(), id);
        clients.add(c);
        return c;
    }

    private WebSocketClient joined(String id, String group, String user) throws Exception {
        WebSocketClient c = client(id);
        c.joinOk(group, user, user + "pw");
        return c;
    }

    private static JsonNode userEvent(ProtocolClient c, String kind, String id) {
        return c.expect(n -> n.path("type").asText().equals("user") && n.path("kind").asText().equals(kind)
                && n.path("id").asText().equals(id), "user " + kind + " " + id);
    }

    @Test
    void twoClientsJoinSeeEachOtherAndChat() throws Exception {
        start();
        group("g", "\"public\": true");
        WebSocketClient a = joined("A", "g", "alice");
        WebSocketClient b = joined("B", "g", "bob");
        assertEquals("bob", userEvent(a, "add", "B").get("username").asText());
        assertEquals("alice", userEvent(b, "add", "A").get("username").asText());
        JsonNode status = ProtocolClient.JSON.readTree(server.get("/group/g/.status").body());
        assertEquals(2, status.path("clientCount").asInt(), "the public group's .status counts the live clients");

        a.chat("hello everyone");
        JsonNode chat = b.expect("chat");
        assertEquals("hello everyone", chat.get("value").asText());
        assertEquals("A", chat.get("source").asText());
        assertEquals("alice", chat.get("username").asText());
        assertTrue(chat.get("privileged").asBoolean());
        Instant t = Instant.parse(chat.get("time").asText());
        assertTrue(Duration.between(t, Instant.now()).abs().toMinutes() < 5);

        b.send(ProtocolClient.msg("chat", "source", "B", "dest", "A", "value", "just you", "kind", "me"));
        JsonNode priv = a.expect(n -> n.path("value").asText().equals("just you"), "private chat");
        assertEquals("me", priv.get("kind").asText());
        assertFalse(priv.has("privileged"));

        b.send(ProtocolClient.msg("chat", "source", "A", "value", "I am alice"));
        assertTrue(b.expectError().contains("another client"));
        a.assertNoneOf("chat");

        b.send(ProtocolClient.msg("join", "kind", "leave", "group", "g"));
        b.expect("joined", "leave");
        userEvent(a, "delete", "B");
    }

    @Test
    void historyReachesLateJoinersUntilItExpires() throws Exception {
        start();
        group("g", "\"max-history-age\": 2");
        WebSocketClient a = joined("A", "g", "alice");
        a.chat("before you came");
        a.expect("chat");
        WebSocketClient b = joined("B", "g", "bob");
        assertEquals("before you came", b.expect("chathistory").get("value").asText());
        Thread.sleep(2500);
        WebSocketClient c = joined("C", "g", "carol");
        c.assertNoneOf("chathistory");
    }

    @Test
    void operatorsKickLockAndChangePermissionsLive() throws Exception {
        start();
        group("g", "");
        WebSocketClient a = joined("A", "g", "alice");
        WebSocketClient b = joined("B", "g", "bob");

        a.send(ProtocolClient.msg("useraction", "kind", "op", "dest", "B"));
        assertTrue(ProtocolClient.strings(b.expect("joined", "change").get("permissions")).contains("op"));
        assertTrue(ProtocolClient.strings(userEvent(a, "change", "B").get("permissions")).contains("op"));
        a.send(ProtocolClient.msg("useraction", "kind", "unop", "dest", "B"));
        assertFalse(ProtocolClient.strings(b.expect("joined", "change").get("permissions")).contains("op"));
        b.send(ProtocolClient.msg("groupaction", "kind", "lock"));
        assertTrue(b.expectError().contains("only operators"));

        a.send(ProtocolClient.msg("groupaction", "kind", "lock", "value", "private meeting"));
        assertTrue(a.expect("joined", "change").at("/status/locked").asBoolean());
        WebSocketClient c = client("C");
        assertEquals("private meeting", c.join("g", "carol", "carolpw").get("value").asText());
        a.send(ProtocolClient.msg("groupaction", "kind", "unlock"));
        a.expect("joined", "change");
        c.joinOk("g", "carol", "carolpw");

        a.send(ProtocolClient.msg("useraction", "kind", "kick", "dest", "C", "value", "out you go"));
        JsonNode kicked = c.expect("usermessage", "kicked");
        assertEquals("out you go", kicked.get("value").asText());
        assertEquals("alice", kicked.get("username").asText());
        c.expectClosed();
        userEvent(a, "delete", "C");
    }

    @Test
    void groupRulesRefuseWithGalenesSentences() throws Exception {
        start();
        group("small", "\"max-clients\": 1");
        group("future", "\"not-before\": \"2999-01-01T00:00:00Z\"");
        group("past", "\"expires\": \"2000-01-01T00:00:00Z\"");
        joined("A", "small", "bob");
        assertEquals("too many users", client("B").join("small", "carol", "carolpw").get("value").asText());
        joined("C", "small", "alice");
        assertEquals("this group is not open yet", client("D").join("future", "bob", "bobpw").get("value").asText());
        assertEquals("this group is closed", client("E").join("past", "bob", "bobpw").get("value").asText());
        joined("F", "past", "alice");

        JsonNode wrong = client("G").join("small", "bob", "guess");
        assertEquals("fail", wrong.get("kind").asText());
        assertEquals("not-authorised", wrong.get("error").asText());
        assertEquals("fail", client("H").join("nonexistent", "bob", "bobpw").get("kind").asText());
    }

    @Test
    void autolockAndAutokickFollowTheOperators() throws Exception {
        start();
        group("locking", "\"autolock\": true");
        group("kicking", "\"autokick\": true");
        assertEquals("this group is locked", client("A").join("locking", "bob", "bobpw").get("value").asText());
        WebSocketClient op = joined("O", "locking", "alice");
        op.send(ProtocolClient.msg("groupaction", "kind", "unlock"));
        op.expect("joined", "change");
        WebSocketClient b = joined("B", "locking", "bob");
        op.close();
        assertTrue(b.expect(n -> n.path("type").asText().equals("joined") && n.at("/status/locked").asBoolean(),
                "locked").at("/status/locked").asBoolean());

        assertEquals("there are no operators in this group",
                client("K").join("kicking", "bob", "bobpw").get("value").asText());
        WebSocketClient op2 = joined("O2", "kicking", "alice");
        WebSocketClient c = joined("C", "kicking", "carol");
        op2.close();
        assertEquals("there are no operators in this group", c.expect("usermessage", "kicked").get("value").asText());
        c.expectClosed();
    }

    @Test
    void anonymousUsersAndAutomaticSubgroups() throws Exception {
        start();
        group("open", "\"wildcard-user\": {\"password\": {\"type\": \"wildcard\"}, \"permissions\": \"message\"},"
                + " \"auto-subgroups\": true, \"allow-anonymous\": true");
        WebSocketClient anon = client("N");
        JsonNode j = anon.joinOk("open/room1", "", "");
        assertEquals("", j.get("username").asText());
        assertEquals("open/room1", j.get("group").asText());
        WebSocketClient op = joined("O", "open", "alice");
        op.send(ProtocolClient.msg("groupaction", "kind", "subgroups"));
        JsonNode list = op.expect(n -> n.path("type").asText().equals("chat")
                && n.path("username").asText().equals("Server"), "subgroup list");
        assertEquals("open/room1 (1 client)\n", list.get("value").asText());
        assertEquals("group does not exist", client("X").join("g-none/room", "bob", "bobpw").get("value").asText());
    }

    @Test
    void badInputIsRefusedAndTheServerKeepsServingEveryone() throws Exception {
        start(SignalLimits.defaults().withMaxMessageBytes(64 * 1024).withRate(30, 5));
        group("g", "");
        group("other", "");
        WebSocketClient a = joined("A", "g", "alice");
        WebSocketClient b = joined("B", "g", "bob");
        WebSocketClient elsewhere = joined("Z", "other", "carol");

        a.sendText("this is not json");
        assertTrue(a.expectError().contains("not valid JSON"));
        a.send(ProtocolClient.msg("teleport"));
        assertTrue(a.expectError().contains("teleport"));
        a.send(ProtocolClient.msg("chat", "value", "x", "noecho", "yes"));
        assertTrue(a.expectError().contains("noecho"));
        a.chat("y".repeat(70 * 1024));
        assertTrue(a.expectError().contains("larger than"));
        b.send(ProtocolClient.msg("useraction", "kind", "kick", "dest", "A"));
        assertTrue(b.expectError().contains("only operators"));
        b.send(ProtocolClient.msg("chat", "dest", "Z", "value", "across groups"));
        assertTrue(b.expectError().contains("no user Z"));
        b.send(ProtocolClient.msg("offer", "id", "s1", "label", "camera", "sdp", "v=0"));
        assertEquals("s1", b.expect("abort").get("id").asText());
        assertTrue(b.expectError().contains("no media engine"));
        elsewhere.assertNoneOf("chat");

        for (int i = 0; i < 60; i++) {
            b.chat("flood " + i);
        }
        assertTrue(b.expectError().contains("too fast"));

        Thread.sleep(1200);
        a.chat("still serving");
        assertEquals("still serving", b.expect(n -> n.path("value").asText().equals("still serving"), "chat")
                .get("value").asText());
    }

    @Test
    void wrongVersionsAndSilentClientsAreDropped() throws Exception {
        start(SignalLimits.defaults().withLiveness(Duration.ofMillis(300), Duration.ofSeconds(1)));
        group("g", "");
        WebSocketClient old = new WebSocketClient(server.nereid.port(), "V");
        clients.add(old);
        old.send(ProtocolClient.msg("handshake", "version", List.of("1"), "id", "V"));
        assertTrue(old.expectError().contains("version"));
        old.expectClosed();

        WebSocketClient a = joined("A", "g", "alice");
        WebSocketClient silent = joined("S", "g", "bob");
        silent.deaf = true;
        // alice answers every ping, so only the silent client is dropped, however slow the machine
        java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
        a.expect(n -> {
            if (n.path("type").asText().equals("ping")) {
                pings.incrementAndGet();
                a.send(ProtocolClient.msg("pong"));
            }
            return n.path("type").asText().equals("user") && n.path("kind").asText().equals("delete")
                    && n.path("id").asText().equals("S");
        }, "user delete S");
        assertTrue(pings.get() > 0, "the server pinged the quiet clients");
    }

    @Test
    void groupFilesChangingOrVanishingReachTheMembers() throws Exception {
        start();
        group("g", "");
        WebSocketClient a = joined("A", "g", "alice");
        WebSocketClient b = joined("B", "g", "bob");
        group("g", "\"displayName\": \"The Meeting Room\"");
        assertEquals("The Meeting Room", b.expect("joined", "change").at("/status/displayName").asText());

        server.writeGroup("g", "{\"users\": {\"alice\": {\"password\": \"alicepw\", \"permissions\": \"op\"},"
                + " \"bob\": {\"password\": \"bobpw\", \"permissions\": \"message\"}}}");
        server.nereid.groups().refresh();
        JsonNode change = b.expect(n -> n.path("type").asText().equals("joined")
                && !ProtocolClient.strings(n.get("permissions")).contains("present"), "bob loses present");
        assertEquals(List.of("message"), ProtocolClient.strings(change.get("permissions")));

        Files.delete(server.groups.resolve("g.json"));
        server.nereid.groups().refresh();
        assertEquals("this group no longer exists", a.expect("usermessage", "kicked").get("value").asText());
        a.expectClosed();
    }

    @Test
    void tokensMadeInAMeetingLetOthersIn() throws Exception {
        start();
        group("g", "");
        WebSocketClient a = joined("A", "g", "alice");
        a.send(ProtocolClient.msg("groupaction", "kind", "maketoken", "value",
                Map.of("group", "g", "permissions", List.of("message"))));
        JsonNode token = a.expect("usermessage", "token");
        assertFalse(token.has("error"), token::toString);
        String secret = token.at("/value/token").asText();

        WebSocketClient guest = client("T");
        guest.send(ProtocolClient.msg("join", "kind", "join", "group", "g", "token", secret));
        JsonNode need = guest.expect("joined");
        assertEquals("need-username", need.get("error").asText());
        guest.send(ProtocolClient.msg("join", "kind", "join", "group", "g", "token", secret, "username", "guest"));
        JsonNode ok = guest.expect("joined", "join");
        assertEquals("guest", ok.get("username").asText());
        assertEquals(List.of("message"), ProtocolClient.strings(ok.get("permissions")));

        WebSocketClient b = joined("B", "g", "bob");
        b.send(ProtocolClient.msg("groupaction", "kind", "listtokens"));
        assertEquals("not-authorised", b.expect("usermessage", "tokenlist").get("error").asText());
        b.send(ProtocolClient.msg("groupaction", "kind", "record"));
        assertTrue(b.expectError().contains("not allowed to record"));
    }
}
