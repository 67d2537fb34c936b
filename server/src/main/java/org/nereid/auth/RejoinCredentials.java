package org.nereid.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Rejoin credentials (docs/auth.md, "Coming back without spending a use"): what a client that
 * joined with a stateful token is given to join again after a lost connection without counting
 * another use of the token. A credential names the group, the token and the username the join
 * was granted, and when it expires; it is {@value #PREFIX}, the claims as base64url JSON, a
 * dot, and their HMAC-SHA256 under the server's {@link RejoinKey}, so only a server holding
 * the key can make one and nobody can change one. It proves only that this join was granted;
 * whether the token still admits is decided again at each rejoin.
 */
public final class RejoinCredentials {
    /** Where a credential starts: never a stateful token's id (base64url, no dot) nor a JWT (base64 JSON). */
    public static final String PREFIX = "nereid-rejoin.";
    /** How long a credential admits after the join that gave it (each rejoin gives a new one). */
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** Longer is not one of ours, and is refused before anything is decoded. */
    static final int MAX_LENGTH = 4096;
    private static final String ALGORITHM = "HmacSHA256";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final RejoinKey key;

    RejoinCredentials(RejoinKey key) {
        this.key = key;
    }

    /** What a verified credential says. */
    public record Claims(String group, String token, String username, Instant expires) {
    }

    /** Whether the client's token is a rejoin credential (verified or not). */
    public static boolean looksLike(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    /** A credential for {@code username}, admitted to {@code group} with the stateful token {@code token}. */
    String mint(String group, String token, String username, Instant now) throws IOException {
        ObjectNode claims = JSON.createObjectNode().put("g", group).put("t", token).put("u", username)
                .put("exp", now.plus(LIFETIME).getEpochSecond());
        String signed = PREFIX + B64.encodeToString(JSON.writeValueAsBytes(claims));
        return signed + "." + B64.encodeToString(mac(signed));
    }

    /**
     * The claims of a credential this server (or its cluster) made and that has not expired.
     *
     * @throws Refusal with a sentence for the user when it is malformed, altered, made under
     *                 another key or expired; the credential itself is never repeated
     */
    Claims verify(String credential, Instant now) throws Refusal {
        int dot = credential.lastIndexOf('.');
        if (credential.length() > MAX_LENGTH || !looksLike(credential) || dot < PREFIX.length()) {
            throw notValid();
        }
        JsonNode claims;
        try {
            // compared as text, not decoded: base64's last character has spare bits a decoder
            // ignores, so decoding would admit other spellings of the same signature
            byte[] given = credential.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
            byte[] expected = B64.encode(mac(credential.substring(0, dot)));
            if (!MessageDigest.isEqual(given, expected)) {
                throw notValid();
            }
            claims = JSON.readTree(Base64.getUrlDecoder().decode(credential.substring(PREFIX.length(), dot)));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw notValid();
        } catch (IOException e) {
            throw Refusal.notAuthorised("The server cannot check rejoin credentials right now; join again with"
                    + " your invitation link, or try again later.");
        }
        if (claims == null || !claims.path("g").isTextual() || !claims.path("t").isTextual()
                || !claims.path("u").isTextual() || !claims.path("exp").canConvertToLong()) {
            throw notValid(); // signed by us, so never; but a key shared with something else must not crash
        }
        Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!now.isBefore(expires)) {
            throw Refusal.notAuthorised("Your permission to come back without your invitation expired (at "
                    + expires + "); join again with the invitation link.");
        }
        return new Claims(claims.path("g").textValue(), claims.path("t").textValue(), claims.path("u").textValue(),
                expires);
    }

    private byte[] mac(String signed) throws IOException {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.current(), ALGORITHM));
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has " + ALGORITHM, e);
        }
    }

    private static Refusal notValid() {
        return Refusal.notAuthorised("This rejoin credential is not valid here (it was changed, or made by"
                + " another server); join again with your invitation link.");
    }
}
