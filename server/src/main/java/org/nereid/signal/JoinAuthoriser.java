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
     * Whether a member who joined by {@code joinedBy} may stay now that the group file changed;
     * the default decides as at join.
     */
    default JoinDecision recheck(String group, Credentials credentials, JoinDecision.Method joinedBy) {
        return decide(group, credentials);
    }

    /**
     * Counts one use of the invitation a granted join came with, just before the group admits
     * the client (a used-up invitation is refused here, so of two joins racing for its last use
     * one wins). The default counts nothing.
     */
    default JoinDecision claimUse(JoinDecision.Granted granted) {
        return granted;
    }

    /** Gives back a use {@link #claimUse} counted, when the client did not join after all. */
    default void returnUse(JoinDecision.Granted granted) {
    }

    /**
     * What the client is given in "joined" to come back after a lost connection without
     * spending its invitation again (docs/auth.md), or null; the default gives nothing.
     */
    default String rejoinCredential(String group, JoinDecision.Granted granted) {
        return null;
    }

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
