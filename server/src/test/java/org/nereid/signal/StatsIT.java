package org.nereid.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.server.AdminWiring;
import org.nereid.stats.PrometheusText;
import org.nereid.testing.RunningServer;

/** The admin API's .stats as production wires it: live groups and clients from signalling, over real HTTP. */
class StatsIT {
    private static final String STATS = "/galene-api/v0/.stats";
    private static final String ADMIN = "Basic "
            + Base64.getEncoder().encodeToString("root:hunter2".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    private RunningServer server;
    private SignalService signal;
    private final List<WebSocketClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        start(false);
    }

    private void start(boolean metrics) throws Exception {
        if (server != null) {
            stop();
        }
        AtomicReference<SignalService> ref = new AtomicReference<>();
        server = RunningServer.start(dir, o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            Authoriser authoriser = new Authoriser(tokens, clock);
            SignalService s = Signalling.create(n.groups(), n.config(), authoriser, new TokenActions(tokens, clock),
                    null, SignalLimits.defaults(),
                    () -> ProtocolClient.JSON.createObjectNode().set("iceServers", ProtocolClient.JSON.createArrayNode()),
                    clock);
            n.webSocket(s::newChannelHandler).groupActivity(s.registry())
                    .adminApi(self -> AdminWiring.adminApi(self, tokens, authoriser, clock, new SignalStats(s.registry())));
            if (metrics) {
                n.metrics(self -> AdminWiring.metrics(self, authoriser, new SignalStats(s.registry())));
            }
            ref.set(s);
        });
        signal = ref.get();
        Files.writeString(server.data.resolve("config.json"),
                "{\"users\": {\"root\": {\"password\": \"hunter2\", \"permissions\": \"admin\"}}}");
        server.writeGroup("g", "{\"users\": {\"alice\": {\"password\": \"alicepw\", \"permissions\": \"op\"},"
                + " \"bob\": {\"password\": \"bobpw\", \"permissions\": \"present\"}}}");
        server.nereid.groups().refresh();
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketClient::close);
        clients.clear();
        server.close();
        signal.close();
    }

    private WebSocketClient joined(String id, String user) throws Exception {
        WebSocketClient c = WebSocketClient.connect(server.nereid.port(), id);
        clients.add(c);
        c.joinOk("g", user, user + "pw");
        return c;
    }

    private JsonNode stats() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri(STATS)).header("Authorization", ADMIN));
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolClient.JSON.readTree(r.body());
    }

    /** Leaving is asynchronous on the server side: poll until the document says what we wait for. */
    private JsonNode statsUntil(Predicate<JsonNode> condition) throws Exception {
        JsonNode last = stats();
        for (int i = 0; i < 100 && !condition.test(last); i++) {
            Thread.sleep(50);
            last = stats();
        }
        return last;
    }

    @Test
    void statsListTheLiveGroupAndItsClientsUntilTheyLeave() throws Exception {
        assertEquals(0, stats().size(), "no group is live before anyone joins");
        WebSocketClient a = joined("A", "alice");
        WebSocketClient b = joined("B", "bob");

        JsonNode json = stats();
        assertEquals(1, json.size(), json.toString());
        assertEquals("g", json.get(0).get("name").asText());
        JsonNode clients = json.get(0).get("clients");
        assertEquals(2, clients.size(), json.toString());
        assertEquals("A", clients.get(0).get("id").asText());
        assertEquals("alice", clients.get(0).get("username").asText());
        assertEquals("B", clients.get(1).get("id").asText());
        assertEquals("bob", clients.get(1).get("username").asText());

        b.send(ProtocolClient.msg("join", "kind", "leave", "group", "g"));
        b.expect("joined", "leave");
        json = statsUntil(j -> j.size() == 1 && j.get(0).path("clients").size() == 1);
        assertEquals("A", json.get(0).get("clients").get(0).get("id").asText(), json.toString());

        a.send(ProtocolClient.msg("join", "kind", "leave", "group", "g"));
        a.expect("joined", "leave");
        json = statsUntil(j -> j.size() == 0 || !j.get(0).has("clients"));
        assertTrue(json.size() == 0 || !json.get(0).has("clients"), "nobody is listed after both left: " + json);
    }

    @Test
    void statsNeedAdminCredentials() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri(STATS)));
        assertEquals(401, r.statusCode());
        String wrong = "Basic " + Base64.getEncoder().encodeToString("root:wrong".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, server.send(HttpRequest.newBuilder(server.uri(STATS)).header("Authorization", wrong))
                .statusCode());
    }

    @Test
    void metricsAreAbsentUnlessEnabled() throws Exception {
        assertEquals(404, server.send(HttpRequest.newBuilder(server.uri("/metrics")).header("Authorization", ADMIN))
                .statusCode());
    }

    @Test
    void statsPagesAreAbsentUnlessWired() throws Exception {
        for (String path : List.of("/stats.html", "/stats.json", "/stats/stats.js")) {
            assertEquals(404, server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", ADMIN))
                    .statusCode(), path + " is never served without its guard");
        }
    }

    private HttpResponse<String> metrics() throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri("/metrics")).header("Authorization", ADMIN));
    }

    private static String groupClients(HttpResponse<String> r) {
        List<Map<String, String>> samples = PrometheusText.parse(r.body()).get("nereid_group_clients");
        return samples == null ? "none" : samples.stream().filter(l -> "g".equals(l.get("group")))
                .map(l -> l.get("__value")).findFirst().orElse("none");
    }

    @Test
    void enabledMetricsAreAdminOnlyPrometheusTextWithALiveClientGauge() throws Exception {
        start(true);
        assertEquals(401, server.send(HttpRequest.newBuilder(server.uri("/metrics"))).statusCode());
        HttpResponse<String> before = metrics();
        assertEquals(200, before.statusCode(), before.body());
        assertTrue(before.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertEquals("none", groupClients(before), "no live group yet");

        joined("A", "alice");
        joined("B", "bob");
        assertEquals("2", groupClients(metrics()));
    }
}
