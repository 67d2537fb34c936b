package org.nereid.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a client offers to prove who it is. Any part may be absent (null); an empty token
 * counts as absent, an empty username does not (it asks for an anonymous join).
 *
 * @param username the username the client asks for, or null
 * @param password the password, or null
 * @param token    a stateful token's id or a JWT, or null
 */
public record Credentials(String username, String password, String token) {

    public Credentials {
        token = token == null || token.isEmpty() ? null : token;
    }

    public static Credentials password(String username, String password) {
        return new Credentials(username, password, null);
    }

    public static Credentials token(String token) {
        return new Credentials(null, null, token);
    }

    /**
     * The credentials in an HTTP {@code Authorization} header, as Galène reads them:
     * {@code Basic} gives username and password, {@code Bearer} (possibly among several
     * comma-separated schemes) gives a token. Null or unreadable: no credentials.
     */
    public static Credentials fromAuthorization(String header) {
        if (header == null) {
            return new Credentials(null, null, null);
        }
        String username = null;
        String password = null;
        String token = null;
        for (String part : header.split(",")) {
            String[] words = part.trim().split(" +");
            if (words.length != 2) {
                continue;
            }
            if (words[0].equalsIgnoreCase("bearer") && token == null) {
                token = words[1];
            } else if (words[0].equalsIgnoreCase("basic") && username == null) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(words[1]), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    username = decoded.substring(0, colon);
                    password = decoded.substring(colon + 1);
                }
            }
        }
        return new Credentials(username, password, token);
    }

    /** Never shows the password or the token. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + (password == null ? "" : ", password=…")
                + (token == null ? "" : ", token=…") + "]";
    }
}
