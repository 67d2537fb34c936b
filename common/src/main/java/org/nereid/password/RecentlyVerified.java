package org.nereid.password;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.nereid.model.Password;

/**
 * Remembers, for a short while, which (stored password, attempt) pairs matched, so a client
 * that sends the same credentials on every request (the console polls the admin API each
 * second) pays for one slow hash instead of one per request: a bcrypt-12 check costs about
 * a quarter of a second.
 *
 * <p>Only successes of slow hashes are kept, never failures, so guessing gets no faster. The
 * attempt itself is never stored: entries are keyed by an HMAC under a key that lives only in
 * this process, over the stored password and the attempt, so a changed password (or hash)
 * simply misses.
 */
public final class RecentlyVerified {
    private final Duration lifetime;
    private final int capacity;
    private final Clock clock;
    private final BiPredicate<Password, String> check;
    private final SecretKeySpec key;
    private final Map<String, Instant> verified;

    /** Passwords checked with {@link Passwords#matches}, remembered for five minutes, 256 at most. */
    public RecentlyVerified() {
        this(Duration.ofMinutes(5), 256, Clock.systemUTC(), Passwords::matches);
    }

    public RecentlyVerified(Duration lifetime, int capacity, Clock clock, BiPredicate<Password, String> check) {
        this.lifetime = lifetime;
        this.capacity = capacity;
        this.clock = clock;
        this.check = check;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.verified = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * As {@link Passwords#matches}, answering from memory when this pair matched recently.
     *
     * @throws PasswordFormatException if the stored password is malformed
     */
    public boolean matches(Password stored, String attempt) {
        if (stored == null || attempt == null || !isSlow(stored)) {
            return check.test(stored, attempt);
        }
        String id = fingerprint(stored, attempt);
        Instant now = clock.instant();
        synchronized (verified) {
            Instant until = verified.get(id);
            if (until != null && now.isBefore(until)) {
                return true;
            }
            verified.remove(id);
        }
        if (!check.test(stored, attempt)) {
            return false;
        }
        synchronized (verified) {
            verified.put(id, now.plus(lifetime));
            var oldest = verified.keySet().iterator();
            while (verified.size() > capacity) {
                oldest.next();
                oldest.remove();
            }
        }
        return true;
    }

    private static boolean isSlow(Password stored) {
        return Password.BCRYPT.equals(stored.type()) || Password.PBKDF2.equals(stored.type());
    }

    private String fingerprint(Password stored, String attempt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (String part : new String[] {stored.type(), stored.hash(), stored.key(), stored.salt(),
                    Integer.toString(stored.iterations()), attempt}) {
                byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
                mac.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                        (byte) (bytes.length >>> 8), (byte) bytes.length});
                mac.update(bytes);
            }
            return java.util.HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
