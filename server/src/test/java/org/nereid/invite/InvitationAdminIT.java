package org.nereid.invite;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.invite.InvitationFixture.json;

/** Invitation fields through the admin API, against a real server and its real files. */
class InvitationAdminIT {
    static final String ROOT = "Basic " + Base64.getEncoder().encodeToString("root:rootpw".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    InvitationFixture f;

    @BeforeEach
    void start() throws Exception {
        f = InvitationFixture.start(dir);
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.server.uri("/galene-api/v0" + path))
                .header("Authorization", ROOT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return f.server.send(b);
    }

    @Test
    void theAdminApiTakesAndShowsTheInvitationFields() throws Exception {
        String expires = Instant.now().plusSeconds(3600).toString();
        HttpResponse<String> created = api("POST", "/.groups/city-watch/.tokens/", "{\"kind\":\"register\","
                + "\"max-uses\":2,\"permissions\":[\"present\",\"message\"],\"expires\":\"" + expires + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        String id = created.headers().firstValue("Location").orElseThrow();
        JsonNode shown = json(api("GET", "/.groups/city-watch/.tokens/" + id, null));
        assertEquals("register", shown.path("kind").asText());
        assertEquals(2, shown.path("max-uses").asInt());
        assertTrue(shown.path("uses").isMissingNode());

        assertEquals(201, f.register(id, "{\"username\":\"angua\",\"password\":\"wolf\"}").statusCode());
        assertEquals(1, json(api("GET", "/.groups/city-watch/.tokens/" + id, null)).path("uses").asInt());

        for (String bad : List.of("{\"kind\":\"admin\"}", "{\"max-uses\":0}", "{\"uses\":-2}", "{\"revoked\":\"no\"}",
                "{\"kind\":\"register\",\"username\":\"\"}", "{\"kind\":\"register\",\"includeSubgroups\":true}")) {
            HttpResponse<String> r = api("POST", "/.groups/city-watch/.tokens/", bad);
            assertEquals(400, r.statusCode(), bad + " → " + r.body());
            assertFalse(r.body().isBlank());
        }
        HttpResponse<String> root = api("POST", "/.groups/.tokens/", "{\"kind\":\"register\"}");
        assertEquals(400, root.statusCode(), root.body());
        assertTrue(root.body().contains("one group"), root.body());
    }

    @Test
    void aPutThatEndsAValidTokenRevokesIt() throws Exception {
        String expires = Instant.now().plusSeconds(3600).toString();
        String id = api("POST", "/.groups/city-watch/.tokens/", "{\"permissions\":[\"message\"],\"expires\":\""
                + expires + "\"}").headers().firstValue("Location").orElseThrow();
        HttpResponse<String> current = api("GET", "/.groups/city-watch/.tokens/" + id, null);
        String past = Instant.now().minusSeconds(60).toString();
        HttpResponse<String> put = f.server.send(HttpRequest.newBuilder(
                        f.server.uri("/galene-api/v0/.groups/city-watch/.tokens/" + id))
                .header("Authorization", ROOT).header("Content-Type", "application/json")
                .header("If-Match", current.headers().firstValue("ETag").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"permissions\":[\"message\"],\"expires\":\"" + past + "\"}")));
        assertEquals(204, put.statusCode(), put.body());
        assertEquals("revoked", json(f.get("/invitation/" + id)).path("state").asText());
    }
}
