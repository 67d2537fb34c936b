package org.nereid.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.GroupDescription;
import org.nereid.model.Password;
import org.nereid.model.Permissions;
import org.nereid.model.ServerConfig;
import org.nereid.model.StatefulToken;
import org.nereid.model.UserDescription;
import org.nereid.password.Passwords;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthoriserTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ServerConfig CONFIG = ServerConfig.EMPTY;
    static final List<String> OP = List.of("op", "present", "message", "caption", "token");
    static final Password SYBIL = Passwords.hash("sybil");

    @TempDir
    Path dir;
    TokenStore store;
    Authoriser auth;
    OctetSequenceKey hmac;
    GroupDescription group;

    @BeforeEach
    void setUp() throws Exception {
        store = TokenStore.inDataDirectory(dir, CLOCK);
        auth = new Authoriser(store, CLOCK);
        hmac = new OctetSequenceKeyGenerator(256).generate();
        Map<String, Object> key = new java.util.HashMap<>(hmac.toJSONObject());
        key.put("alg", "HS256");
        group = GroupDescription.builder()
                .users(Map.of(
                        "vimes", new UserDescription(SYBIL, Permissions.named("op")),
                        "carrot", new UserDescription(Password.plain("angua"), Permissions.named("present")),
                        "drumknott", new UserDescription(Password.plain("tidy"), Permissions.named("admin"))))
                .authKeys(List.of(key))
                .build();
    }

    static OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    StatefulToken stored(String group, boolean subgroups, String username, Instant expires) throws Exception {
        return store.add(new StatefulToken(TokenStore.newTokenId(), group, subgroups, username,
                List.of("present", "message"), at(expires), null, at(NOW.minusSeconds(60)), "vimes"));
    }

    JoinDecision.Granted granted(JoinDecision d) {
        return assertInstanceOf(JoinDecision.Granted.class, d, d::toString);
    }

    JoinDecision.Refused refused(JoinDecision d, String error, String words) {
        JoinDecision.Refused r = assertInstanceOf(JoinDecision.Refused.class, d, d::toString);
        assertEquals(error, r.error());
        assertTrue(r.message().contains(words), r.message());
        return r;
    }

    JoinDecision join(String groupName, Credentials c) {
        return auth.decideJoin(groupName, group, CONFIG, c);
    }

    // --- passwords

    @Test
    void usersWithTheirPasswordGetTheirExpandedPermissions() {
        JoinDecision.Granted g = granted(join("city-watch", Credentials.password("vimes", "sybil")));
        assertEquals("vimes", g.username());
        assertEquals(OP, g.permissions());
        assertEquals(JoinDecision.Method.PASSWORD, g.method());
        assertEquals(List.of("present", "message"), granted(join("city-watch", Credentials.password("carrot", "angua"))).permissions());

        group = group.toBuilder().allowRecording(true).unrestrictedTokens(true).build();
        assertEquals(List.of("record", "op", "present", "message", "caption", "token"),
                granted(join("city-watch", Credentials.password("vimes", "sybil"))).permissions());
        assertEquals(List.of("token", "present", "message"),
                granted(join("city-watch", Credentials.password("carrot", "angua"))).permissions());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        JoinDecision.Refused r = refused(join("city-watch", Credentials.password("vimes", "wrong")),
                "not-authorised", "Wrong username or password.");
        assertTrue(r.delaysReply());
        refused(join("city-watch", Credentials.password("vimes", null)), "not-authorised", "Wrong username or password.");
        // issue 18: the refusal must not tell which users exist
        assertEquals(r, refused(join("city-watch", Credentials.password("nobby", "x")), "not-authorised", "Wrong"));
        refused(join("city-watch", new Credentials(null, "sybil", null)), "not-authorised", "Give a username");
    }

    @Test
    void aMemberWithTheirOwnEntryStaysWhenItsPasswordChangesButNotWhenItGoes() {
        Credentials atJoin = Credentials.password("carrot", "angua");
        JoinDecision.Method how = granted(join("city-watch", atJoin)).method();
        group = group.toBuilder().users(Map.of(
                "carrot", new UserDescription(Password.plain("new one"), Permissions.named("op")))).build();
        JoinDecision.Granted stays = granted(auth.recheckMember("city-watch", group, CONFIG, atJoin, how));
        assertEquals(OP, stays.permissions(), "permissions follow the file");
        refused(join("city-watch", atJoin), "not-authorised", "Wrong username or password."); // the next join needs the new one

        group = group.toBuilder().users(Map.of()).build();
        refused(auth.recheckMember("city-watch", group, CONFIG, atJoin, how), "not-authorised", "Wrong username");
    }

    @Test
    void aWildcardMemberIsNotHandedANamedEntryAddedLater() {
        group = group.withWildcardUser(new UserDescription(Password.plain("1234"), Permissions.named("message")));
        Credentials atJoin = Credentials.password("nobby", "1234");
        JoinDecision.Method how = granted(join("city-watch", atJoin)).method();
        assertEquals(JoinDecision.Method.SHARED_PASSWORD, how);
        group = group.toBuilder().users(Map.of(
                "nobby", new UserDescription(Password.plain("secret"), Permissions.named("op")))).build();
        refused(auth.recheckMember("city-watch", group, CONFIG, atJoin, how), "not-authorised", "Wrong username or password.");
    }

    @Test
    void wildcardUser() {
        group = group.withWildcardUser(new UserDescription(Password.plain("1234"), Permissions.named("message")));
        JoinDecision.Granted g = granted(join("city-watch", Credentials.password("nobby", "1234")));
        assertEquals("nobby", g.username());
        assertEquals(List.of("message"), g.permissions());
        refused(join("city-watch", Credentials.password("nobby", "12345")), "not-authorised", "Wrong username or password.");
        // a listed user never falls back to the wildcard
        refused(join("city-watch", Credentials.password("vimes", "1234")), "not-authorised", "Wrong username or password.");
        refused(join("city-watch", Credentials.password("../etc", "1234")), "not-authorised", "not allowed");

        group = group.withWildcardUser(new UserDescription(Password.wildcard(), Permissions.named("present")));
        assertEquals("colon", granted(join("city-watch", Credentials.password("colon", "anything"))).username());
        assertEquals("colon", granted(join("city-watch", Credentials.password("colon", null))).username());
    }

    // --- anonymous users (allow-anonymous, as Galène's manual describes it)

    @Test
    void theEmptyUsernameNeedsAllowAnonymous() {
        group = group.withWildcardUser(new UserDescription(Password.wildcard(), Permissions.named("message")))
                .withUser("", new UserDescription(Password.plain("quiet"), Permissions.named("present")));
        JoinDecision.Refused r = refused(join("city-watch", Credentials.password("", "quiet")), "not-authorised",
                "This group does not allow anonymous users: choose a username.");
        assertTrue(r.delaysReply());
        refused(join("city-watch", Credentials.password("", "anything")), "not-authorised", "anonymous");
        assertEquals("nobby", granted(join("city-watch", Credentials.password("nobby", "x"))).username(),
                "named users are not affected");
    }

    @Test
    void withAllowAnonymousTheEmptyUsernameIsAuthorisedAsAnyOtherName() {
        group = group.toBuilder().allowAnonymous(true).build();
        refused(join("city-watch", Credentials.password("", "x")), "not-authorised", "Wrong username or password.");

        group = group.withWildcardUser(new UserDescription(Password.plain("1234"), Permissions.named("message")));
        JoinDecision.Granted g = granted(join("city-watch", Credentials.password("", "1234")));
        assertEquals("", g.username());
        assertEquals(List.of("message"), g.permissions());
        refused(join("city-watch", Credentials.password("", "wrong")), "not-authorised", "Wrong username or password.");

        group = group.withUser("", new UserDescription(Password.plain("quiet"), Permissions.named("present")));
        assertEquals(List.of("present", "message"),
                granted(join("city-watch", Credentials.password("", "quiet"))).permissions(),
                "a listed user \"\" wins over the wildcard user");
        refused(join("city-watch", Credentials.password("", "1234")), "not-authorised",
                "Wrong username or password.");
    }

    @Test
    void aTokenThatNamesNobodyAsksAnEmptyUsernameForANameUnlessAnonymousIsAllowed() throws Exception {
        StatefulToken t = stored("city-watch", false, null, NOW.plusSeconds(3600));
        JoinDecision.Refused r = refused(join("city-watch", new Credentials("", null, t.token())), "need-username",
                "This group does not allow anonymous users: choose a username.");
        assertFalse(r.delaysReply());
        String jwt = jwt(claims("https://meet.example.org/group/city-watch/").subject(null));
        refused(join("city-watch", new Credentials("", null, jwt)), "need-username", "anonymous");

        group = group.toBuilder().allowAnonymous(true).build();
        JoinDecision.Granted g = granted(join("city-watch", new Credentials("", null, t.token())));
        assertEquals("", g.username());
        assertEquals(List.of("present", "message"), g.permissions());
        assertEquals("", granted(join("city-watch", new Credentials("", null, jwt))).username());
    }

    @Test
    void aTokenThatImposesAUsernameIsNotAffected() throws Exception {
        StatefulToken angua = stored("city-watch", false, "angua", NOW.plusSeconds(3600));
        assertEquals("angua", granted(join("city-watch", new Credentials("", null, angua.token()))).username());
        StatefulToken anonymous = stored("city-watch", false, "", NOW.plusSeconds(3600));
        assertEquals("", granted(join("city-watch", Credentials.token(anonymous.token()))).username(),
                "the issuer chose the empty name");
        assertEquals("", granted(join("city-watch", new Credentials("", null, anonymous.token()))).username());
        assertEquals("reg", granted(join("city-watch", new Credentials("reg", null, anonymous.token()))).username());
    }

    // --- stateful tokens

    @Test
    void tokenWithAUsernameOverridesTheClients() throws Exception {
        StatefulToken t = stored("city-watch", false, "angua", NOW.plusSeconds(3600));
        JoinDecision.Granted g = granted(join("city-watch", new Credentials("someone", null, t.token())));
        assertEquals("angua", g.username());
        assertEquals(List.of("present", "message"), g.permissions());
        assertEquals(JoinDecision.Method.STATEFUL_TOKEN, g.method());
        assertEquals("vimes", g.issuer());
        assertEquals("angua", granted(join("city-watch", Credentials.token(t.token()))).username());
    }

    @Test
    void tokenWithoutUsernameAsksForOneThenAdmits() throws Exception {
        StatefulToken t = stored("city-watch", false, null, NOW.plusSeconds(3600));
        JoinDecision.Refused r = refused(join("city-watch", Credentials.token(t.token())), "need-username", "username");
        assertFalse(r.delaysReply());
        assertEquals("reg", granted(join("city-watch", new Credentials("reg", null, t.token()))).username());
        refused(join("city-watch", new Credentials("vimes", null, t.token())), "duplicate-username", "\"vimes\"");
    }

    @Test
    void tokenRefusalsSayWhy() throws Exception {
        refused(join("city-watch", Credentials.token("nonexistent")), "not-authorised", "not known");
        StatefulToken expired = stored("city-watch", false, "a", NOW.minusSeconds(1));
        refused(join("city-watch", Credentials.token(expired.token())), "not-authorised", "expired");
        StatefulToken revoked = stored("city-watch", false, "a", NOW.plusSeconds(3600));
        store.revoke(revoked.token());
        Authoriser later = new Authoriser(store, Clock.offset(CLOCK, Duration.ofMillis(1)));
        refused(later.decideJoin("city-watch", group, CONFIG, Credentials.token(revoked.token())),
                "not-authorised", "revoked");
        StatefulToken future = store.add(new StatefulToken(TokenStore.newTokenId(), "city-watch", false, "a",
                List.of(), at(NOW.plusSeconds(7200)), at(NOW.plusSeconds(3600)), null, null));
        refused(join("city-watch", Credentials.token(future.token())), "not-authorised", "not valid yet");
        StatefulToken other = stored("unseen", false, "a", NOW.plusSeconds(3600));
        refused(join("city-watch", Credentials.token(other.token())), "not-authorised", "for group unseen");
        refused(join("unseen/sub", Credentials.token(other.token())), "not-authorised", "not for unseen/sub");
    }

    @Test
    void hierarchicalAndRootTokens() throws Exception {
        StatefulToken tree = stored("city-watch", true, "a", NOW.plusSeconds(3600));
        granted(join("city-watch/night", Credentials.token(tree.token())));
        refused(join("city-watchers", Credentials.token(tree.token())), "not-authorised", "subgroups");
        StatefulToken root = stored("", true, "a", NOW.plusSeconds(3600));
        granted(join("anything/at/all", Credentials.token(root.token())));
        StatefulToken rootOnly = stored("", false, "a", NOW.plusSeconds(3600));
        refused(join("city-watch", Credentials.token(rootOnly.token())), "not-authorised", "whole server");
    }

    @Test
    void aHandEditedTokenCountsAtOnce() throws Exception {
        StatefulToken t = stored("city-watch", false, "a", NOW.minusSeconds(5));
        refused(join("city-watch", Credentials.token(t.token())), "not-authorised", "expired");
        java.nio.file.Files.writeString(store.path(),
                t.withExpires(at(NOW.plusSeconds(3600))).toJsonLine() + "\n");
        granted(join("city-watch", Credentials.token(t.token())));
    }

    // --- JWTs

    String jwt(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT s = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        s.sign(new MACSigner(hmac));
        return s.serialize();
    }

    JWTClaimsSet.Builder claims(String aud) {
        return new JWTClaimsSet.Builder().subject("john").audience(aud)
                .claim("permissions", List.of("present")).issuer("https://auth.example.org/")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(30)));
    }

    @Test
    void jwtSubjectOverridesAndIssuerIsKept() throws Exception {
        String token = jwt(claims("https://meet.example.org/group/city-watch/"));
        JoinDecision.Granted g = granted(join("city-watch", new Credentials("someone", null, token)));
        assertEquals("john", g.username());
        assertEquals(List.of("present"), g.permissions());
        assertEquals(JoinDecision.Method.JWT, g.method());
        assertEquals("https://auth.example.org/", g.issuer());
    }

    @Test
    void jwtWithoutSubjectTakesTheClientsName() throws Exception {
        String token = jwt(claims("https://meet.example.org/group/city-watch/").subject(null));
        assertEquals("reg", granted(join("city-watch", new Credentials("reg", null, token))).username());
        assertEquals("", granted(join("city-watch", Credentials.token(token))).username());
        refused(join("city-watch", new Credentials("carrot", null, token)), "duplicate-username", "carrot");
    }

    @Test
    void jwtAudienceChecks() throws Exception {
        refused(join("city-watch", Credentials.token(jwt(claims("https://meet.example.org/group/unseen/")))),
                "not-authorised", "another group");
        String token = jwt(claims("https://meet.example.org/group/city-watch/"));
        ServerConfig canonical = new ServerConfig("other.example.org", null, null, null, false, null);
        refused(auth.decideJoin("city-watch", group, canonical, Credentials.token(token)), "not-authorised", "another group");
        ServerConfig right = new ServerConfig("meet.example.org", null, null, null, false, null);
        granted(auth.decideJoin("city-watch", group, right, Credentials.token(token)));
        String proxied = jwt(claims("https://example.org/meet/group/city-watch/"));
        ServerConfig proxy = new ServerConfig(null, null, null, "https://example.org/meet/", false, null);
        granted(auth.decideJoin("city-watch", group, proxy, Credentials.token(proxied)));
        String tree = jwt(claims("https://meet.example.org/group/city-watch/").claim("include-subgroups", true));
        granted(join("city-watch/night", Credentials.token(tree)));
        refused(join("city-watch/night", Credentials.token(token)), "not-authorised", "another group");
    }

    @Test
    void jwtFromAnotherKeyOrExpiredIsRefused() throws Exception {
        OctetSequenceKey otherKey = new OctetSequenceKeyGenerator(256).generate();
        SignedJWT s = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                claims("https://meet.example.org/group/city-watch/").build());
        s.sign(new MACSigner(otherKey));
        refused(join("city-watch", Credentials.token(s.serialize())), "not-authorised", "signature");
        String expired = jwt(claims("https://meet.example.org/group/city-watch/")
                .expirationTime(Date.from(NOW.minusSeconds(60))));
        refused(join("city-watch", Credentials.token(expired)), "not-authorised", "expired");
        GroupDescription noKeys = group.withAuthKeys(List.of());
        assertInstanceOf(JoinDecision.Refused.class, auth.decideJoin("city-watch", noKeys, CONFIG,
                Credentials.token(jwt(claims("https://meet.example.org/group/city-watch/")))));
    }

    // --- administrators

    @Test
    void serverAdministrators() throws Exception {
        ServerConfig config = new ServerConfig(null, null, null, null, false, Map.of(
                "vetinari", new UserDescription(Password.plain("lagniappe"), Permissions.named("admin")),
                "drumknott", new UserDescription(Password.plain("tidy"), Permissions.named("op"))));
        assertTrue(auth.isAdmin("", null, config, Credentials.password("vetinari", "lagniappe")));
        assertTrue(auth.isAdmin("city-watch", group, config, Credentials.password("vetinari", "lagniappe")));
        assertFalse(auth.isAdmin("", null, config, Credentials.password("vetinari", "wrong")));
        assertFalse(auth.isAdmin("", null, config, Credentials.password("drumknott", "tidy")));
        assertFalse(auth.isAdmin("", null, config, Credentials.password("vimes", "sybil")));

        StatefulToken rootAdmin = store.add(new StatefulToken(TokenStore.newTokenId(), "", true, null,
                List.of("admin"), at(NOW.plusSeconds(60)), null, null, null));
        assertTrue(auth.isAdmin("", null, config, Credentials.token(rootAdmin.token())));
        StatefulToken groupAdmin = store.add(new StatefulToken(TokenStore.newTokenId(), "city-watch", false, "x",
                List.of("admin"), at(NOW.plusSeconds(60)), null, null, null));
        assertFalse(auth.isAdmin("", null, config, Credentials.token(groupAdmin.token())));
        assertTrue(auth.isAdmin("city-watch", group, config, Credentials.token(groupAdmin.token())));
        store.revoke(rootAdmin.token());
        assertFalse(new Authoriser(store, Clock.offset(CLOCK, Duration.ofSeconds(1)))
                .isAdmin("", null, config, Credentials.token(rootAdmin.token())));
    }

    @Test
    void groupAdministrators() throws Exception {
        assertTrue(auth.isAdmin("city-watch", group, CONFIG, Credentials.password("drumknott", "tidy")));
        assertFalse(auth.isAdmin("city-watch", group, CONFIG, Credentials.password("vimes", "sybil")));
        String adminJwt = jwt(claims("https://meet.example.org/group/city-watch/").claim("permissions", List.of("admin")));
        assertTrue(auth.isAdmin("city-watch", group, CONFIG, Credentials.token(adminJwt)));
        assertFalse(auth.isAdmin("", null, CONFIG, Credentials.token(adminJwt)), "the server has no keys");
        assertFalse(auth.isAdmin("unseen", null, CONFIG, Credentials.password("drumknott", "tidy")));
    }

    @Test
    void passwordChangesByTheUserOrAnAdmin() {
        assertTrue(auth.mayChangePassword("city-watch", group, CONFIG, Credentials.password("carrot", "angua"), "carrot"));
        assertFalse(auth.mayChangePassword("city-watch", group, CONFIG, Credentials.password("carrot", "angua"), "vimes"));
        assertFalse(auth.mayChangePassword("city-watch", group, CONFIG, Credentials.password("carrot", "x"), "carrot"));
        assertTrue(auth.mayChangePassword("city-watch", group, CONFIG, Credentials.password("drumknott", "tidy"), "vimes"));
    }

    @Test
    void authorizationHeaders() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("vetinari:lag:niappe".getBytes(StandardCharsets.UTF_8));
        Credentials c = Credentials.fromAuthorization(basic);
        assertEquals("vetinari", c.username());
        assertEquals("lag:niappe", c.password());
        assertNull(c.token());
        assertEquals("abc", Credentials.fromAuthorization("Negotiate x, bearer abc").token());
        assertNull(Credentials.fromAuthorization("Bearer").token());
        assertNull(Credentials.fromAuthorization("Basic !!!").username());
        assertNull(Credentials.fromAuthorization(null).username());
        assertFalse(c.toString().contains("niappe"));
    }
}
