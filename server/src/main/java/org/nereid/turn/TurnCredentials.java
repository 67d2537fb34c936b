package org.nereid.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The built-in TURN server's credentials: each client gets its own time-limited
 * user name and password ({@link TimeLimitedCredential}) under a secret drawn at
 * start, so nothing long-lived leaks to a participant, and the server keeps no
 * table of them. Nonces are stateless too: the time they were made and a MAC.
 */
public final class TurnCredentials {
    /** What the built-in TURN server says it is (REALM); clients only echo it. */
    public static final String REALM = "nereid";
    /** How long a credential handed to a client lets it make allocations. */
    public static final Duration LIFETIME = Duration.ofHours(24);
    /** How long a nonce is good for before the client is told to take a fresh one (438). */
    static final Duration NONCE_LIFETIME = Duration.ofHours(1);
    private static final String NAME = "nereid";

    private final byte[] secret;
    private final Clock clock;

    public TurnCredentials(Clock clock) {
        this(randomSecret(), clock);
    }

    TurnCredentials(byte[] secret, Clock clock) {
        this.secret = secret.clone();
        this.clock = clock;
    }

    /** A user name and password for one client. */
    public record Credential(String username, String password) {
    }

    /** A fresh credential, good for {@link #LIFETIME}. */
    public Credential issue() {
        String username = TimeLimitedCredential.username(clock.instant().plus(LIFETIME).getEpochSecond(), NAME);
        return new Credential(username, TimeLimitedCredential.password(secret, username));
    }

    /**
     * The long-term key (RFC 8489 §9.2.2) of a user name this server issued, or null
     * when it is not one of ours or has expired. An expired credential still
     * authenticates the requests of an allocation it made ({@code forExisting}):
     * a meeting may outlast it, and the allocation is bounded by its own lifetime.
     */
    byte[] key(String username, boolean forExisting) {
        long expiry = TimeLimitedCredential.expiry(username);
        if (expiry < 0 || (!forExisting && expiry < clock.instant().getEpochSecond())) {
            return null;
        }
        String password = TimeLimitedCredential.password(secret, username);
        return md5(username + ":" + REALM + ":" + password);
    }

    /** A nonce for a 401 or 438 answer. */
    String nonce() {
        String issued = Long.toHexString(clock.instant().getEpochSecond());
        return issued + "-" + mac(issued);
    }

    /** Whether a nonce is one of ours and recent. */
    boolean nonceFresh(String nonce) {
        int dash = nonce.indexOf('-');
        if (dash <= 0 || dash > 16) {
            return false;
        }
        String issued = nonce.substring(0, dash);
        if (!MessageDigest.isEqual(mac(issued).getBytes(StandardCharsets.US_ASCII),
                nonce.substring(dash + 1).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(issued, 16);
        return age >= 0 && age < NONCE_LIFETIME.toSeconds();
    }

    private String mac(String issued) {
        byte[] full = TimeLimitedCredential.hmacSha1(secret, ("nonce:" + issued).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(full, 0, 8);
    }

    private static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    private static byte[] randomSecret() {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        return s;
    }
}
