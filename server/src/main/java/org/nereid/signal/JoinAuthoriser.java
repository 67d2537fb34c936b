package org.nereid.signal;

import org.nereid.auth.JoinDecision;

/**
 * The join decision as signalling asks for it; backed by
 * {@code org.nereid.auth}, never by password checks of signalling's own.
 */
@FunctionalInterface
public interface JoinAuthoriser {

    /**
     * @param group       the group name as the client sent it (may be an automatic subgroup)
     * @param credentials what the client presented
     */
    JoinDecision decide(String group, Credentials credentials);

    /**
     * What a client presents. {@code username} is null when the client sent
     * none (not the same as the empty, anonymous, username).
     */
    record Credentials(String username, String password, String token) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=" + (password == null ? "none" : "***")
                    + ", token=" + (token == null ? "none" : "***") + "]";
        }

        public boolean hasToken() {
            return token != null && !token.isEmpty();
        }
    }
}
