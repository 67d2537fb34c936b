package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.model.StatefulToken;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;
import org.nereid.whip.WhipRoute;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WHIP over HTTP against a real server and SFU, without a browser: what is refused and
 * with which status and sentence, and a session's life as the group sees it (the
 * publisher in the user list, ETags, trickle, ICE restart, DELETE, kick, the group file
 * removed). The offers are written by hand, so no media flows; WhipBrowserIT sends media.
 */
public class WhipIT {
    private static final String FINGERPRINT = "sha-256 " + String.join(":", Collections.nCopies(32, "AB"));

    @TempDir
    Path dir;
    private RunningServer server;
    private WhipRoute whip;
    /** Servers and clients, closed last opened first. */
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void start() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/config.json"), "{\"allowOrigin\": [\"https://studio.example\"]}");
        Supplier<JsonNode> ice = () -> {
            ObjectNode c = JsonNodeFactory.instance.objectNode();
            c.putArray("iceServers").addObject().put("urls", "stun:stun.example:3478");
            ObjectNode turn = ((ArrayNode) c.get("iceServers")).addObject();
            turn.putArray("urls").add("turn:turn.example:3478?transport=udp");
            turn.put("username", "u\"1").put("credential", "secret");
            return c;
        };
        SfuServer media = SfuServer.start(dir, w -> w.nereid().mount(Mount.WHIP,
                n -> whip = new WhipRoute(w.signal(), n.config(), ice)));
        open.add(media);
        server = media.server;
        server.writeGroup("live", "{\"users\": {\"olga\": {\"password\": \"opw\", \"permissions\": \"op\"},"
                + " \"viewer\": {\"password\": \"vpw\", \"permissions\": \"observe\"}}}");
        server.writeGroup("open", "{\"wildcard-user\": {\"password\": {\"type\": \"wildcard\"},"
                + " \"permissions\": \"present\"}}");
        // the directory must have seen the files before a test deletes one: a file written and
        // removed between two background scans is never reported removed
        server.nereid.groups().refresh();
    }

    private String token(String group, String username, String... permissions) throws Exception {
        TokenStore store = TokenStore.inDataDirectory(server.data, Clock.systemUTC());
        String id = TokenStore.newTokenId();
        store.add(new StatefulToken(id, group, false, username, List.of(permissions),
                OffsetDateTime.now().plusHours(1), null, null, null, null));
        return id;
    }

    @Test
    void refusalsSayWhy() throws Exception {
        start();
        String good = token("live", "obs", "present");
        assertRefused(post("/group/nowhere/.whip", good, offer("u1")), 404, "There is no group nowhere.");
        assertRefused(post("/group/live/.whip", null, offer("u1")), 401, "Wrong username or password");
        HttpResponse<String> wrong = post("/group/live/.whip", "not-a-token", offer("u1"));
        assertRefused(wrong, 401, "This invitation is not known here");
        assertEquals("Bearer", wrong.headers().firstValue("WWW-Authenticate").orElse(""));
        assertRefused(post("/group/live/.whip", token("live", "eve"), offer("u1")), 403,
                "These credentials may not publish in group live (they lack the present permission).");
        assertRefused(send(request("/group/live/.whip", good).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(offer("u1")))), 415, "The body must be of type application/sdp");
        assertRefused(post("/group/live/.whip", good, "hello"), 400, "The body is not an SDP offer");
        HttpResponse<String> malformed = post("/group/live/.whip", good, "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertTrue(malformed.body().length() > 20, "a sentence: " + malformed.body());
        assertRefused(post("/group/live/.whip", good, offer("u1") + "a=x:" + "y".repeat(70_000) + "\r\n"), 413,
                "at most 65536 are accepted");
        assertRefused(send(request("/group/live/.whip", good).GET()), 405, "Method not allowed");
        // a page of another site that allowOrigin does not list may not publish (Galène's CORS rule)
        assertRefused(send(request("/group/live/.whip", good).header("Content-Type", "application/sdp")
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(offer("u1")))),
                403, "Cross-site request refused");
        assertEquals(0, whip.sessionCount(), "no refused attempt left a session behind");
        WebSocketClient olga = op("live");
        assertEquals(List.of(), olga.sync().stream().filter(m -> m.path("type").asText().equals("user")
                && !m.path("id").asText().equals(olga.id)).toList(), "nobody else is in the group");
    }

    @Test
    void aSessionIsAMemberUntilItIsDeleted() throws Exception {
        start();
        WebSocketClient olga = op("live");
        String token = token("live", "obs", "present");
        HttpResponse<String> created = post("/group/live/.whip", token, offer("first"));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("application/sdp", created.headers().firstValue("Content-Type").orElse(""));
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches("/group/live/\\.whip/[A-Za-z0-9_-]{22}"), location);
        String etag = created.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.matches("\"[A-Za-z0-9_-]{22}\""), etag);
        assertEquals(List.of("<stun:stun.example:3478>; rel=\"ice-server\"",
                "<turn:turn.example:3478?transport=udp>; rel=\"ice-server\"; username=\"u\\\"1\"; credential=\"secret\";"
                        + " credential-type=\"password\""), created.headers().allValues("Link"));
        String answer = created.body();
        assertTrue(answer.contains("a=candidate:"), answer);
        String firstUfrag = ufrag(answer);

        JsonNode added = olga.expect(m -> m.path("type").asText().equals("user") && m.path("kind").asText().equals("add")
                && m.path("username").asText().equals("obs"), "the WHIP publisher in the user list");
        assertEquals("[\"present\"]", added.path("permissions").toString());

        // only the session's own token may touch it
        assertRefused(patch(location, "another", etag, "a=ice-ufrag:first\r\n"), 403, "another token");
        assertRefused(patch(location, token, "\"stale\"", "a=ice-ufrag:first\r\n"), 412, "has changed since");
        assertRefused(send(request(location, token).header("Content-Type", "application/sdp")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("a=ice-ufrag:first\r\n"))), 415,
                "application/trickle-ice-sdpfrag");
        assertRefused(patch(location, token, etag, "not sdp"), 400, "is not an SDP line");

        // a trickled candidate (same credentials): 204, the ETag stays
        HttpResponse<String> trickled = patch(location, token, etag, "a=ice-ufrag:first\r\na=ice-pwd:"
                + "p".repeat(24) + "\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n"
                + "a=candidate:1 1 udp 2113937151 127.0.0.1 40000 typ host\r\n");
        assertEquals(204, trickled.statusCode(), trickled.body());

        // an ICE restart: the server's new credentials in a fragment, and a new ETag
        HttpResponse<String> restarted = patch(location, token, etag, "a=ice-ufrag:second\r\na=ice-pwd:"
                + "q".repeat(24) + "\r\n");
        assertEquals(200, restarted.statusCode(), restarted.body());
        assertEquals("application/trickle-ice-sdpfrag", restarted.headers().firstValue("Content-Type").orElse(""));
        String fragment = restarted.body();
        assertTrue(fragment.startsWith("a=ice-ufrag:"), fragment);
        assertNotEquals(firstUfrag, ufrag(fragment), "the server restarted its side too");
        assertTrue(fragment.contains("\r\nm=video ") && fragment.contains("a=mid:0") && fragment.contains("a=candidate:"),
                fragment);
        String newEtag = restarted.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(etag, newEtag);
        assertRefused(patch(location, token, etag, "a=ice-ufrag:second\r\n"), 412, "has changed since");

        assertRefused(send(request(location, token).header("If-Match", etag).DELETE()), 412, "has changed since");
        HttpResponse<String> deleted = send(request(location, token).header("If-Match", newEtag).DELETE());
        assertEquals(200, deleted.statusCode(), deleted.body());
        olga.expect(m -> m.path("type").asText().equals("user") && m.path("kind").asText().equals("delete")
                && m.path("id").asText().equals(added.path("id").asText()), "the publisher leaving");
        assertRefused(patch(location, token, newEtag, "a=ice-ufrag:second\r\n"), 404, "no such WHIP session");
        assertEquals(0, whip.sessionCount());
    }

    /** A WHIP page of a site listed in allowOrigin: its preflight and its POST get CORS headers. */
    @Test
    void aSiteInAllowOriginMayPublish() throws Exception {
        start();
        String site = "https://studio.example";
        HttpResponse<String> preflight = send(request("/group/live/.whip", null).header("Origin", site)
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, preflight.statusCode(), preflight.body());
        assertEquals(site, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("OPTIONS, POST", preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(""));
        assertEquals("Authorization, Content-Type",
                preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
        assertEquals(List.of(), preflight.headers().allValues("Link"), "no TURN credentials without credentials");
        HttpResponse<String> foreign = send(request("/group/live/.whip", null).header("Origin", "https://evil.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(List.of(), foreign.headers().allValues("Access-Control-Allow-Origin"));

        HttpResponse<String> created = send(request("/group/live/.whip", token("live", "obs", "present"))
                .header("Origin", site).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(offer("s"))));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(site, created.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("Location, Content-Type, Link, ETag",
                created.headers().firstValue("Access-Control-Expose-Headers").orElse(""));
    }

    /** A JWT that the group's authKeys accept publishes under its subject; a forged one is 401. */
    @Test
    void aJwtPublishesUnderItsSubject() throws Exception {
        start();
        OctetSequenceKey key = new OctetSequenceKeyGenerator(256)
                .keyID("k1").generate();
        Map<String, Object> jwk = new HashMap<>(key.toJSONObject());
        jwk.put("alg", "HS256");
        server.writeGroup("jwt", "{\"users\": {\"olga\": {\"password\": \"opw\", \"permissions\": \"op\"}},"
                + " \"authKeys\": [" + ProtocolClient.JSON.writeValueAsString(jwk) + "]}");
        WebSocketClient olga = op("jwt");
        HttpResponse<String> created = post("/group/jwt/.whip", jwt(key, "encoder"), offer("j"));
        assertEquals(201, created.statusCode(), created.body());
        olga.expect(m -> m.path("type").asText().equals("user") && m.path("username").asText().equals("encoder"),
                "the publisher named by the token's subject");
        OctetSequenceKey other = new OctetSequenceKeyGenerator(256)
                .keyID("k1").generate();
        assertEquals(401, post("/group/jwt/.whip", jwt(other, "mallory"), offer("m")).statusCode());
    }

    private String jwt(OctetSequenceKey key, String subject) throws Exception {
        Instant now = Instant.now();
        SignedJWT jws = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject(subject).audience(server.base() + "/group/jwt/")
                        .claim("permissions", List.of("present")).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).build());
        jws.sign(new MACSigner(key));
        return jws.serialize();
    }

    @Test
    void withoutATokenAGroupWithAWildcardUserTakesItAsWhip() throws Exception {
        start();
        HttpResponse<String> created = post("/group/open/.whip", null, offer("w"));
        assertEquals(201, created.statusCode(), created.body());
        WebSocketClient viewer = WebSocketClient.connect(server.nereid.port(), "viewer-client");
        open.add(viewer);
        viewer.joinOk("open", "someone", "x");
        viewer.expect(m -> m.path("type").asText().equals("user") && m.path("username").asText().equals("whip"),
                "the publisher named whip");
        // with no token, the session's URL is its only key
        String location = created.headers().firstValue("Location").orElseThrow();
        assertEquals(204, patch(location, null, null, "a=ice-ufrag:w\r\na=ice-pwd:" + "p".repeat(24) + "\r\n")
                .statusCode());
    }

    @Test
    void kickedOrItsGroupRemovedTheSessionEnds() throws Exception {
        start();
        WebSocketClient olga = op("live");
        String token = token("live", "obs", "present");
        String kicked = post("/group/live/.whip", token, offer("k")).headers().firstValue("Location").orElseThrow();
        JsonNode user = olga.expect(m -> m.path("type").asText().equals("user")
                && m.path("username").asText().equals("obs"), "the publisher");
        olga.send(ProtocolClient.msg("useraction", "kind", "kick", "source", olga.id, "dest", user.path("id").asText(),
                "value", "enough"));
        olga.expect(m -> m.path("type").asText().equals("user") && m.path("kind").asText().equals("delete")
                && m.path("id").asText().equals(user.path("id").asText()), "the kicked publisher leaving");
        awaitStatus(kicked, token, 404);

        String removed = post("/group/live/.whip", token, offer("r")).headers().firstValue("Location").orElseThrow();
        Files.delete(server.groups.resolve("live.json"));
        awaitStatus(removed, token, 404);
        assertEquals(0, whip.sessionCount());
    }

    /**
     * A publisher whose candidate never answers: ICE fails, the media engine closes the stream,
     * and the session ends (as Galène ends it when ICE fails).
     */
    @Test
    void aSessionWhoseIceFailsEnds() throws Exception {
        start();
        WebSocketClient olga = op("live");
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String sdp = offer("f") + "a=candidate:1 1 udp 2113937151 127.0.0.1 " + silent.getLocalPort() + " typ host\r\n";
            HttpResponse<String> created = post("/group/live/.whip", token("live", "obs", "present"), sdp);
            assertEquals(201, created.statusCode(), created.body());
            JsonNode user = olga.expect(m -> m.path("type").asText().equals("user")
                    && m.path("username").asText().equals("obs"), "the publisher");
            long start = System.nanoTime();
            awaitCondition(() -> whip.sessionCount() == 0, 45_000);
            System.out.println("the session ended " + (System.nanoTime() - start) / 1_000_000 + " ms after it was created");
            olga.expect(m -> m.path("type").asText().equals("user") && m.path("kind").asText().equals("delete")
                    && m.path("id").asText().equals(user.path("id").asText()), "the publisher leaving");
        }
    }

    /**
     * Signalling drops a client that stays silent (here after 600 ms): a session answers its
     * pings, so it stays for many such periods.
     */
    @Test
    void aSessionAnswersPingsAndStays() throws Exception {
        AtomicReference<WhipRoute> route = new AtomicReference<>();
        server = RunningServer.start(dir, o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            SignalService s = Signalling.create(n.groups(), n.config(), new Authoriser(tokens, clock),
                    new TokenActions(tokens, clock), new FakeMediaEngine(),
                    SignalLimits.defaults().withLiveness(Duration.ofMillis(200), Duration.ofMillis(600)),
                    Signalling::noIceServers, clock);
            n.webSocket(s::newChannelHandler).groupActivity(s.registry());
            n.mount(Mount.WHIP, m -> { route.set(new WhipRoute(s, m.config(), Signalling::noIceServers)); return route.get(); });
        });
        open.add(server);
        server.writeGroup("open", "{\"wildcard-user\": {\"password\": {\"type\": \"wildcard\"},"
                + " \"permissions\": \"present\"}}");
        assertEquals(201, post("/group/open/.whip", null, offer("p")).statusCode());
        Thread.sleep(3000);
        assertEquals(1, route.get().sessionCount(), "the session outlived five liveness periods");
    }

    // ---- helpers

    private static void awaitCondition(BooleanSupplier condition, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + millis + " ms");
            }
            Thread.sleep(100);
        }
    }

    private WebSocketClient op(String group) throws Exception {
        WebSocketClient c = WebSocketClient.connect(server.nereid.port(), "olga-client");
        open.add(c);
        c.joinOk(group, "olga", "opw");
        return c;
    }

    private void awaitStatus(String location, String token, int status) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        int now;
        while ((now = patch(location, token, null, "a=ice-ufrag:x\r\n").statusCode()) != status) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("still " + now + " at " + location);
            }
            Thread.sleep(100);
        }
    }

    /** A minimal video-only offer as a WHIP encoder sends it, with ICE credentials {@code ufrag}. */
    public static String offer(String ufrag) {
        return "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:" + ufrag + "\r\n"
                + "a=ice-pwd:" + "p".repeat(24) + "\r\na=fingerprint:" + FINGERPRINT + "\r\na=setup:actpass\r\n"
                + "a=mid:0\r\na=sendonly\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\n"
                + "a=rtcp-fb:96 nack pli\r\na=ssrc:11111 cname:encoder\r\n";
    }

    private static String ufrag(String sdp) {
        Matcher m = Pattern.compile("a=ice-ufrag:(\\S+)").matcher(sdp);
        assertTrue(m.find(), sdp);
        return m.group(1);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> post(String path, String token, String sdp) throws Exception {
        return send(request(path, token).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(sdp)));
    }

    private HttpResponse<String> patch(String path, String token, String ifMatch, String fragment) throws Exception {
        HttpRequest.Builder b = request(path, token).header("Content-Type", "application/trickle-ice-sdpfrag")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(fragment));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return server.send(b);
    }

    private static void assertRefused(HttpResponse<String> r, int status, String sentence) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(sentence), () -> "\"" + sentence + "\" not in " + r.body());
    }
}
