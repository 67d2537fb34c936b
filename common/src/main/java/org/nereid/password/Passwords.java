package org.nereid.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.nereid.model.Password;

/**
 * Checks and makes passwords in Galène's stored forms. Every comparison takes time that
 * does not depend on where the stored secret differs from the attempt. Slow hashes run at
 * most one per processor at a time, as in Galène, so a burst of logins cannot exhaust the
 * machine.
 */
public final class Passwords {
    /** galenectl's defaults: bcrypt with cost 8; pbkdf2 with 4096 iterations, 32-byte key, 8-byte salt. */
    public static final int DEFAULT_BCRYPT_COST = 8;
    public static final int DEFAULT_PBKDF2_ITERATIONS = 4096;
    public static final int DEFAULT_PBKDF2_KEY_LENGTH = 32;
    public static final int DEFAULT_PBKDF2_SALT_LENGTH = 8;
    /** The only pbkdf2 hash Galène knows. */
    public static final String SHA_256 = "sha-256";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Semaphore HASHING = new Semaphore(Runtime.getRuntime().availableProcessors());
    private static final HexFormat HEX = HexFormat.of();

    private Passwords() {
    }

    /**
     * True if {@code attempt} matches {@code stored}. A null stored password, or one without
     * a type ({@code {}}), matches nothing; a wildcard matches everything.
     *
     * @throws PasswordFormatException if the stored password is malformed
     */
    public static boolean matches(Password stored, String attempt) {
        if (stored == null || stored.type() == null || attempt == null) {
            return false;
        }
        return switch (stored.type()) {
            case Password.PLAIN -> constantTimeEquals(attempt, requireKey(stored));
            case Password.WILDCARD -> true;
            case Password.PBKDF2 -> matchesPbkdf2(stored, attempt);
            case Password.BCRYPT -> matchesBcrypt(stored, attempt);
            default -> throw new PasswordFormatException("unknown password type \"" + stored.type()
                    + "\"; use plain, pbkdf2, bcrypt or wildcard");
        };
    }

    /**
     * Compares in time that depends only on the length of {@code attempt}, so neither the
     * content nor the length of {@code secret} leaks.
     */
    public static boolean constantTimeEquals(String attempt, String secret) {
        return MessageDigest.isEqual(attempt.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The default hash, as galenectl makes it: bcrypt with cost 8. */
    public static Password hash(String password) {
        return bcrypt(password, DEFAULT_BCRYPT_COST);
    }

    /** A bcrypt hash in Go's {@code $2a$} form; cost 4 to 31. */
    public static Password bcrypt(String password, int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, not " + cost);
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            // Go's bcrypt refuses these rather than silently ignoring the rest.
            throw new IllegalArgumentException("bcrypt cannot hash passwords longer than 72 bytes; use pbkdf2");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return Password.bcrypt(limited(() -> OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, cost)));
    }

    /** A pbkdf2-sha-256 hash with the given iterations, key length and salt length (bytes). */
    public static Password pbkdf2(String password, int iterations, int keyLength, int saltLength) {
        if (iterations < 1 || keyLength < 1 || saltLength < 0) {
            throw new IllegalArgumentException("pbkdf2 needs at least one iteration and a key of at least one byte");
        }
        byte[] salt = new byte[saltLength];
        RANDOM.nextBytes(salt);
        byte[] key = limited(() -> pbkdf2Sha256(password, salt, iterations, keyLength));
        return Password.pbkdf2(SHA_256, HEX.formatHex(key), HEX.formatHex(salt), iterations);
    }

    private static boolean matchesPbkdf2(Password stored, String attempt) {
        if (!SHA_256.equals(stored.hash())) {
            throw new PasswordFormatException("unknown pbkdf2 hash \"" + stored.hash() + "\"; only sha-256 is known");
        }
        byte[] key = hex(requireKey(stored), "key");
        byte[] salt = hex(stored.salt() == null ? "" : stored.salt(), "salt");
        if (key.length == 0) {
            throw new PasswordFormatException("the pbkdf2 key is empty");
        }
        if (stored.iterations() < 1) {
            throw new PasswordFormatException("pbkdf2 needs \"iterations\" of at least 1");
        }
        byte[] theirs = limited(() -> pbkdf2Sha256(attempt, salt, stored.iterations(), key.length));
        return MessageDigest.isEqual(key, theirs);
    }

    private static boolean matchesBcrypt(Password stored, String attempt) {
        String key = requireKey(stored);
        try {
            return limited(() -> OpenBSDBCrypt.checkPassword(key, attempt.toCharArray()));
        } catch (IllegalArgumentException | DataLengthException e) {
            throw new PasswordFormatException("the bcrypt key is not a valid $2a$/$2b$/$2y$ hash", e);
        }
    }

    private static byte[] pbkdf2Sha256(String password, byte[] salt, int iterations, int keyLength) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        return ((KeyParameter) generator.generateDerivedParameters(keyLength * 8)).getKey();
    }

    private static String requireKey(Password stored) {
        if (stored.key() == null) {
            throw new PasswordFormatException("the " + stored.type() + " password has no \"key\"");
        }
        return stored.key();
    }

    private static byte[] hex(String s, String what) {
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new PasswordFormatException("the pbkdf2 " + what + " is not hexadecimal", e);
        }
    }

    private static <T> T limited(Supplier<T> work) {
        HASHING.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            HASHING.release();
        }
    }
}
