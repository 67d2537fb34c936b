package org.nereid.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nereid.json.Json;
import org.nereid.model.Password;

class PasswordsTest {

    /** A line of the vector files: see src/test/resources/password-vectors/README.md. */
    record Vector(String password, Password stored) {
        @Override
        public String toString() {
            return stored.key().substring(0, Math.min(7, stored.key().length())) + " " + password;
        }
    }

    static List<Vector> vectors(String file) throws Exception {
        List<Vector> result = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                PasswordsTest.class.getResourceAsStream("/password-vectors/" + file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                result.add(Json.mapper().readValue(line, Vector.class));
            }
        }
        return result;
    }

    static List<Vector> pbkdf2Vectors() throws Exception {
        return vectors("pbkdf2.jsonl");
    }

    static List<Vector> bcryptVectors() throws Exception {
        return vectors("bcrypt.jsonl");
    }

    @ParameterizedTest
    @MethodSource({"pbkdf2Vectors", "bcryptVectors"})
    void independentVectorsMatch(Vector v) {
        assertTrue(Passwords.matches(v.stored(), v.password()));
        // bcrypt looks at the first 72 bytes only
        boolean truncated = v.stored().type().equals("bcrypt") && v.password().length() >= 72;
        assertEquals(truncated, Passwords.matches(v.stored(), v.password() + "x"));
        assertFalse(Passwords.matches(v.stored(), "wrong"));
    }

    @Test
    void bcryptPrefixesAreAllThere() throws Exception {
        List<String> prefixes = bcryptVectors().stream().map(v -> v.stored().key().substring(0, 4)).distinct()
                .sorted().toList();
        assertEquals(List.of("$2a$", "$2b$", "$2y$"), prefixes);
    }

    @Test
    void plainComparesExactly() {
        Password p = Password.plain("sybil");
        assertTrue(Passwords.matches(p, "sybil"));
        assertFalse(Passwords.matches(p, "Sybil"));
        assertFalse(Passwords.matches(p, "sybi"));
        assertFalse(Passwords.matches(p, "sybill"));
        assertFalse(Passwords.matches(p, ""));
        assertTrue(Passwords.matches(Password.plain(""), ""));
        assertTrue(Passwords.matches(Password.plain("pässwörd"), "pässwörd"));
    }

    @Test
    void wildcardMatchesAnythingAndEmptyMatchesNothing() {
        assertTrue(Passwords.matches(Password.wildcard(), "anything"));
        assertTrue(Passwords.matches(Password.wildcard(), ""));
        assertFalse(Passwords.matches(new Password(null, null, null, null, 0), ""));
        assertFalse(Passwords.matches(null, "x"));
    }

    @Test
    void hashMakesGalenesDefaultBcrypt() {
        Password p = Passwords.hash("sybil");
        assertEquals("bcrypt", p.type());
        assertTrue(p.key().startsWith("$2a$08$"), p.key());
        assertEquals(60, p.key().length());
        assertTrue(Passwords.matches(p, "sybil"));
        assertFalse(Passwords.matches(p, "sybi1"));
        assertTrue(!p.key().equals(Passwords.hash("sybil").key()), "salts differ");
    }

    @Test
    void pbkdf2MakesGalenesShape() throws Exception {
        Password p = Passwords.pbkdf2("sybil", Passwords.DEFAULT_PBKDF2_ITERATIONS,
                Passwords.DEFAULT_PBKDF2_KEY_LENGTH, Passwords.DEFAULT_PBKDF2_SALT_LENGTH);
        assertEquals("pbkdf2", p.type());
        assertEquals("sha-256", p.hash());
        assertEquals(64, p.key().length());
        assertEquals(16, p.salt().length());
        assertEquals(4096, p.iterations());
        assertTrue(Passwords.matches(p, "sybil"));
        assertFalse(Passwords.matches(p, "sybi1"));
        String json = Json.write(p);
        assertTrue(json.matches("\\{\"type\":\"pbkdf2\",\"hash\":\"sha-256\",\"key\":\"[0-9a-f]{64}\","
                + "\"salt\":\"[0-9a-f]{16}\",\"iterations\":4096}"), json);
    }

    @Test
    void upperCaseHexIsAcceptedAsGoDoes() throws Exception {
        Vector v = pbkdf2Vectors().get(0);
        Password upper = Password.pbkdf2("sha-256", v.stored().key().toUpperCase(), v.stored().salt().toUpperCase(),
                v.stored().iterations());
        assertTrue(Passwords.matches(upper, v.password()));
    }

    @Test
    void malformedStoredPasswordsAreErrors() {
        assertThrows(PasswordFormatException.class,
                () -> Passwords.matches(new Password("plain", null, null, null, 0), "x"));
        assertThrows(PasswordFormatException.class,
                () -> Passwords.matches(new Password("md5", null, "x", null, 0), "x"));
        assertThrows(PasswordFormatException.class,
                () -> Passwords.matches(Password.pbkdf2("sha-1", "00", "00", 1), "x"));
        assertThrows(PasswordFormatException.class,
                () -> Passwords.matches(Password.pbkdf2("sha-256", "zz", "00", 1), "x"));
        assertThrows(PasswordFormatException.class,
                () -> Passwords.matches(Password.pbkdf2("sha-256", "", "00", 1), "x"));
        assertThrows(PasswordFormatException.class,
                () -> Passwords.matches(Password.pbkdf2("sha-256", "00", "00", 0), "x"));
        assertThrows(PasswordFormatException.class,
                () -> Passwords.matches(Password.bcrypt("$2a$10$bTWW..."), "x"));
        assertThrows(PasswordFormatException.class,
                () -> Passwords.matches(new Password("bcrypt", null, null, null, 0), "x"));
    }

    @Test
    void bcryptRefusesWhatGoRefuses() {
        assertThrows(IllegalArgumentException.class, () -> Passwords.bcrypt("a".repeat(73), 4));
        assertThrows(IllegalArgumentException.class, () -> Passwords.bcrypt("a", 3));
    }
}
