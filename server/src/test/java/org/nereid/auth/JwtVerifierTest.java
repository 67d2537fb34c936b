package org.nereid.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JWTs signed for real with keys of every supported family, and forged ones. */
class JwtVerifierTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String AUD = "https://meet.example.org:8443/group/city-watch/";

    /** Keys for tests, generated once: they are slow to make. */
    static final class Keys {
        static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048).keyID("rsa").generate());
        static final RSAKey RSA_OTHER = generate(() -> new RSAKeyGenerator(2048).generate());
    }

    interface KeyMaker<K> {
        K make() throws Exception;
    }

    static <K> K generate(KeyMaker<K> maker) {
        try {
            return maker.make();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("john").audience(AUD)
                .claim("permissions", List.of("present"))
                .issueTime(Date.from(NOW.minusSeconds(10))).expirationTime(Date.from(NOW.plusSeconds(30)))
                .issuer("https://auth.example.org/");
    }

    static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** The group file's view of a key: the public part with "alg" set. */
    static Map<String, Object> groupKey(JWK key, JWSAlgorithm alg) {
        JWK pub = key instanceof OctetSequenceKey ? key : key.toPublicJWK();
        Map<String, Object> m = new HashMap<>(pub.toJSONObject());
        m.put("alg", alg.getName());
        return m;
    }

    static JwtVerifier.Claims verify(String token, List<Map<String, Object>> keys) throws Refusal {
        return JwtVerifier.verify(token, keys, NOW);
    }

    static String refusal(String token, List<Map<String, Object>> keys) {
        return assertThrows(Refusal.class, () -> verify(token, keys)).refused().message();
    }

    @Test
    void everyHmacSize() throws Exception {
        for (var e : Map.of(JWSAlgorithm.HS256, 256, JWSAlgorithm.HS384, 384, JWSAlgorithm.HS512, 512).entrySet()) {
            OctetSequenceKey k = new OctetSequenceKeyGenerator(e.getValue()).generate();
            String token = sign(new MACSigner(k), e.getKey(), null, claims().build());
            JwtVerifier.Claims c = verify(token, List.of(groupKey(k, e.getKey())));
            assertEquals("john", c.subject());
            assertEquals(List.of("present"), c.permissions());
            assertEquals("https://auth.example.org/", c.issuer());
            assertEquals(List.of(AUD), c.audience());
        }
    }

    @Test
    void everyCurve() throws Exception {
        for (var e : Map.of(JWSAlgorithm.ES256, Curve.P_256, JWSAlgorithm.ES384, Curve.P_384,
                JWSAlgorithm.ES512, Curve.P_521).entrySet()) {
            ECKey k = new ECKeyGenerator(e.getValue()).generate();
            String token = sign(new ECDSASigner(k), e.getKey(), null, claims().build());
            assertEquals("john", verify(token, List.of(groupKey(k, e.getKey()))).subject());
        }
    }

    @Test
    void rsaAndPss() throws Exception {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS512)) {
            String token = sign(new RSASSASigner(Keys.RSA), alg, null, claims().build());
            assertEquals("john", verify(token, List.of(groupKey(Keys.RSA, alg))).subject());
        }
    }

    @Test
    void unsignedTokensAreRefused() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String payload = claims().build().toPayload().toBase64URL().toString();
        String none = header + "." + payload + ".";
        assertTrue(JwtVerifier.looksLikeJwt(none));
        OctetSequenceKey k = generate(() -> new OctetSequenceKeyGenerator(256).generate());
        refusal(none, List.of(groupKey(k, JWSAlgorithm.HS256)));
        refusal(none, List.of(groupKey(Keys.RSA, JWSAlgorithm.RS256)));
    }

    @Test
    void hmacWithTheRsaPublicKeyAsSecretIsRefused() throws Exception {
        List<Map<String, Object>> keys = List.of(groupKey(Keys.RSA, JWSAlgorithm.RS256));
        byte[] publicKeyBytes = Keys.RSA.toRSAPublicKey().getEncoded();
        String forged = sign(new MACSigner(publicKeyBytes), JWSAlgorithm.HS256, null, claims().build());
        assertTrue(refusal(forged, keys).contains("No key of this group verifies HS256"));
        String forgedWithKid = sign(new MACSigner(publicKeyBytes), JWSAlgorithm.HS256, "rsa", claims().build());
        refusal(forgedWithKid, keys);
        // also the PEM/JSON text of the key, as some confusion attacks use
        byte[] jsonBytes = Keys.RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        refusal(sign(new MACSigner(jsonBytes), JWSAlgorithm.HS256, null, claims().build()), keys);
    }

    @Test
    void aKeyPinnedToOneAlgorithmRefusesAnother() throws Exception {
        // the same RSA key declared for RS256 does not verify a PS256 signature it made
        String pss = sign(new RSASSASigner(Keys.RSA), JWSAlgorithm.PS256, null, claims().build());
        refusal(pss, List.of(groupKey(Keys.RSA, JWSAlgorithm.RS256)));
    }

    @Test
    void wrongKeyAndTamperingAreRefused() throws Exception {
        String token = sign(new RSASSASigner(Keys.RSA_OTHER), JWSAlgorithm.RS256, null, claims().build());
        assertTrue(refusal(token, List.of(groupKey(Keys.RSA, JWSAlgorithm.RS256))).contains("signature"));
        String good = sign(new RSASSASigner(Keys.RSA), JWSAlgorithm.RS256, null, claims().build());
        String[] parts = good.split("\\.");
        String otherPayload = claims().subject("vetinari").build().toPayload().toBase64URL().toString();
        refusal(parts[0] + "." + otherPayload + "." + parts[2], List.of(groupKey(Keys.RSA, JWSAlgorithm.RS256)));
    }

    @Test
    void kidSelectsTheKeyElseAllAreTried() throws Exception {
        OctetSequenceKey a = new OctetSequenceKeyGenerator(256).keyID("a").generate();
        OctetSequenceKey b = new OctetSequenceKeyGenerator(256).keyID("b").generate();
        List<Map<String, Object>> keys = List.of(groupKey(a, JWSAlgorithm.HS256), groupKey(b, JWSAlgorithm.HS256));
        assertEquals("john", verify(sign(new MACSigner(b), JWSAlgorithm.HS256, "b", claims().build()), keys).subject());
        assertEquals("john", verify(sign(new MACSigner(b), JWSAlgorithm.HS256, null, claims().build()), keys).subject());
        assertTrue(refusal(sign(new MACSigner(b), JWSAlgorithm.HS256, "c", claims().build()), keys)
                .contains("key id \"c\""));
        refusal(sign(new MACSigner(b), JWSAlgorithm.HS256, "a", claims().build()), keys);
    }

    @Test
    void timesAreChecked() throws Exception {
        OctetSequenceKey k = new OctetSequenceKeyGenerator(256).generate();
        List<Map<String, Object>> keys = List.of(groupKey(k, JWSAlgorithm.HS256));
        MACSigner s = new MACSigner(k);
        String expired = sign(s, JWSAlgorithm.HS256, null,
                claims().expirationTime(Date.from(NOW.minusSeconds(6))).build());
        assertTrue(refusal(expired, keys).contains("expired"));
        String justExpired = sign(s, JWSAlgorithm.HS256, null,
                claims().expirationTime(Date.from(NOW.minusSeconds(4))).build());
        verify(justExpired, keys);
        String noExp = sign(s, JWSAlgorithm.HS256, null, claims().expirationTime(null).build());
        assertTrue(refusal(noExp, keys).contains("no expiry"));
        String early = sign(s, JWSAlgorithm.HS256, null, claims().notBeforeTime(Date.from(NOW.plusSeconds(60))).build());
        assertTrue(refusal(early, keys).contains("not valid yet"));
        String future = sign(s, JWSAlgorithm.HS256, null, claims().issueTime(Date.from(NOW.plusSeconds(60))).build());
        assertTrue(refusal(future, keys).contains("not valid yet"));
    }

    @Test
    void claimsAbsentOrMalformed() throws Exception {
        OctetSequenceKey k = new OctetSequenceKeyGenerator(256).generate();
        List<Map<String, Object>> keys = List.of(groupKey(k, JWSAlgorithm.HS256));
        MACSigner s = new MACSigner(k);
        JwtVerifier.Claims c = verify(sign(s, JWSAlgorithm.HS256, null,
                claims().subject(null).claim("permissions", null).claim("include-subgroups", true).build()), keys);
        assertNull(c.subject());
        assertNull(c.permissions());
        assertTrue(c.includeSubgroups());
        refusal(sign(s, JWSAlgorithm.HS256, null, claims().claim("permissions", "op").build()), keys);
        refusal(sign(s, JWSAlgorithm.HS256, null, claims().claim("permissions", List.of(1)).build()), keys);
        refusal("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", keys);
    }

    @Test
    void groupKeysMustNameASuitableAlgorithm() throws Exception {
        OctetSequenceKey hs = new OctetSequenceKeyGenerator(256).generate();
        Map<String, Object> noAlg = new HashMap<>(hs.toJSONObject());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthKey.parse(noAlg)).getMessage().contains("alg"));
        assertThrows(IllegalArgumentException.class, () -> AuthKey.parse(groupKey(hs, JWSAlgorithm.HS512)));
        assertThrows(IllegalArgumentException.class, () -> AuthKey.parse(groupKey(hs, JWSAlgorithm.RS256)));
        ECKey p256 = new ECKeyGenerator(Curve.P_256).generate();
        assertThrows(IllegalArgumentException.class, () -> AuthKey.parse(groupKey(p256, JWSAlgorithm.ES384)));
        assertThrows(IllegalArgumentException.class, () -> AuthKey.parse(groupKey(p256, JWSAlgorithm.HS256)));
        assertThrows(IllegalArgumentException.class, () -> AuthKey.parse(groupKey(Keys.RSA, JWSAlgorithm.ES256)));
        RSAKey small = new RSAKeyGenerator(1024, true).generate();
        assertThrows(IllegalArgumentException.class, () -> AuthKey.parse(groupKey(small, JWSAlgorithm.RS256)));
        Map<String, Object> none = groupKey(hs, JWSAlgorithm.HS256);
        none.put("alg", "none");
        assertThrows(IllegalArgumentException.class, () -> AuthKey.parse(none));
    }

    @Test
    void audienceAsGalene() {
        // Galène's matchGroup table
        assertTrue(JwtVerifier.pathMatches("/group/a/", "a", false));
        assertTrue(JwtVerifier.pathMatches("/group/a/b/", "a/b", false));
        assertTrue(JwtVerifier.pathMatches("/group/a/", "a", true));
        assertTrue(JwtVerifier.pathMatches("/group/a/", "a/b", true));
        assertTrue(JwtVerifier.pathMatches("/group/a/b/", "a/b/c", true));
        assertFalse(JwtVerifier.pathMatches("/group/a/", "b", false));
        assertFalse(JwtVerifier.pathMatches("/group/a", "a", false));
        assertFalse(JwtVerifier.pathMatches("/group/a", "a", true));
        assertFalse(JwtVerifier.pathMatches("/group/a/", "a/b", false));
        assertFalse(JwtVerifier.pathMatches("/group/a/b/", "a", true));
        assertFalse(JwtVerifier.pathMatches("/group/ab/", "a/b", true));

        JwtVerifier.Claims c = new JwtVerifier.Claims("john", List.of("nonsense:", AUD), false, null, null);
        assertTrue(JwtVerifier.audienceNames(c, "", null, "city-watch"));
        assertTrue(JwtVerifier.audienceNames(c, "meet.example.org:8443", null, "city-watch"));
        assertTrue(JwtVerifier.audienceNames(c, "MEET.example.org:8443", null, "city-watch"));
        assertFalse(JwtVerifier.audienceNames(c, "meet.example.org", null, "city-watch"));
        assertFalse(JwtVerifier.audienceNames(c, "", null, "city-watch/night"));
        assertFalse(JwtVerifier.audienceNames(c, "", null, "unseen"));
        JwtVerifier.Claims spaced = new JwtVerifier.Claims("john", List.of(
                "https://h/group/unseen/high energy/", "https://h/group/unseen/low%20energy/"), false, null, null);
        assertTrue(JwtVerifier.audienceNames(spaced, "", null, "unseen/high energy"));
        assertTrue(JwtVerifier.audienceNames(spaced, "", null, "unseen/low energy"));
        JwtVerifier.Claims proxied = new JwtVerifier.Claims("john",
                List.of("https://example.org/meet/group/city-watch/"), false, null, null);
        assertTrue(JwtVerifier.audienceNames(proxied, "", "/meet/", "city-watch"));
        assertFalse(JwtVerifier.audienceNames(proxied, "", null, "city-watch"));
        assertFalse(JwtVerifier.audienceNames(new JwtVerifier.Claims("j", List.of(), false, null, null),
                "", null, "city-watch"));
    }

    @Test
    void tellsJwtsFromTokenIds() {
        assertTrue(JwtVerifier.looksLikeJwt("eyJhbGciOiJIUzI1NiJ9.e30.c2ln"));
        assertFalse(JwtVerifier.looksLikeJwt(TokenStore.newTokenId()));
        assertFalse(JwtVerifier.looksLikeJwt("a.b.c"));
        assertFalse(JwtVerifier.looksLikeJwt("eyJhbGciOiJIUzI1NiJ9.e30"));
    }
}
