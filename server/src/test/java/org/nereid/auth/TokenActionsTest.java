package org.nereid.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenKind;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenActionsTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final TokenActions.Requester OP = new TokenActions.Requester("city-watch", "vimes",
            List.of("token", "op", "present", "message", "caption"));
    static final TokenActions.Requester PRESENTER = new TokenActions.Requester("city-watch", "carrot",
            List.of("token", "present", "message"));
    static final TokenActions.Requester OBSERVER = new TokenActions.Requester("city-watch", "nobby", List.of());

    @TempDir
    Path dir;

    TokenStore store() {
        return TokenStore.inDataDirectory(dir, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    TokenActions actions() {
        return new TokenActions(store(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void makeAsGaleneClientSendsIt() throws Exception {
        TokenActions.Reply r = actions().make(OP,
                json("{\"group\":\"city-watch\",\"username\":\"angua\",\"expires\":86400000,"
                        + "\"permissions\":[\"present\",\"message\"]}"), u -> false);
        assertNull(r.error(), () -> r.value().toString());
        assertEquals("token", r.kind());
        StatefulToken t = StatefulToken.fromJson(r.value());
        assertEquals("angua", t.username());
        assertEquals(List.of("present", "message"), t.permissions());
        assertEquals(NOW.plusSeconds(86400), t.expires().toInstant());
        assertEquals(NOW, t.issuedAt().toInstant());
        assertEquals("vimes", t.issuedBy());
        assertEquals(t, store().get(t.token()).orElseThrow());
    }

    @Test
    void makeDefaultsToAWeekAndAllowsAWildcardInvitation() throws Exception {
        TokenActions.Reply r = actions().make(PRESENTER, json("{\"group\":\"city-watch\",\"permissions\":[\"present\"]}"),
                u -> false);
        StatefulToken t = StatefulToken.fromJson(r.value());
        assertTrue(t.needsUsername());
        assertEquals(NOW.plus(TokenActions.DEFAULT_VALIDITY), t.expires().toInstant());
    }

    @Test
    void makeRefusals() throws Exception {
        TokenActions a = actions();
        assertEquals("not-authorised", a.make(OBSERVER, json("{\"group\":\"city-watch\"}"), u -> false).error());
        TokenActions.Reply tooMuch = a.make(PRESENTER,
                json("{\"group\":\"city-watch\",\"permissions\":[\"present\",\"op\"]}"), u -> false);
        assertEquals("not-authorised", tooMuch.error());
        assertTrue(tooMuch.value().asText().contains("\"op\""));
        assertEquals("error", a.make(OP, json("{\"group\":\"other\"}"), u -> false).error());
        assertEquals("error", a.make(OP, json("{\"group\":\"city-watch\",\"token\":\"mine\"}"), u -> false).error());
        assertEquals("error", a.make(OP, json("{\"group\":\"city-watch\",\"includeSubgroups\":true}"), u -> false).error());
        assertEquals("error", a.make(OP, json("{\"group\":\"city-watch\",\"username\":\"vimes\"}"),
                Set.of("vimes")::contains).error());
        assertEquals("error", a.make(OP, json("{\"group\":\"city-watch\",\"expires\":\"tomorrow\"}"), u -> false).error());
        assertEquals("error", a.make(OP, json("{\"group\":\"city-watch\",\"permissions\":\"op\"}"), u -> false).error());
        assertEquals(List.of(), store().listAll(), "no refused request left a token behind");
    }

    @Test
    void editExtendsAndRevokesTokensOfTheGroupOnly() throws Exception {
        TokenActions a = actions();
        String id = StatefulToken.fromJson(a.make(OP, json("{\"group\":\"city-watch\"}"), u -> false).value()).token();
        TokenActions.Reply revoked = a.edit(OP, json("{\"token\":\"" + id + "\",\"expires\":-1000}"));
        assertNull(revoked.error());
        assertTrue(store().get(id).orElseThrow().expiredAt(NOW));
        assertTrue(store().get(id).orElseThrow().revoked(), "an expiry in the past is how Galène's client revokes");
        TokenActions.Reply extended = a.edit(OP, json("{\"token\":\"" + id + "\",\"expires\":\"2026-12-01T00:00:00+01:00\"}"));
        assertEquals("2026-12-01T00:00:00+01:00", extended.value().get("expires").asText());
        assertFalse(store().get(id).orElseThrow().revoked(), "a later expiry lifts the revocation");

        assertEquals("not-authorised", a.edit(PRESENTER, json("{\"token\":\"" + id + "\",\"expires\":0}")).error());
        assertEquals("error", a.edit(OP, json("{\"token\":\"" + id + "\",\"username\":\"x\"}")).error());
        assertEquals("error", a.edit(OP, json("{\"token\":\"missing\",\"expires\":0}")).error());
        TokenActions.Requester otherOp = new TokenActions.Requester("unseen", "ridcully", OP.permissions());
        assertEquals("error", a.edit(otherOp, json("{\"token\":\"" + id + "\",\"expires\":999999999}")).error());
    }

    @Test
    void listShowsTheGroupsTokensToOperators() throws Exception {
        TokenActions a = actions();
        a.make(OP, json("{\"group\":\"city-watch\",\"expires\":2000}"), u -> false);
        a.make(OP, json("{\"group\":\"city-watch\",\"expires\":1000}"), u -> false);
        a.make(new TokenActions.Requester("unseen", "r", OP.permissions()), json("{\"group\":\"unseen\"}"), u -> false);
        TokenActions.Reply r = a.list(OP);
        assertEquals("tokenlist", r.kind());
        assertEquals(2, r.value().size());
        assertTrue(r.value().get(0).get("expires").asText().compareTo(r.value().get(1).get("expires").asText()) < 0);
        assertEquals("not-authorised", a.list(PRESENTER).error());
    }

    @Test
    void invitationKindsAndLimits() throws Exception {
        TokenActions.InvitePolicy guild = new TokenActions.InvitePolicy("guild"::equals, g -> null);
        TokenActions a = new TokenActions(store(), Clock.fixed(NOW, ZoneOffset.UTC), guild);
        StatefulToken single = StatefulToken.fromJson(a.make(OP,
                json("{\"group\":\"city-watch\",\"kind\":\"register\",\"max-uses\":1}"), u -> false).value());
        assertEquals(TokenKind.REGISTER, single.kind());
        assertEquals(1, single.maxUses());
        assertEquals(0, single.uses());

        TokenActions.Requester member = new TokenActions.Requester("guild", "rincewind", List.of("present", "message"));
        assertNull(a.make(member, json("{\"group\":\"guild\",\"kind\":\"register\"}"), u -> false).error());
        assertEquals("not-authorised", a.make(new TokenActions.Requester("city-watch", "carrot", List.of("present")),
                json("{\"group\":\"city-watch\",\"kind\":\"register\"}"), u -> false).error());
        assertEquals("not-authorised", a.make(member, json("{\"group\":\"guild\"}"), u -> false).error(),
                "allow-user-invites does not give the token permission");
        for (String bad : List.of("{\"kind\":\"join\",\"max-uses\":0}", "{\"max-uses\":\"3\"}", "{\"kind\":7}",
                "{\"uses\":2}", "{\"revoked\":false}", "{\"kind\":\"register\",\"username\":\"\"}")) {
            ObjectNode v = (ObjectNode) json(bad);
            v.put("group", "city-watch");
            assertEquals("error", a.make(OP, v, u -> false).error(), bad);
        }
        TokenActions galene = actions();
        TokenActions.Reply none = galene.make(OP, json("{\"group\":\"city-watch\",\"kind\":\"register\"}"), u -> false);
        assertEquals("error", none.error());
        assertTrue(none.value().asText().contains("registration invitations"), none.value().asText());
        TokenActions locked = new TokenActions(store(), Clock.fixed(NOW, ZoneOffset.UTC),
                new TokenActions.InvitePolicy(g -> true, g -> "Group files are read-only here."));
        assertEquals("Group files are read-only here.", locked.make(OP,
                json("{\"group\":\"city-watch\",\"kind\":\"register\"}"), u -> false).value().asText());
    }

    @Test
    void invitationLinks() {
        assertEquals("https://meet.example.org:8443/group/city-watch/?token=abc_-1",
                TokenActions.invitationLink(URI.create("https://meet.example.org:8443"), "city-watch", "abc_-1"));
        assertEquals("https://example.org/meet/group/unseen/high%20energy/?token=x",
                TokenActions.invitationLink(URI.create("https://example.org/meet/"), "unseen/high energy", "x"));
    }
}
