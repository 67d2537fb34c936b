package org.nereid.invite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileWriter;
import org.nereid.json.Json;
import org.nereid.model.GroupDescription;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenKind;
import org.nereid.model.UserDescription;
import org.nereid.signal.WebSocketClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.invite.InvitationFixture.JSON;
import static org.nereid.invite.InvitationFixture.joinWithToken;
import static org.nereid.invite.InvitationFixture.json;
import static org.nereid.invite.InvitationFixture.madeToken;
import static org.nereid.invite.InvitationFixture.makeToken;

/**
 * Registration invitations and use limits end to end: minted over a real WebSocket,
 * described and redeemed over real HTTP, counted in the real tokens.jsonl, and the new
 * account proved by a normal password join.
 */
class InvitationsIT {
    @RegisterExtension
    final InvitationFixture f = new InvitationFixture();

    static ObjectNode template(String group, String kind, Integer maxUses, String... permissions) {
        ObjectNode t = JSON.createObjectNode().put("group", group);
        if (kind != null) {
            t.put("kind", kind);
        }
        if (maxUses != null) {
            t.put("max-uses", maxUses);
        }
        t.putArray("permissions").addAll(List.of(permissions).stream().map(JSON.getNodeFactory()::textNode).toList());
        return t;
    }

    @Test
    void aRegistrationInvitationCreatesAUserWhosePasswordThenJoins() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", "register", 1, "present", "message"));

        JsonNode page = json(f.get("/invitation/" + token));
        assertEquals("register", page.path("kind").asText());
        assertEquals("valid", page.path("state").asText());
        assertEquals("vimes", page.path("issuedBy").asText());
        assertEquals("The City Watch", page.path("displayName").asText());

        JsonNode refused = joinWithToken(f.client("early"), "city-watch", token, "angua");
        assertEquals("fail", refused.path("kind").asText());
        assertTrue(refused.path("value").asText().contains("register first"), refused::toString);

        HttpResponse<String> created = f.register(token, "{\"username\":\"angua\",\"password\":\"wolf moon\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("angua", json(created).path("username").asText());
        assertEquals("city-watch", json(created).path("group").asText());

        GroupDescription group = Json.parse(f.groupFile("city-watch"), GroupDescription.class, "city-watch.json");
        UserDescription angua = group.users().get("angua");
        assertEquals("pbkdf2", angua.password().type(), "hashed as the admin API hashes");
        assertEquals("present", angua.permissions().name(), "the invitation's permissions, as the set that grants them");
        assertFalse(f.groupFile("city-watch").contains("wolf moon"));

        JsonNode joined = f.client("angua").joinOk("city-watch", "angua", "wolf moon");
        assertEquals(List.of("present", "message"),
                JSON.convertValue(joined.path("permissions"), List.class));

        JsonNode after = json(f.get("/invitation/" + token));
        assertEquals("used-up", after.path("state").asText());
        assertEquals(1, after.path("uses").asInt());
        assertEquals(0, after.path("remaining").asInt());
        HttpResponse<String> again = f.register(token, "{\"username\":\"gaspode\",\"password\":\"x\"}");
        assertEquals(410, again.statusCode());
        assertTrue(json(again).path("error").asText().contains("used up"), again.body());
    }

    @Test
    void anExistingUsernameIsRefusedAndTheUseGivenBack() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", "register", 1, "message"));
        String before = f.groupFile("city-watch");
        HttpResponse<String> taken = f.register(token, "{\"username\":\"carrot\",\"password\":\"pw\"}");
        assertEquals(409, taken.statusCode());
        assertTrue(json(taken).path("error").asText().contains("already exists, choose another"), taken.body());
        assertEquals(before, f.groupFile("city-watch"), "the group file is untouched");
        assertEquals(0, f.tokens().get(token).orElseThrow().uses(), "the refused attempt used nothing");

        for (String bad : List.of("{\"username\":\"\",\"password\":\"pw\"}", "{\"username\":\"a\",\"password\":\"\"}",
                "{\"username\":\"../x\",\"password\":\"pw\"}", "{\"username\":\"a\"}", "[1]", "{",
                "{\"username\":5,\"password\":\"pw\"}")) {
            HttpResponse<String> r = f.register(token, bad);
            assertEquals(400, r.statusCode(), bad + " → " + r.body());
            assertFalse(json(r).path("error").asText().isEmpty());
        }
        HttpResponse<String> big = f.register(token, "{\"username\":\"a\",\"password\":\"" + "x".repeat(5000) + "\"}");
        assertEquals(413, big.statusCode());
        assertEquals(0, f.tokens().get(token).orElseThrow().uses());

        assertEquals(201, f.register(token, "{\"username\":\"cheery\",\"password\":\"pw\"}").statusCode());
        f.client("cheery").joinOk("city-watch", "cheery", "pw");
    }

    @Test
    void anInvitationThatFixesTheNameRegistersThatName() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        ObjectNode t = template("city-watch", "register", null, "present", "message");
        t.put("username", "detritus");
        String token = madeToken(vimes, t);
        assertEquals("detritus", json(f.get("/invitation/" + token)).path("username").asText());
        assertEquals(400, f.register(token, "{\"username\":\"other\",\"password\":\"pw\"}").statusCode());
        HttpResponse<String> r = f.register(token, "{\"password\":\"rock\"}");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("detritus", json(r).path("username").asText());
        f.client("detritus").joinOk("city-watch", "detritus", "rock");
    }

    @Test
    void registrationsNeedWritableGroupFiles() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", "register", 1, "message"));
        java.nio.file.Files.writeString(f.server().data.resolve("config.json"), "{\"writableGroups\": false}");
        HttpResponse<String> r = f.register(token, "{\"username\":\"angua\",\"password\":\"wolf\"}");
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(json(r).path("error").asText().contains("writableGroups"), r.body());
        assertEquals(0, f.tokens().get(token).orElseThrow().uses());
        JsonNode mint = makeToken(vimes, template("city-watch", "register", 1, "message"));
        assertEquals("error", mint.path("error").asText());
        assertTrue(mint.path("value").asText().contains("writableGroups"), mint::toString);
    }

    @Test
    void aSingleUseJoinLinkWorksOnceAndIsRefusedTheSecondTime() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", null, 1, "present", "message"));
        JsonNode first = joinWithToken(f.client("guest1"), "city-watch", token, "nobby");
        assertEquals("join", first.path("kind").asText(), first::toString);
        JsonNode second = joinWithToken(f.client("guest2"), "city-watch", token, "colon");
        assertEquals("fail", second.path("kind").asText());
        assertEquals("not-authorised", second.path("error").asText());
        assertTrue(second.path("value").asText().contains("used up"), second::toString);
        assertEquals(1, f.tokens().get(token).orElseThrow().uses());
        assertEquals("used-up", json(f.get("/invitation/" + token)).path("state").asText());
    }

    @Test
    void aJoinTheGroupRefusesGivesItsUseBack() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", null, 1, "message"));
        vimes.send(org.nereid.signal.ProtocolClient.msg("groupaction", "kind", "lock", "source", vimes.id,
                "value", "closed for the night"));
        vimes.sync();
        JsonNode locked = joinWithToken(f.client("guest"), "city-watch", token, "nobby");
        assertEquals("fail", locked.path("kind").asText(), locked::toString);
        assertEquals(0, f.tokens().get(token).orElseThrow().uses(), "a refused join used nothing");
    }

    @Test
    void racersForTheLastRegistrationUseExactlyOneWins() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", "register", 1, "message"));
        List<Integer> statuses = race(8, i -> f.register(token,
                "{\"username\":\"racer" + i + "\",\"password\":\"pw\"}").statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 410).count(), statuses.toString());
        GroupDescription group = Json.parse(f.groupFile("city-watch"), GroupDescription.class, "city-watch.json");
        assertEquals(1, group.users().keySet().stream().filter(u -> u.startsWith("racer")).count());
        assertEquals(1, f.tokens().get(token).orElseThrow().uses());
    }

    /**
     * Issue 18: registrations that fail (a name taken) never hold a use, even for a moment. The
     * test holds the group files' writer while ten registrations arrive, so that all of them
     * wait for it together, as they would behind a slow disk or on a machine with many cores.
     */
    @Test
    void failingRegistrationsNeverTakeAUseFromOthers() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", "register", 5, "message"));
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newFixedThreadPool(2);
        try {
            Future<?> held = holder.submit(() -> new GroupFileWriter(f.server().nereid.groups()).edit("guild", current -> {
                writerHeld.countDown();
                release.await();
                return current.map(GroupEntry::description);
            }));
            writerHeld.await();
            // straight to Registrations: over HTTP, the two event loops of a small machine would let
            // only two registrations through at a time
            Registrations registrations = new Registrations(f.tokens(), new GroupFileWriter(f.server().nereid.groups()),
                    f.server().nereid.config(), java.time.Clock.systemUTC());
            Future<List<Integer>> raced = holder.submit(() -> race(10, i -> {
                try {
                    registrations.register(token, i % 2 == 0 ? "carrot" : "fresh" + i, "pw");
                    return 201;
                } catch (InvitationException e) {
                    return e.status();
                }
            }));
            Thread.sleep(2000); // the registrations hash their passwords and reach the writer meanwhile
            release.countDown();
            held.get(10, TimeUnit.SECONDS);
            List<Integer> statuses = raced.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < statuses.size(); i++) {
                // a taken name is told so, or "used up" once the five good names have used the five uses
                assertTrue(i % 2 == 0 ? statuses.get(i) == 409 || statuses.get(i) == 410 : statuses.get(i) == 201,
                        statuses.toString());
            }
        } finally {
            release.countDown();
            holder.shutdownNow();
        }
        assertEquals(5, f.tokens().get(token).orElseThrow().uses());
    }

    @Test
    void racersForTheLastJoinUseExactlyOneWins() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", null, 1, "message"));
        List<WebSocketClient> guests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            guests.add(f.client("racer" + i));
        }
        List<String> kinds = race(guests.size(),
                i -> joinWithToken(guests.get(i), "city-watch", token, "racer" + i).path("kind").asText());
        assertEquals(1, kinds.stream().filter("join"::equals).count(), kinds.toString());
        assertEquals(5, kinds.stream().filter("fail"::equals).count(), kinds.toString());
        assertEquals(1, f.tokens().get(token).orElseThrow().uses());
    }

    interface Attempt<T> {
        T run(int i) throws Exception;
    }

    /** Runs n attempts on n threads released together by a latch; their results in order. */
    static <T> List<T> race(int n, Attempt<T> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    go.await();
                    return attempt.run(k);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> fu : futures) {
                results.add(fu.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whoMayMintWhichKind() throws Exception {
        WebSocketClient carrot = f.member("city-watch", "carrot", "angua");
        assertEquals("not-authorised", makeToken(carrot, template("city-watch", null, null, "message"))
                .path("error").asText(), "no unrestricted-tokens: a presenter cannot invite");
        JsonNode register = makeToken(carrot, template("city-watch", "register", null, "message"));
        assertEquals("not-authorised", register.path("error").asText());
        assertTrue(register.path("value").asText().contains("allow-user-invites"), register::toString);

        WebSocketClient rincewind = f.member("guild", "rincewind", "luggage");
        String token = madeToken(rincewind, template("guild", "register", 2, "present", "message"));
        assertEquals(TokenKind.REGISTER, f.tokens().get(token).orElseThrow().kind());
        assertEquals(2, f.tokens().get(token).orElseThrow().maxUses());
        assertEquals("not-authorised", makeToken(rincewind, template("guild", null, null, "message"))
                .path("error").asText(), "allow-user-invites is about registration, not join invitations");
        JsonNode tooMuch = makeToken(rincewind, template("guild", "register", null, "op", "present"));
        assertEquals("not-authorised", tooMuch.path("error").asText());
        assertTrue(tooMuch.path("value").asText().contains("\"op\""), tooMuch::toString);
        JsonNode badKind = makeToken(rincewind, template("guild", "admin", null, "message"));
        assertEquals("error", badKind.path("error").asText());
        JsonNode badUses = makeToken(f.member("city-watch", "vimes", "sybil"), template("city-watch", null, 0));
        assertEquals("error", badUses.path("error").asText());
    }

    @Test
    void listtokensShowsKindAndUses() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String token = madeToken(vimes, template("city-watch", null, 3, "message"));
        joinWithToken(f.client("guest"), "city-watch", token, "nobby");
        vimes.send(org.nereid.signal.ProtocolClient.msg("groupaction", "kind", "listtokens", "source", vimes.id));
        JsonNode list = vimes.expect("usermessage", "tokenlist").path("value");
        JsonNode t = list.get(0);
        assertEquals(token, t.path("token").asText());
        assertEquals(3, t.path("max-uses").asInt());
        assertEquals(1, t.path("uses").asInt());
    }

    @Test
    void theInvitationPageTellsEachState() throws Exception {
        Instant now = Instant.now();
        add("valid", t -> t);
        add("expired", t -> t.withExpires(at(now.minusSeconds(60))));
        add("later", t -> t.withNotBefore(at(now.plusSeconds(3600))));
        add("spent", t -> t.withMaxUses(2).withUses(2));
        add("gone", t -> t);
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        vimes.send(org.nereid.signal.ProtocolClient.msg("groupaction", "kind", "edittoken", "source", vimes.id,
                "value", JSON.createObjectNode().put("token", "gone").put("expires", -1000)));
        assertEquals("", vimes.expect("usermessage", "token").path("error").asText(""));

        for (var expected : List.of(List.of("valid", "valid"), List.of("expired", "expired"),
                List.of("later", "not-yet-valid"), List.of("spent", "used-up"), List.of("gone", "revoked"))) {
            HttpResponse<String> r = f.get("/invitation/" + expected.get(0));
            assertEquals(200, r.statusCode());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
            assertEquals(expected.get(1), json(r).path("state").asText(), expected.get(0));
        }
        JsonNode valid = json(f.get("/invitation/valid"));
        assertEquals("valid", valid.path("token").asText());
        assertEquals("city-watch", valid.path("group").asText());
        assertEquals("Pseudopolis Yard", valid.path("description").asText());
        assertEquals("join", valid.path("kind").asText());
        assertTrue(valid.path("username").isNull());
        assertEquals("[\"present\",\"message\"]", valid.path("permissions").toString());
        assertEquals("vimes", valid.path("issuedBy").asText());
        assertTrue(valid.path("max-uses").isNull());
        assertTrue(valid.path("remaining").isNull());
        assertTrue(valid.path("not-before").isNull());
        assertEquals(0, valid.path("uses").asInt());
        assertEquals(now.plusSeconds(86400).getEpochSecond(),
                OffsetDateTime.parse(valid.path("expires").asText()).toEpochSecond());
        JsonNode spent = json(f.get("/invitation/spent"));
        assertEquals(2, spent.path("max-uses").asInt());
        assertEquals(0, spent.path("remaining").asInt());

        HttpResponse<String> unknown = f.get("/invitation/nope");
        assertEquals(404, unknown.statusCode());
        assertEquals("unknown", json(unknown).path("state").asText());
        assertFalse(json(unknown).path("error").asText().isEmpty());
        assertEquals(404, f.get("/invitation/valid/other").statusCode());
        assertEquals(405, f.server().send(java.net.http.HttpRequest.newBuilder(f.server().uri("/invitation/valid"))
                .DELETE()).statusCode());
    }

    @Test
    void theQrCodeIsAnSvgOfTheInvitationLink() throws Exception {
        add("qr-me", t -> t);
        HttpResponse<String> r = f.get("/invitation/qr-me/qr.svg");
        assertEquals(200, r.statusCode());
        assertEquals("image/svg+xml", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(f.server().base() + "/group/city-watch/?token=qr-me", SvgQrDecoder.decode(r.body()));
        assertEquals(404, f.get("/invitation/nope/qr.svg").statusCode());

        java.nio.file.Files.writeString(f.server().data.resolve("config.json"),
                "{\"writableGroups\": true, \"canonicalHost\": \"meet.example.org\"}");
        assertEquals("https://meet.example.org/group/city-watch/?token=qr-me",
                SvgQrDecoder.decode(f.get("/invitation/qr-me/qr.svg").body()), "the canonical name, not 127.0.0.1");
    }

    private void add(String id, java.util.function.UnaryOperator<StatefulToken> adjust) throws Exception {
        f.tokens().add(adjust.apply(new StatefulToken(id, "city-watch", false, null, List.of("present", "message"),
                at(Instant.now().plusSeconds(86400)), null, at(Instant.now()), "vimes")));
    }

    private static OffsetDateTime at(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
