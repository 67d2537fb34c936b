package org.nereid.signal;

import java.util.List;

/**
 * The join decision as signalling needs it: who is this client in this
 * group, with which permissions. Backed by {@code org.nereid.auth}; never
 * implemented with password checks of signalling's own.
 */
@FunctionalInterface
public interface JoinAuthoriser {

    /**
     * @param group       the group name as the client sent it (may be an automatic subgroup)
     * @param credentials what the client presented
     */
    Decision decide(String group, Credentials credentials);

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
    }

    /** Granted or refused. */
    sealed interface Decision permits Granted, Refused {
    }

    /** The client may join as {@code username} with these permissions. */
    record Granted(String username, List<String> permissions) implements Decision {
        public Granted {
            permissions = List.copyOf(permissions);
        }
    }

    /**
     * The client may not join.
     *
     * @param error   Galène's program-readable identifier ("need-username",
     *                "duplicate-username", …), or null when Galène sends none
     * @param message the sentence shown to the user
     */
    record Refused(String error, String message) implements Decision {
    }
}
