package org.nereid.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.admin.AdminClient;
import org.nereid.admin.AdminException;
import org.nereid.admin.ServerTrust;
import org.nereid.admin.Versioned;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.json.Json;
import org.nereid.model.GroupDescription;
import org.nereid.model.Password;
import org.nereid.model.ServerConfig;
import org.nereid.password.Passwords;
import org.nereid.signal.SignalLimits;
import org.nereid.signal.SignalService;
import org.nereid.signal.Signalling;
import org.nereid.testing.RunningServer;
import org.nereid.server.AdminWiring;
import org.nereid.web.Mount;

/**
 * nereidctl end to end, as users run it (its picocli command line, in process) against a
 * started Nereid: initial-setup on an empty data directory, then groups, users, passwords
 * (proved by a join over the protocol), and the refusals as sentences.
 */
public class NereidctlIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    RunningServer server;
    SignalService signal;
    Path ctlConfig;

    public record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dir.resolve("server"), o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            Authoriser authoriser = new Authoriser(tokens, clock);
            signal = Signalling.create(n.groups(), n.config(), authoriser,
                    new TokenActions(tokens, clock), null, SignalLimits.defaults(), Signalling::noIceServers, clock);
            n.webSocket(signal::newChannelHandler).groupActivity(signal.registry())
                    .mount(Mount.ADMIN_API, x -> AdminWiring.adminApi(x, tokens, authoriser, clock));
        });
        ctlConfig = dir.resolve("home/.config/nereid/nereidctl.json");
        initialSetup();
    }

    @AfterEach
    void stop() {
        if (signal != null) {
            signal.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** initial-setup on the server's empty data directory; the server reads config.json as it appears. */
    private void initialSetup() throws Exception {
        try (Stream<Path> files = Files.list(server.data)) {
            assertEquals(List.of(), files.toList(), "the data directory starts empty");
        }
        Path config = server.data.resolve("config.json");
        Run setup = runRaw("", "-config", ctlConfig.toString(), "-server", server.base(),
                "-admin-username", "root", "-admin-password", "hunter2", "initial-setup", "-config", config.toString());
        assertEquals(0, setup.exit(), setup::toString);
        assertTrue(setup.out().contains("has been created"), setup.out());

        ServerConfig written = Json.readStrict(config, ServerConfig.class);
        assertTrue(written.writableGroups());
        assertTrue(written.users().get("root").permissionsIn(null).contains("admin"));
        assertTrue(Passwords.matches(written.users().get("root").password(), "hunter2"));
        JsonNode own = JSON.readTree(ctlConfig.toFile());
        assertEquals(server.base(), own.path("server").asText());
        assertEquals("root", own.path("admin-username").asText());

        Run again = runRaw("", "-config", ctlConfig.toString(), "-admin-username", "root", "-admin-password", "x",
                "initial-setup", "-config", config.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    /** nereidctl with only the configuration initial-setup wrote: server and administrator come from it. */
    Run ctl(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("-config", ctlConfig.toString()));
        all.addAll(List.of(args));
        return runRaw(stdin, all.toArray(String[]::new));
    }

    Run ok(String stdin, String... args) {
        Run r = ctl(stdin, args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " → " + r);
        return r;
    }

    public static Run runRaw(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Nereidctl ctl = new Nereidctl(new BufferedReader(new StringReader(stdin)));
        int exit = Nereidctl.commandLine(ctl, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    GroupDescription groupFile(String name) throws Exception {
        return Json.readStrict(server.groups.resolve(name + ".json"), GroupDescription.class);
    }

    @Test
    void groupsUsersAndPasswordsEndToEnd() throws Exception {
        ok("{\"displayName\": \"City Watch\", \"contact\": \"vimes@example.org\", \"public\": true}",
                "create-group", "-group", "city-watch", "-json");
        GroupDescription created = groupFile("city-watch");
        assertEquals("City Watch", created.displayName());
        assertEquals("vimes@example.org", created.contact());
        ok("", "create-group", "-group", "unseen");
        assertTrue(Files.exists(server.groups.resolve("unseen.json")));

        ok("{\"contact\": null, \"description\": \"The Watch\"}", "update-group", "-group", "city-watch", "-json",
                "-auto-subgroups");
        GroupDescription updated = groupFile("city-watch");
        assertEquals("", updated.contact(), "null in the template deletes the field");
        assertEquals("The Watch", updated.description());
        assertEquals("City Watch", updated.displayName(), "fields not in the template stay");
        assertTrue(updated.autoSubgroups());
        assertTrue(updated.isPublic());

        assertEquals("city-watch\nunseen\n", ok("", "list-groups").out());
        assertEquals("city-watch\n", ok("", "list-groups", "c*").out());

        ok("", "create-user", "-group", "city-watch", "-user", "vimes", "-permissions", "op");
        ok("", "create-user", "-group", "city-watch", "-user", "carrot");
        ok("", "set-password", "-group", "city-watch", "-user", "vimes", "-password", "sybil");
        Password stored = groupFile("city-watch").users().get("vimes").password();
        assertTrue(Passwords.matches(stored, "sybil"), "set-password stores a hash of the password");
        assertFalse(Files.readString(server.groups.resolve("city-watch.json")).contains("sybil"));
        JsonNode joined = join("city-watch", "vimes", "sybil");
        assertEquals("join", joined.path("kind").asText(), joined::toString);
        assertEquals("vimes", joined.path("username").asText());
        assertTrue(joined.path("permissions").toString().contains("\"op\""), joined::toString);
        assertEquals("not-authorised", join("city-watch", "vimes", "wrong").path("error").asText());

        String users = ok("", "list-users", "-group", "city-watch", "-l").out();
        List<String> lines = users.lines().toList();
        assertEquals(2, lines.size(), users);
        assertTrue(lines.get(0).startsWith("carrot") && lines.get(0).contains("present"), users);
        assertTrue(lines.get(1).startsWith("vimes") && lines.get(1).contains("op"), users);

        ok("", "delete-user", "-group", "city-watch", "-user", "carrot");
        assertEquals("vimes\n", ok("", "list-users", "-group", "city-watch").out());
        assertFalse(groupFile("city-watch").users().containsKey("carrot"));

        String hash = ok("", "hash-password", "-password", "lagniappe").out().strip();
        assertTrue(Passwords.matches(Json.parse(hash, Password.class, "hash-password"), "lagniappe"), hash);

        ok("", "delete-group", "-group", "unseen");
        assertFalse(Files.exists(server.groups.resolve("unseen.json")));
        assertEquals("city-watch\n", ok("", "list-groups").out());
    }

    @Test
    void refusalsAreSentences() throws Exception {
        ok("", "create-group", "-group", "city-watch");

        Run wrong = runRaw("", "-config", ctlConfig.toString(), "-admin-password", "wrong", "list-groups");
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("not authorised (401): check the administrator's name and password"),
                wrong.err());

        AdminClient client = AdminClient.create(URI.create(server.base()), "root", "hunter2", null,
                ServerTrust.system());
        Versioned<Map<String, Object>> before = client.getGroupFields("city-watch");
        ok("{\"displayName\": \"Changed meanwhile\"}", "update-group", "-group", "city-watch", "-json");
        AdminException stale = assertThrows(AdminException.class,
                () -> client.updateGroup("city-watch", before.value(), before.etag()));
        assertEquals(412, stale.status());
        assertTrue(stale.getMessage().contains("was changed by someone else (412): reload and try again"),
                stale.getMessage());
        assertEquals("Changed meanwhile", groupFile("city-watch").displayName(), "the later change stands");

        Path config = server.data.resolve("config.json");
        ServerConfig readOnly = Json.readStrict(config, ServerConfig.class).withWritableGroups(false);
        Files.writeString(config, Json.writePretty(readOnly));
        Files.setLastModifiedTime(config, FileTime.fromMillis(System.currentTimeMillis() + 2000));
        Run forbidden = ctl("", "create-group", "-group", "elsewhere");
        assertEquals(1, forbidden.exit());
        assertTrue(forbidden.err().contains("forbidden (403)"), forbidden.err());
        assertFalse(Files.exists(server.groups.resolve("elsewhere.json")));
        assertEquals("city-watch\n", ok("", "list-groups").out(), "reading still works");
    }

    @Test
    void tokensEndToEnd() throws Exception {
        ok("", "create-group", "-group", "city-watch");
        String token = ok("", "create-token", "-group", "city-watch", "-user", "angua", "-permissions", "present",
                "-duration", "1h").out().strip();
        assertFalse(token.isEmpty());
        String listed = ok("", "list-tokens", "-group", "city-watch", "-l").out();
        assertTrue(listed.contains(token) && listed.contains("angua"), listed);
        assertEquals("join", join("city-watch", null, null, token).path("kind").asText());
        ok("", "revoke-token", "-group", "city-watch", "-token", token);
        assertEquals("not-authorised", join("city-watch", null, null, token).path("error").asText());
        ok("", "delete-token", "-group", "city-watch", "-token", token);
        assertFalse(ok("", "list-tokens", "-group", "city-watch").out().contains(token));
    }

    JsonNode join(String group, String username, String password) throws Exception {
        return join(group, username, password, null);
    }

    /** One join over Galène's protocol on a fresh WebSocket: the first joined that is not a change. */
    JsonNode join(String group, String username, String password, String token) throws Exception {
        BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        StringBuilder partial = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.nereid.port() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                inbox.add(JSON.readTree(partial.toString()));
                            } catch (java.io.IOException e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText(JSON.createObjectNode().put("type", "handshake").put("id", "ctl-it")
                    .set("version", JSON.createArrayNode().add("2")).toString(), true).join();
            var join = JSON.createObjectNode().put("type", "join").put("kind", "join").put("group", group);
            if (username != null) {
                join.put("username", username);
            }
            if (password != null) {
                join.put("password", password);
            }
            if (token != null) {
                join.put("token", token);
            }
            ws.sendText(join.toString(), true).join();
            while (true) {
                JsonNode m = inbox.poll(10, TimeUnit.SECONDS);
                assertNotNull(m, "no answer to the join");
                if (m.path("type").asText().equals("joined") && !m.path("kind").asText().equals("change")) {
                    return m;
                }
            }
        } finally {
            ws.abort();
        }
    }
}
