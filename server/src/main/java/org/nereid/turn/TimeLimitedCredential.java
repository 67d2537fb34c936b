package org.nereid.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The time-limited TURN credential that coturn's {@code use-auth-secret} and Galène's
 * {@code "credentialType": "hmac-sha1"} share: the user name is
 * {@code EXPIRY[:NAME]} (Unix seconds) and the password is the Base64 HMAC-SHA1 of
 * that user name under a secret the TURN server knows.
 */
public final class TimeLimitedCredential {
    private TimeLimitedCredential() {
    }

    /** The user name for a credential that expires at {@code expirySeconds}; {@code name} may be empty. */
    public static String username(long expirySeconds, String name) {
        return name == null || name.isEmpty() ? Long.toString(expirySeconds) : expirySeconds + ":" + name;
    }

    /** The password that goes with {@code username} under {@code secret}. */
    public static String password(byte[] secret, String username) {
        return Base64.getEncoder().encodeToString(hmacSha1(secret, username.getBytes(StandardCharsets.UTF_8)));
    }

    /** The expiry a user name carries, or -1 when it carries none. */
    public static long expiry(String username) {
        int colon = username.indexOf(':');
        String digits = colon < 0 ? username : username.substring(0, colon);
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }
}
