package org.nereid.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.group.GroupRegistry;
import org.nereid.group.GroupRules;
import org.nereid.model.StatefulToken;
import org.nereid.server.Nereid;
import org.nereid.signal.JoinAuthoriser;
import org.nereid.signal.SignalLimits;
import org.nereid.signal.SignalService;
import org.nereid.testing.RunningServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Joins over a real WebSocket to a real Nereid whose signalling is wired to the
 * Authoriser and the token store: passwords, invitations (stateful tokens, with the
 * need-username round trip), and a JWT from a real auth server (seed 001's contract).
 */
class JoinOverWebSocketIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    RunningServer server;
    SignalService signal;
    TokenStore tokens;
    HttpServer authServer;
    OctetSequenceKey key;
    String groupFile;

    @BeforeEach
    void start() throws Exception {
        key = new OctetSequenceKeyGenerator(256).keyID("k1").generate();
        authServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authServer.createContext("/auth", this::authorise);
        authServer.start();

        Map<String, Object> jwk = new HashMap<>(key.toJSONObject());
        jwk.put("alg", "HS256");
        Path groups = dir.resolve("groups");
        Files.createDirectories(groups);
        groupFile = "\"users\": {"
                + "\"vimes\": {\"password\": \"sybil\", \"permissions\": \"op\"},"
                + "\"carrot\": {\"password\": \"angua\", \"permissions\": \"present\"}},"
                + "\"authServer\": \"http://127.0.0.1:" + authServer.getAddress().getPort() + "/auth\","
                + "\"authKeys\": [" + JSON.writeValueAsString(jwk) + "]";
        Files.writeString(groups.resolve("city-watch.json"), "{" + groupFile + "}");

        Clock clock = Clock.systemUTC();
        server = RunningServer.start(dir, options -> options, nereid -> wire(nereid, clock));
    }

    /** The wiring the server needs: signalling asks the Authoriser, token actions use the store. */
    private void wire(Nereid nereid, Clock clock) {
        tokens = TokenStore.inDataDirectory(nereid.options().dataDir(), clock);
        Authoriser authoriser = new Authoriser(tokens, clock);
        GroupRegistry registry = new GroupRegistry(name -> entry(nereid, name, true)
                .map(e -> GroupRules.of(e.description())), clock);
        JoinAuthoriser joins = (group, c) -> entry(nereid, group, false)
                .map(e -> authoriser.decideJoin(group, e.description(), nereid.config().current(),
                        new Credentials(c.username(), c.password(), c.token())))
                .orElse(new JoinDecision.Refused(JoinDecision.NOT_AUTHORISED, "There is no such group."));
        signal = new SignalService(registry, joins, new TokenActions(tokens, clock), null, SignalLimits.defaults(),
                () -> JSON.createObjectNode().set("iceServers", JSON.createArrayNode()), clock);
        nereid.webSocket(signal::newChannelHandler);
    }

    private static Optional<GroupEntry> entry(Nereid nereid, String name, boolean fileOnly) {
        try {
            return fileOnly ? nereid.groups().findFile(name) : nereid.groups().find(name);
        } catch (GroupFileException e) {
            return Optional.empty();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (signal != null) {
            signal.close();
        }
        if (server != null) {
            server.close();
        }
        authServer.stop(0);
    }

    /** Seed 001's contract: POST {location, username, password} → 403, 204 or a JWS. */
    private void authorise(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String user = request.path("username").asText();
            if (user.equals("carrot")) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (!user.equals("john") || !request.path("password").asText().equals("secret")) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            Instant now = Instant.now();
            SignedJWT jws = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                    new JWTClaimsSet.Builder().subject(user).audience(request.path("location").asText())
                            .claim("permissions", List.of("present")).issuer("http://127.0.0.1/auth")
                            .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(30))).build());
            jws.sign(new MACSigner(key));
            byte[] body = jws.serialize().getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** A bare protocol client over java.net.http's WebSocket. */
    final class Client implements WebSocket.Listener, AutoCloseable {
        final String id;
        final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        final WebSocket socket;

        Client(String id) throws Exception {
            this.id = id;
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.nereid.port() + "/ws"), this)
                    .get(10, TimeUnit.SECONDS);
            send(JSON.createObjectNode().put("type", "handshake").put("id", id)
                    .set("version", JSON.createArrayNode().add("2")));
            expect("handshake", null);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        void send(JsonNode m) {
            socket.sendText(m.toString(), true).join();
        }

        JsonNode expect(String type, String kind) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                JsonNode n = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(n, "no " + type + "/" + kind);
                if (n.path("type").asText().equals(type) && (kind == null || n.path("kind").asText().equals(kind))) {
                    return n;
                }
            }
        }

        JsonNode join(String username, String password, String token) throws InterruptedException {
            ObjectNode m = JSON.createObjectNode().put("type", "join").put("kind", "join").put("group", "city-watch");
            if (username != null) {
                m.put("username", username);
            }
            if (password != null) {
                m.put("password", password);
            }
            if (token != null) {
                m.put("token", token);
            }
            send(m);
            while (true) {
                JsonNode j = expect("joined", null);
                if (!j.path("kind").asText().equals("change")) {
                    return j;
                }
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    static List<String> strings(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    @Test
    void passwords() throws Exception {
        try (Client c = new Client("c1")) {
            JsonNode refused = c.join("vimes", "wrong", null);
            assertEquals("fail", refused.path("kind").asText());
            assertEquals("not-authorised", refused.path("error").asText());
            JsonNode ok = c.join("vimes", "sybil", null);
            assertEquals("join", ok.path("kind").asText(), ok::toString);
            assertEquals("vimes", ok.path("username").asText());
            assertEquals(List.of("op", "present", "message", "caption", "token"), strings(ok.path("permissions")));
        }
    }

    @Test
    void anInvitationWithoutNameAsksForOne() throws Exception {
        StatefulToken t = tokens.add(new StatefulToken(TokenStore.newTokenId(), "city-watch", false, null,
                List.of("present", "message"), OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), null, null, null));
        try (Client c = new Client("c2")) {
            JsonNode first = c.join(null, null, t.token());
            assertEquals("fail", first.path("kind").asText());
            assertEquals("need-username", first.path("error").asText());
            JsonNode second = c.join("reg", null, t.token());
            assertEquals("join", second.path("kind").asText(), second::toString);
            assertEquals("reg", second.path("username").asText());
            assertEquals(List.of("present", "message"), strings(second.path("permissions")));
        }
    }

    @Test
    void deadInvitationsAreRefusedSayingWhy() throws Exception {
        StatefulToken t = tokens.add(new StatefulToken(TokenStore.newTokenId(), "city-watch", false, "a",
                List.of("present"), OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), null, null, null));
        StatefulToken other = tokens.add(new StatefulToken(TokenStore.newTokenId(), "unseen", false, "a",
                List.of("present"), OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), null, null, null));
        try (Client c = new Client("c3")) {
            JsonNode expired = c.join(null, null, t.token());
            assertEquals("not-authorised", expired.path("error").asText());
            assertTrue(expired.path("value").asText().contains("expired"), expired::toString);
            JsonNode wrongGroup = c.join(null, null, other.token());
            assertTrue(wrongGroup.path("value").asText().contains("unseen"), wrongGroup::toString);
        }
    }

    @Test
    void anOperatorMintsAnInvitationThatAdmits() throws Exception {
        String token;
        try (Client op = new Client("op")) {
            op.join("vimes", "sybil", null);
            op.send(JSON.createObjectNode().put("type", "groupaction").put("kind", "maketoken")
                    .put("source", "op").put("username", "vimes")
                    .set("value", JSON.createObjectNode().put("group", "city-watch").put("username", "angua")
                            .put("expires", 3_600_000).set("permissions", JSON.createArrayNode().add("present"))));
            JsonNode reply = op.expect("usermessage", "token");
            assertTrue(reply.path("privileged").asBoolean());
            assertTrue(reply.path("error").isMissingNode() || reply.path("error").isNull(), reply::toString);
            token = reply.path("value").path("token").asText();
            assertEquals("vimes", reply.path("value").path("issuedBy").asText());
        }
        assertTrue(Files.readString(tokens.path()).contains(token), "the invitation is in tokens.jsonl");
        try (Client guest = new Client("guest")) {
            JsonNode j = guest.join(null, null, token);
            assertEquals("join", j.path("kind").asText(), j::toString);
            assertEquals("angua", j.path("username").asText());
        }
    }

    @Test
    void aTokenFromTheAuthServerAdmits() throws Exception {
        String location = "http://127.0.0.1:" + server.nereid.port() + "/group/city-watch/";
        HttpResponse<String> denied = askAuthServer(location, "john", "wrong");
        assertEquals(403, denied.statusCode());
        assertEquals(204, askAuthServer(location, "carrot", "angua").statusCode());
        HttpResponse<String> granted = askAuthServer(location, "john", "secret");
        assertEquals(200, granted.statusCode());
        try (Client c = new Client("c4")) {
            JsonNode j = c.join("john", null, granted.body());
            assertEquals("join", j.path("kind").asText(), j::toString);
            assertEquals("john", j.path("username").asText());
            assertEquals(List.of("present"), strings(j.path("permissions")));
        }
        try (Client c = new Client("c5")) { // 204: no opinion, the client falls back to the password
            assertEquals("join", c.join("carrot", "angua", null).path("kind").asText());
        }
    }

    @Test
    void anonymousUsersNeedAllowAnonymous() throws Exception {
        String wildcard = "\"wildcard-user\": {\"password\": {\"type\": \"wildcard\"}, \"permissions\": \"message\"}";
        server.writeGroup("city-watch", "{" + groupFile + ", " + wildcard + "}");
        StatefulToken t = tokens.add(new StatefulToken(TokenStore.newTokenId(), "city-watch", false, null,
                List.of("message"), OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), null, null, null));
        try (Client c = new Client("anon1")) {
            JsonNode refused = c.join("", "", null);
            assertEquals("fail", refused.path("kind").asText(), refused::toString);
            assertEquals("not-authorised", refused.path("error").asText());
            assertEquals("This group does not allow anonymous users: choose a username.", refused.path("value").asText());
            JsonNode ask = c.join("", null, t.token());
            assertEquals("need-username", ask.path("error").asText(), ask::toString);
            assertEquals("join", c.join("nobby", "", null).path("kind").asText(), "a name passes the wildcard user");
        }

        server.writeGroup("city-watch", "{" + groupFile + ", " + wildcard + ", \"allow-anonymous\": true}");
        try (Client c = new Client("anon2"); Client d = new Client("anon3")) {
            JsonNode j = c.join("", "", null);
            assertEquals("join", j.path("kind").asText(), j::toString);
            assertEquals("", j.path("username").asText());
            assertEquals(List.of("message"), strings(j.path("permissions")));
            JsonNode invited = d.join("", null, t.token());
            assertEquals("join", invited.path("kind").asText(), invited::toString);
            assertEquals("", invited.path("username").asText());
        }
    }

    private HttpResponse<String> askAuthServer(String location, String user, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("location", location, "username", user, "password", password));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + authServer.getAddress().getPort() + "/auth"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
