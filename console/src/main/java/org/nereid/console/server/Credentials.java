package org.nereid.console.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How the console authenticates to the admin API: HTTP Basic or a bearer token. */
public record Credentials(String username, String password, String token) {

    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, null);
    }

    public static Credentials bearer(String token) {
        return new Credentials(null, null, token);
    }

    public boolean isToken() {
        return token != null && !token.isEmpty();
    }

    /** The value of the Authorization header. */
    public String header() {
        if (isToken()) {
            return "Bearer " + token;
        }
        String pair = (username == null ? "" : username) + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return isToken() ? "Credentials[token]" : "Credentials[" + username + "]";
    }
}
