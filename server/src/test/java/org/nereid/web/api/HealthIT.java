package org.nereid.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.admin.AdminClient;
import org.nereid.admin.AdminException;
import org.nereid.admin.ServerTrust;
import org.nereid.audit.AuditFile;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenStore;
import org.nereid.server.AdminWiring;
import org.nereid.stats.ServerHealth;
import org.nereid.stats.StatsSource;
import org.nereid.stats.TurnStatus;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;

/** {@code .health} over a real server: administrators read this process's real figures; others get 401. */
class HealthIT {
    @TempDir
    Path dir;
    private RunningServer server;
    private AuditFile audit;

    @BeforeEach
    void start() throws Exception {
        audit = AuditFile.inDataDirectory(dir.resolve("data"));
        StatsSource stats = List::of;
        server = RunningServer.start(dir, o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            ServerHealth health = new ServerHealth("1.2.3", List.of("-turn", ":3478"),
                    java.util.Map.of("udp", "40000-40009", "iceTcp", 8444),
                    () -> TurnStatus.listening(":3478", "UDP and TCP port 3478", List.of("turn:127.0.0.1:3478"), 2),
                    stats, clock);
            n.mount(Mount.ADMIN_API, self -> AdminWiring.auditedAdminApi(self, tokens, new Authoriser(tokens, clock),
                    clock, stats, audit, health));
        });
        Files.writeString(server.data.resolve("config.json"), "{\"users\": {\"root\": {\"password\": \"hunter2\","
                + " \"permissions\": \"admin\"}, \"op\": {\"password\": \"op\", \"permissions\": \"op\"}}}");
    }

    @AfterEach
    void stop() {
        server.close();
        audit.close();
    }

    private AdminClient client(String user, String password) {
        return AdminClient.create(URI.create(server.base()), user, password, null, ServerTrust.insecure());
    }

    @Test
    void administratorsReadTheProcessFigures() throws Exception {
        JsonNode h = client("root", "hunter2").health();
        assertEquals("1.2.3", h.path("version").asText());
        assertEquals(List.of("-turn", ":3478"), List.of(h.path("flags").get(0).asText(), h.path("flags").get(1).asText()));
        assertTrue(h.path("threads").asInt() > 5, "this JVM's threads: " + h);
        assertEquals(ProcessHandle.current().pid(), h.path("pid").asLong());
        assertTrue(h.path("memory").path("rss").asLong() > 20 << 20, "this JVM's resident memory: " + h);
        assertTrue(h.path("memory").path("heapUsed").asLong() > 0);
        assertEquals(Runtime.getRuntime().availableProcessors(), h.path("cpu").path("cores").asInt());
        assertTrue(h.path("uptimeSeconds").asLong() >= 0);
        assertEquals("40000-40009", h.path("media").path("udp").asText());
        assertEquals(8444, h.path("media").path("iceTcp").asInt());
        assertEquals("listening", h.path("turn").path("state").asText());
        assertEquals(2, h.path("turn").path("allocations").asInt());
        assertEquals(0, h.path("use").path("clients").asInt());
    }

    @Test
    void othersAreRefusedAndOnlyReadsAreAllowed() throws Exception {
        AdminException refused = org.junit.jupiter.api.Assertions.assertThrows(AdminException.class,
                () -> client("op", "op").health());
        assertEquals(401, refused.status());
        HttpResponse<String> post = server.send(HttpRequest.newBuilder(server.uri("/galene-api/v0/.health"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "root:hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, post.statusCode());
        // the audit trail beside it still answers, and still checks its parameters
        assertEquals(400, server.send(HttpRequest.newBuilder(server.uri("/galene-api/v0/.audit?limit=0"))
                .header("Authorization", post.request().headers().firstValue("Authorization").orElseThrow()))
                .statusCode());
    }
}
