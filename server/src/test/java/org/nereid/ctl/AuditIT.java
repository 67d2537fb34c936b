package org.nereid.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.admin.AdminClient;
import org.nereid.admin.ServerTrust;
import org.nereid.audit.AuditFile;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.model.AuditEntry;
import org.nereid.server.AdminWiring;
import org.nereid.signal.ProtocolClient;
import org.nereid.signal.SignalLimits;
import org.nereid.signal.SignalService;
import org.nereid.signal.SignalStats;
import org.nereid.signal.Signalling;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail as Main wires it, over a real server: what operators and administrators
 * do through real WebSockets and real HTTP lands in data/var/audit.jsonl with the right
 * actor, and the admin API and nereidctl read it back.
 */
class AuditIT {
    @TempDir
    Path dir;
    private RunningServer server;
    private SignalService signal;
    private AuditFile audit;
    private final List<WebSocketClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        AtomicReference<SignalService> ref = new AtomicReference<>();
        audit = AuditFile.inDataDirectory(dir.resolve("data"));
        server = RunningServer.start(dir, o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            Authoriser authoriser = new Authoriser(tokens, clock);
            SignalService s = Signalling.create(n.groups(), n.config(), authoriser, new TokenActions(tokens, clock),
                    null, SignalLimits.defaults(), Signalling::noIceServers, clock).auditTo(audit);
            n.webSocket(s::newChannelHandler).groupActivity(s.registry())
                    .mount(Mount.ADMIN_API, self -> AdminWiring.auditedAdminApi(self, tokens, authoriser, clock,
                            new SignalStats(s.registry()), audit));
            ref.set(s);
        });
        signal = ref.get();
        Files.writeString(server.data.resolve("config.json"), "{\"writableGroups\": true, \"users\": {\"root\":"
                + " {\"password\": \"hunter2\", \"permissions\": \"admin\"}}}");
        server.writeGroup("g", "{\"users\": {\"alice\": {\"password\": \"alicepw\", \"permissions\": \"op\"},"
                + " \"bob\": {\"password\": \"bobpw\", \"permissions\": \"present\"}}}");
        server.nereid.groups().refresh();
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketClient::close);
        signal.close();
        server.close();
        audit.close();
    }

    private WebSocketClient client(String id) throws Exception {
        WebSocketClient c = WebSocketClient.connect(server.nereid.port(), id);
        clients.add(c);
        return c;
    }

    private AdminClient admin(String password) throws Exception {
        return AdminClient.create(URI.create(server.base()), "root", password, null, ServerTrust.insecure());
    }

    @Test
    void moderationAndAdministrationAreRecordedWithTheirActor() throws Exception {
        WebSocketClient alice = client("A");
        alice.joinOk("g", "alice", "alicepw");
        WebSocketClient bob = client("B");
        bob.joinOk("g", "bob", "bobpw");
        WebSocketClient intruder = client("C");
        assertEquals("fail", intruder.join("g", "alice", "guess").path("kind").asText());

        bob.send(ProtocolClient.msg("groupaction", "kind", "lock"));
        bob.expectError();
        alice.send(ProtocolClient.msg("useraction", "kind", "op", "dest", "B"));
        alice.send(ProtocolClient.msg("usermessage", "kind", "mute", "dest", "B", "source", "A"));
        bob.expect("usermessage", "mute");
        alice.send(ProtocolClient.msg("groupaction", "kind", "lock", "value", "private"));
        alice.send(ProtocolClient.msg("groupaction", "kind", "clearchat"));
        alice.send(ProtocolClient.msg("useraction", "kind", "kick", "dest", "B", "value", "out you go"));
        bob.expect("usermessage", "kicked");
        alice.sync();

        admin("hunter2").createGroup("h", Map.of("public", true));
        HttpResponse<String> refused = server.client.send(HttpRequest.newBuilder(URI.create(server.base()
                        + "/galene-api/v0/.groups/")).header("Authorization", basic("root", "wrong")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());

        List<AuditEntry> trail = admin("hunter2").audit(null, null, null, null, null, 0);
        List<String> seen = trail.stream().map(AuditIT::describe).toList();
        List<String> expected = List.of(
                "admin.login refused admin:root target=/galene-api/v0/.groups/",
                "group.put ok admin:root group=h target=/galene-api/v0/.groups/h",
                "kick ok user:alice group=g target=bob",
                "clearchat ok user:alice group=g",
                "lock ok user:alice group=g",
                "mute ok user:alice group=g target=bob",
                "op ok user:alice group=g target=bob",
                "group-action refused user:bob group=g",
                "login refused guest group=g target=alice",
                "join ok user:bob group=g",
                "join ok user:alice group=g");
        assertEquals(expected, seen);
        assertTrue(trail.stream().allMatch(e -> "127.0.0.1".equals(e.actor().address())), trail::toString);
        assertEquals("out you go", trail.get(2).reason());

        // filtered through the API, and through nereidctl with the same administrator
        List<AuditEntry> kicks = admin("hunter2").audit("kick", "alice", "g", null, null, 0);
        assertEquals(1, kicks.size(), kicks::toString);
        assertEquals("bob", kicks.get(0).target());
        String out = nereidctl("-server", server.base(), "-admin-username", "root", "-admin-password", "hunter2",
                "audit", "-actor", "alice", "-limit", "2");
        String[] lines = out.strip().split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].contains(" ok user:alice@127.0.0.1 kick group=g target=bob (out you go)"), lines[0]);
        assertTrue(lines[1].contains(" ok user:alice@127.0.0.1 clearchat group=g"), lines[1]);
    }

    @Test
    void onlyAdministratorsReadTheTrail() throws Exception {
        HttpResponse<String> anonymous = get("/galene-api/v0/.audit", null);
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> bad = get("/galene-api/v0/.audit?limit=5000", basic("root", "hunter2"));
        assertEquals(400, bad.statusCode());
        assertEquals("limit must be a number from 1 to 1000.", bad.body().strip());
        HttpResponse<String> ok = get("/galene-api/v0/.audit?action=admin.", basic("root", "hunter2"));
        assertEquals(200, ok.statusCode());
        JsonNode entries = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok.body());
        assertTrue(entries.isArray());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return server.client.send(r.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(AuditEntry e) {
        return e.action() + " " + e.outcome() + " " + e.actor().kind()
                + (e.actor().name() == null ? "" : ":" + e.actor().name())
                + (e.group() == null ? "" : " group=" + e.group()) + (e.target() == null ? "" : " target=" + e.target());
    }

    private static String nereidctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Nereidctl.commandLine(new Nereidctl(new BufferedReader(new StringReader(""))),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        assertEquals(0, exit, err::toString);
        return out.toString();
    }
}
