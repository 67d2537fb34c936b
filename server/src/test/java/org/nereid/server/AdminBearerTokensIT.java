package org.nereid.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.admin.AdminClient;
import org.nereid.admin.AdminException;
import org.nereid.admin.ServerTrust;
import org.nereid.admin.Versioned;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenStore;
import org.nereid.model.StatefulToken;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;

/**
 * Bearer tokens against the admin API as production wires it (stateful tokens and JWTs
 * decided by auth), and common's AdminClient token methods against the real server.
 */
class AdminBearerTokensIT {
    static final String API = "/galene-api/v0";
    static final byte[] SECRET = "a secret of thirty-two bytes!!!!".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    RunningServer server;
    TokenStore store;

    @BeforeEach
    void start() throws Exception {
        store = TokenStore.inDataDirectory(dir.resolve("data"), Clock.systemUTC());
        Authoriser authoriser = new Authoriser(store, Clock.systemUTC());
        server = RunningServer.start(dir, o -> o,
                n -> n.mount(Mount.ADMIN_API,
                        self -> AdminWiring.adminApi(self, store, authoriser, Clock.systemUTC())));
        Files.writeString(server.data.resolve("config.json"),
                "{\"users\": {\"root\": {\"password\": \"hunter2\", \"permissions\": \"admin\"}}}");
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET);
        server.writeGroup("city", "{\"authKeys\": [{\"kty\": \"oct\", \"alg\": \"HS256\", \"k\": \"" + k + "\"}]}");
        server.writeGroup("town", "{}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A token naming the user "" (none imposed would make a group ask for a username, as in Galène). */
    String stateful(String group, boolean subgroups, List<String> permissions, Instant expires) throws Exception {
        return stateful(group, subgroups, "", permissions, expires);
    }

    String stateful(String group, boolean subgroups, String username, List<String> permissions, Instant expires)
            throws Exception {
        String id = TokenStore.newTokenId();
        store.add(new StatefulToken(id, group, subgroups, username, permissions,
                OffsetDateTime.ofInstant(expires, ZoneOffset.UTC), null, null, "test"));
        return id;
    }

    int status(String path, String bearer) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri(API + path)).header("Authorization", "Bearer " + bearer))
                .statusCode();
    }

    static Instant inAnHour() {
        return Instant.now().plus(1, ChronoUnit.HOURS);
    }

    @Test
    void aStatefulTokenWithAdminAdministersItsGroupOnly() throws Exception {
        String admin = stateful("city", false, List.of("admin"), inAnHour());
        assertEquals(200, status("/.groups/city", admin));
        assertEquals(200, status("/.groups/city/.tokens/", admin));
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri(API + "/.groups/city/.tokens/"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"permissions\": [\"present\"]}")));
        assertEquals(201, created.statusCode());
        assertEquals(401, status("/.groups/town", admin));
        assertEquals(401, status("/.groups/", admin));
        assertEquals(401, status("/.groups/.tokens/", admin));

        String op = stateful("city", false, List.of("op", "present", "message"), inAnHour());
        assertEquals(401, status("/.groups/city", op), "without admin a token administers nothing");
        assertEquals(401, status("/.groups/city/.tokens/", op));
        String expired = stateful("city", false, List.of("admin"), Instant.now().minusSeconds(60));
        assertEquals(401, status("/.groups/city", expired));
        String nameless = stateful("city", false, null, List.of("admin"), inAnHour());
        assertEquals(401, status("/.groups/city", nameless), "a group asks a token without username for one, as in Galène");
        assertEquals(200, status("/.groups/city", stateful("city", false, "carrot", List.of("admin"), inAnHour())));
    }

    @Test
    void aRootTokenWithAdminAdministersTheServer() throws Exception {
        String root = stateful("", true, List.of("admin"), inAnHour());
        assertEquals(200, status("/.groups/", root));
        assertEquals(200, status("/.stats", root));
        assertEquals(200, status("/.groups/.tokens/", root));
        assertEquals(200, status("/.groups/town/.tokens/", root));
    }

    @Test
    void aJwtWithAdminForAGroupAdministersThatGroup() throws Exception {
        String admin = jwt("city", List.of("admin"));
        assertEquals(200, status("/.groups/city", admin));
        assertEquals(200, status("/.groups/city/.tokens/", admin));
        assertEquals(401, status("/.groups/town", admin));
        assertEquals(401, status("/.groups/", admin));
        assertEquals(401, status("/.groups/city", jwt("city", List.of("op", "present"))));
        assertEquals(401, status("/.groups/city", jwt("town", List.of("admin"))), "audience of another group");
    }

    String jwt(String group, List<String> permissions) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("carrot")
                .audience(server.base() + "/group/" + group + "/")
                .claim("permissions", permissions)
                .issueTime(new Date(System.currentTimeMillis() - 1000))
                .expirationTime(Date.from(inAnHour())).build();
        SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        signed.sign(new MACSigner(SECRET));
        return signed.serialize();
    }

    @Test
    void adminClientAndServerAgreeOnEveryTokenCall() throws Exception {
        AdminClient client = AdminClient.create(URI.create(server.base()), "root", "hunter2", null, ServerTrust.system());
        assertEquals(List.of(), client.listTokens("city"));
        String id = client.createToken("city", Map.of("username", "carrot", "permissions", List.of("present", "message"),
                "expires", "2099-01-01T00:00:00Z"));
        assertEquals(List.of(id), client.listTokens("city"));
        Versioned<StatefulToken> read = client.getToken("city", id);
        assertEquals(id, read.value().token());
        assertEquals("city", read.value().group());
        assertEquals("carrot", read.value().username());
        assertEquals(List.of("present", "message"), read.value().permissions());

        OffsetDateTime revokedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        client.updateToken("city", id, read.value().withExpires(revokedAt), read.etag());
        assertEquals(revokedAt.toInstant(), store.get(id).orElseThrow().expires().toInstant());
        AdminException stale = assertThrows(AdminException.class,
                () -> client.updateToken("city", id, read.value(), read.etag()));
        assertEquals(412, stale.status());

        String rootToken = client.createToken("", StatefulToken.fromJson("{\"includeSubgroups\": true,"
                + " \"permissions\": [\"admin\"], \"expires\": \"2099-01-01T00:00:00Z\"}"));
        assertEquals(List.of(rootToken), client.listTokens(""));
        assertEquals("", client.getToken("", rootToken).value().group());

        client.deleteToken("city", id);
        assertEquals(List.of(), client.listTokens("city"));
        assertEquals(404, assertThrows(AdminException.class, () -> client.getToken("city", id)).status());
        assertEquals(404, assertThrows(AdminException.class, () -> client.deleteToken("city", id)).status());
        assertEquals(400, assertThrows(AdminException.class,
                () -> client.createToken("city", Map.of("permissions", List.of("god")))).status());

        AdminClient bearer = AdminClient.create(URI.create(server.base()), null, null, rootToken, ServerTrust.system());
        assertTrue(bearer.listTokens("").contains(rootToken), "the root token administers through the client too");
    }
}
