package org.nereid.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.json.Json;
import org.nereid.model.GroupDescription;
import org.nereid.model.ServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The third-party flow of Galène's announcement (seed 001) over real HTTP on 127.0.0.1:
 * the client POSTs {location, username, password} to the group's authServer, which
 * answers 403 (refused), 204 (no opinion: use the password) or a JWS; the client
 * joins with the JWS as token. The group file is a real file read as the server reads it.
 */
class AuthServerFlowTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LOCATION = "https://meet.example.org:8443/group/city-watch/";

    @TempDir
    Path dir;
    HttpServer authServer;
    ECKey signingKey;
    GroupDescription group;
    Authoriser authoriser;

    @BeforeEach
    void start() throws Exception {
        signingKey = new ECKeyGenerator(Curve.P_256).keyID("auth-1").generate();
        authServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authServer.createContext("/auth", this::authorise);
        authServer.start();

        Map<String, Object> publicKey = new java.util.LinkedHashMap<>(signingKey.toPublicJWK().toJSONObject());
        publicKey.put("alg", "ES256");
        String groupFile = "{\"authServer\": \"http://127.0.0.1:" + authServer.getAddress().getPort() + "/auth\","
                + " \"authKeys\": [" + JSON.writeValueAsString(publicKey) + "],"
                + " \"users\": {\"bob\": {\"password\": \"builder\", \"permissions\": \"present\"}}}";
        Path file = dir.resolve("groups").resolve("city-watch.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, groupFile);
        group = Json.readStrict(file, GroupDescription.class);
        authoriser = new Authoriser(TokenStore.inDataDirectory(dir.resolve("data"), Clock.systemUTC()),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        authServer.stop(0);
    }

    /** A small auth server: john/secret gets a token, bob gets "no opinion", anyone else 403. */
    private void authorise(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String user = request.path("username").asText();
            String password = request.path("password").asText();
            if (user.equals("bob")) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (!user.equals("john") || !password.equals("secret")) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(user)
                    .audience(request.path("location").asText())
                    .claim("permissions", List.of("present"))
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(30)))
                    .issuer("http://127.0.0.1:" + authServer.getAddress().getPort() + "/auth").build();
            SignedJWT jws = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("auth-1").build(), claims);
            jws.sign(new ECDSASigner(signingKey));
            byte[] body = jws.serialize().getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "application/jwt");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    HttpResponse<String> ask(String location, String username, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("location", location, "username", username, "password", password));
        HttpRequest request = HttpRequest.newBuilder(URI.create(group.authServer()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenFromTheAuthServerAdmits() throws Exception {
        HttpResponse<String> r = ask(LOCATION, "john", "secret");
        assertEquals(200, r.statusCode());
        JoinDecision d = authoriser.decideJoin("city-watch", group, ServerConfig.EMPTY,
                new Credentials("john", null, r.body()));
        JoinDecision.Granted g = assertInstanceOf(JoinDecision.Granted.class, d, d::toString);
        assertEquals("john", g.username());
        assertEquals(List.of("present"), g.permissions());
        assertEquals(group.authServer(), g.issuer());
    }

    @Test
    void refusedOrNoOpinion() throws Exception {
        assertEquals(403, ask(LOCATION, "john", "wrong").statusCode());
        assertEquals(204, ask(LOCATION, "bob", "builder").statusCode());
        // no opinion: the client joins with the password, which the group file checks
        assertInstanceOf(JoinDecision.Granted.class, authoriser.decideJoin("city-watch", group, ServerConfig.EMPTY,
                Credentials.password("bob", "builder")));
    }

    @Test
    void aTokenForAnotherGroupDoesNotAdmit() throws Exception {
        HttpResponse<String> r = ask("https://meet.example.org:8443/group/unseen/", "john", "secret");
        JoinDecision d = authoriser.decideJoin("city-watch", group, ServerConfig.EMPTY, Credentials.token(r.body()));
        assertEquals("not-authorised", assertInstanceOf(JoinDecision.Refused.class, d).error());
    }
}
