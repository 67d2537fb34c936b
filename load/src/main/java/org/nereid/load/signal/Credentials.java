package org.nereid.load.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How clients join: a username and password, or a token (then the username is the token's). */
public record Credentials(String username, String password, String token) {
    /** Adds the credential fields to a join message. */
    void addTo(ObjectNode join, String defaultUsername) {
        if (token != null && !token.isEmpty()) {
            join.put("token", token);
            return;
        }
        join.put("username", username != null ? username : defaultUsername);
        if (password != null) {
            join.put("password", password);
        }
    }
}
