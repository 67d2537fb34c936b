package org.nereid.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.nereid.fuzz.FuzzTarget;

/**
 * Garbled and forged JWTs against a group's keys (an HMAC key and an ES256 public key, as in
 * a group file): refused with a sentence, never a crash, and never accepted unless the
 * token says exactly what one of the genuinely signed seeds says.
 */
class JwtFuzzTest {
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final List<Map<String, Object>> KEYS = List.of(
            Map.of("kty", "oct", "alg", "HS256", "k", "MYz3IfCq4Yq-UmPdNqWEOdPl4C_m9imHHs9uveDUJGQ"),
            Map.of("kty", "EC", "alg", "ES256", "crv", "P-256", "kid", "ec1",
                    "x", "yJRRxqAZ0b56YxQ35cmyX0MbXXal_oi0z-G_gRyuSdI",
                    "y", "az4GgcNlOn-gq8EEUpPt3zpI4oSDhdYM2E8-tQSBhmQ"));
    /** What the genuinely signed seeds say: header and claims, decoded. */
    private static final Set<String> SIGNED = signedSeeds();

    @FuzzTest(maxDuration = "2s")
    @DictionaryEntries({"eyJ", ".", "\"alg\"", "\"none\"", "\"HS256\"", "\"ES256\"", "\"RS256\"", "\"kid\"",
            "\"exp\"", "\"nbf\"", "\"iat\"", "\"sub\"", "\"aud\"", "\"permissions\"", "\"include-subgroups\"",
            "\"crit\"", "\"b64\"", "\"jwk\"", "\"x5u\""})
    void refusesForgeries(byte[] input) {
        FuzzTarget.check(input, () -> {
            String token = new String(input, StandardCharsets.UTF_8);
            JwtVerifier.looksLikeJwt(token);
            JwtVerifier.verify(token, KEYS, NOW);
            assertTrue(SIGNED.contains(said(SignedJWT.parse(token))), "accepted a token no key signed: " + token);
        }, Refusal.class);
    }

    private static String said(SignedJWT jwt) {
        return jwt.getHeader().toJSONObject() + " " + jwt.getPayload().toJSONObject();
    }

    private static Set<String> signedSeeds() {
        Set<String> said = new HashSet<>();
        try {
            Path dir = Path.of(JwtFuzzTest.class.getResource("JwtFuzzTestInputs/refusesForgeries").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("signed-")).toList()) {
                    said.add(said(SignedJWT.parse(Files.readString(f).trim())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ParseException e) {
            throw new IllegalStateException(e);
        }
        return said;
    }
}
