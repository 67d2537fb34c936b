package org.nereid.auth;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.cluster.SharedFiles;
import org.nereid.model.GroupDescription;
import org.nereid.model.Password;
import org.nereid.model.Permissions;
import org.nereid.model.ServerConfig;
import org.nereid.model.StatefulToken;
import org.nereid.model.UserDescription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rejoin credentials on real files: made, verified, refused when altered, expired, for another
 * group or name, or under another key; the key kept owner-only across restarts; and through
 * the authoriser, a rejoin admitted as its token's join without counting a use, refused once
 * the token is revoked, expired or deleted.
 */
class RejoinCredentialsTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @TempDir
    Path dir;
    Path keyFile;

    @BeforeEach
    void setUp() {
        keyFile = dir.resolve("var").resolve(RejoinKey.FILE_NAME);
    }

    RejoinCredentials credentials() {
        return new RejoinCredentials(new RejoinKey(keyFile, () -> SharedFiles.LOCAL));
    }

    static String refusal(Refusal r) {
        assertEquals(JoinDecision.NOT_AUTHORISED, r.refused().error());
        return r.getMessage();
    }

    @Test
    void aCredentialVerifiesWithItsClaimsUntilItExpires() throws Exception {
        RejoinCredentials c = credentials();
        String credential = c.mint("class/a", "tok", "ridcully", NOW);
        assertTrue(RejoinCredentials.looksLike(credential), credential);
        assertFalse(JwtVerifier.looksLikeJwt(credential), "never taken for a JWT");
        assertEquals(new RejoinCredentials.Claims("class/a", "tok", "ridcully", NOW.plus(RejoinCredentials.LIFETIME)),
                c.verify(credential, NOW));
        assertEquals("ridcully", c.verify(credential, NOW.plus(RejoinCredentials.LIFETIME).minusSeconds(1)).username());
        String expired = refusal(assertThrows(Refusal.class, () -> c.verify(credential,
                NOW.plus(RejoinCredentials.LIFETIME))));
        assertTrue(expired.contains("expired"), expired);
        assertNotEquals(credential, c.mint("class/a", "tok", "ridcully", NOW.plusSeconds(1)), "each has its expiry");
    }

    @Test
    void anyChangeToACredentialIsRefused() throws Exception {
        RejoinCredentials c = credentials();
        String credential = c.mint("class", "tok", "guest", NOW);
        int dot = credential.lastIndexOf('.');
        // the claims rewritten (another name), signature kept
        String claims = new String(Base64.getUrlDecoder().decode(credential.substring(RejoinCredentials.PREFIX.length(),
                dot)), java.nio.charset.StandardCharsets.UTF_8);
        String forged = RejoinCredentials.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.replace("guest", "admin").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + credential.substring(dot);
        // the signature's last character with its spare bits flipped: the same bytes once decoded
        char last = credential.charAt(credential.length() - 1);
        String respelt = credential.substring(0, credential.length() - 1) + URL_ALPHABET.charAt(
                URL_ALPHABET.indexOf(last) ^ 0b11);
        assertTrue(Arrays.equals(Base64.getUrlDecoder().decode(credential.substring(dot + 1)),
                Base64.getUrlDecoder().decode(respelt.substring(dot + 1))), "a test of spare bits");
        List<String> bad = List.of(forged, respelt,
                credential.substring(0, credential.length() - 2) + (credential.endsWith("A") ? "BB" : "AA"),
                credential.substring(0, dot), credential + "x", RejoinCredentials.PREFIX, RejoinCredentials.PREFIX + ".",
                RejoinCredentials.PREFIX + "!!!.???", RejoinCredentials.PREFIX + "x".repeat(RejoinCredentials.MAX_LENGTH));
        for (String b : bad) {
            String why = refusal(assertThrows(Refusal.class, () -> c.verify(b, NOW), b));
            assertTrue(why.contains("not valid here"), why);
            assertFalse(why.contains(b.substring(RejoinCredentials.PREFIX.length())) && b.length() > 20,
                    "the credential is not repeated: " + why);
        }
        // made under another server's key
        Path other = dir.resolve("other").resolve(RejoinKey.FILE_NAME);
        String foreign = new RejoinCredentials(new RejoinKey(other, () -> SharedFiles.LOCAL)).mint("class", "tok", "guest", NOW);
        assertThrows(Refusal.class, () -> c.verify(foreign, NOW));
    }

    @Test
    void theKeyIsMadeOnceOwnerOnlyAndKeptAcrossRestarts() throws Exception {
        AtomicInteger shared = new AtomicInteger();
        SharedFiles counting = new SharedFiles() {
            @Override
            public <T, E extends Exception> T change(Path file, Change<T, E> change) throws E, java.io.IOException {
                shared.incrementAndGet();
                assertEquals(keyFile, file);
                return change.run();
            }
        };
        RejoinCredentials first = new RejoinCredentials(new RejoinKey(keyFile, () -> counting));
        assertFalse(Files.exists(keyFile), "made at the first credential, not before");
        String credential = first.mint("class", "tok", "guest", NOW);
        assertEquals(1, shared.get(), "made through the shared-files hook, so a cluster agrees on it");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals(RejoinKey.BYTES, Base64.getDecoder().decode(Files.readString(keyFile).trim()).length);
        String key = Files.readString(keyFile);
        first.mint("class", "tok", "other", NOW);
        assertEquals(1, shared.get(), "an existing key is read, not made again");
        try (var listing = Files.list(keyFile.getParent())) {
            assertEquals(List.of(keyFile), listing.toList(), "no temporary file left");
        }

        // a restarted server reads the same key
        assertEquals("guest", credentials().verify(credential, NOW).username());
        assertEquals(key, Files.readString(keyFile));

        // a new key (another node's after a merge, or an operator's) is seen at once: old credentials stop
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(new byte[RejoinKey.BYTES]) + "\n");
        assertThrows(Refusal.class, () -> first.verify(credential, NOW));
        // a damaged key refuses with a sentence and makes nothing
        Files.writeString(keyFile, "short\n");
        String why = refusal(assertThrows(Refusal.class, () -> first.verify(credential, NOW)));
        assertTrue(why.contains("cannot check"), why);
        assertThrows(java.io.IOException.class, () -> first.mint("class", "tok", "guest", NOW));
    }

    // --- through the authoriser, over a real tokens.jsonl

    TokenStore store;
    Authoriser auth;
    GroupDescription group = GroupDescription.builder()
            .users(Map.of("vimes", new UserDescription(Password.plain("sybil"), Permissions.named("op"))))
            .build();

    StatefulToken singleUse(String username) throws Exception {
        store = TokenStore.inDataDirectory(dir, CLOCK);
        auth = new Authoriser(store, CLOCK);
        return store.add(new StatefulToken(TokenStore.newTokenId(), "class", false, username,
                List.of("present", "message"), OffsetDateTime.ofInstant(NOW.plusSeconds(3600), ZoneOffset.UTC), null,
                null, "vimes").withMaxUses(1));
    }

    JoinDecision join(String groupName, Credentials c) {
        return auth.decideJoin(groupName, group, ServerConfig.EMPTY, c);
    }

    /** Joins with the token as signalling does (decide, claim the use) and returns the rejoin credential. */
    String joinOnce(StatefulToken t, String username) {
        JoinDecision.Granted g = assertInstanceOf(JoinDecision.Granted.class,
                join("class", new Credentials(username, null, t.token())));
        assertTrue(g.countsUse());
        assertInstanceOf(JoinDecision.Granted.class, auth.claimUse(g));
        return auth.rejoinCredential("class", g).orElseThrow();
    }

    JoinDecision.Refused refused(JoinDecision d, String words) {
        JoinDecision.Refused r = assertInstanceOf(JoinDecision.Refused.class, d, d::toString);
        assertTrue(r.message().contains(words), r.message());
        return r;
    }

    @Test
    void aRejoinIsAdmittedAsTheTokensJoinAndCountsNoUse() throws Exception {
        StatefulToken t = singleUse(null);
        String credential = joinOnce(t, "rincewind");
        assertEquals(1, store.get(t.token()).orElseThrow().uses());
        refused(join("class", new Credentials("twoflower", null, t.token())), "used up");

        for (String name : new String[] {"rincewind", null}) {
            JoinDecision.Granted g = assertInstanceOf(JoinDecision.Granted.class,
                    join("class", new Credentials(name, null, credential)));
            assertEquals("rincewind", g.username());
            assertEquals(List.of("present", "message"), g.permissions());
            assertEquals(JoinDecision.Method.REJOIN, g.method());
            assertEquals("vimes", g.issuer());
            assertFalse(g.countsUse());
            assertEquals(g, auth.claimUse(g));
            auth.returnUse(g);
            // and it gives a fresh credential for the next time
            assertTrue(auth.rejoinCredential("class", g).isPresent());
        }
        assertEquals(1, store.get(t.token()).orElseThrow().uses(), "no use counted or given back");
        // password users get none
        JoinDecision.Granted byPassword = assertInstanceOf(JoinDecision.Granted.class,
                join("class", Credentials.password("vimes", "sybil")));
        assertTrue(auth.rejoinCredential("class", byPassword).isEmpty());
    }

    @Test
    void aRejoinForAnotherGroupOrNameIsRefused() throws Exception {
        StatefulToken t = singleUse(null);
        String credential = joinOnce(t, "rincewind");
        refused(join("class/b", new Credentials("rincewind", null, credential)), "for group class, not for class/b");
        refused(join("class", new Credentials("twoflower", null, credential)), "for the name \"rincewind\"");
        // a name that became a user's of the group is that user's now
        group = group.toBuilder().users(Map.of("rincewind", new UserDescription(Password.plain("x"),
                Permissions.named("op")))).build();
        assertEquals(JoinDecision.DUPLICATE_USERNAME, refused(join("class", new Credentials("rincewind", null,
                credential)), "now belongs").error());
    }

    @Test
    void aRejoinNeedsTheTokenStillValid() throws Exception {
        StatefulToken t = singleUse("guest");
        String credential = joinOnce(t, null);
        store.revoke(t.token());
        refused(join("class", Credentials.token(credential)), "revoked");
        store.extend(t.token(), NOW.plusSeconds(60));
        assertInstanceOf(JoinDecision.Granted.class, join("class", Credentials.token(credential)));
        store.extend(t.token(), NOW.minusSeconds(1));
        refused(join("class", Credentials.token(credential)), "expired");
        store.delete(t.token(), null);
        refused(join("class", Credentials.token(credential)), "deleted");
    }
}
