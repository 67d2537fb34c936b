package org.nereid.auth;

import java.util.List;

/** The answer to a join: who joins with which permissions, or why not. */
public sealed interface JoinDecision {

    /** Galène's {@code error} identifier: the token names no user; ask for a username and retry. */
    String NEED_USERNAME = "need-username";
    /** Galène's {@code error} identifier: the chosen name belongs to a user of the group. */
    String DUPLICATE_USERNAME = "duplicate-username";
    /** The identifier Nereid sends for every other refusal (Galène sends none on a join). */
    String NOT_AUTHORISED = "not-authorised";

    /**
     * How long Galène waits before answering a refused password or token, to slow guessing.
     * Signalling should delay its reply by this much (without blocking a thread).
     */
    long REFUSAL_DELAY_MILLIS = 200;

    /**
     * How the joiner proved who they are. PASSWORD: a user of the group with their own entry;
     * SHARED_PASSWORD: the wildcard user's; REJOIN: a rejoin credential, given at an earlier
     * join with a stateful token (docs/auth.md).
     */
    enum Method { PASSWORD, SHARED_PASSWORD, STATEFUL_TOKEN, JWT, REJOIN }

    /**
     * @param username    the name to use: the token's subject if it has one, else the joiner's;
     *                    may be empty only where the group allows anonymous users
     * @param permissions Galène's internal permissions, e.g. {@code [token, op, present, message, caption]}
     * @param method      how the joiner was authorised
     * @param issuer      the JWT's {@code iss} or the stateful token's {@code issuedBy}, or null
     * @param invitation  the id of the stateful token it came with (directly, or through a rejoin
     *                    credential); else null
     */
    record Granted(String username, List<String> permissions, Method method, String issuer, String invitation)
            implements JoinDecision {
        public Granted {
            permissions = List.copyOf(permissions);
        }

        /** Whether admitting it counts a use of its stateful token: a rejoin's use was counted before. */
        public boolean countsUse() {
            return invitation != null && method != Method.REJOIN;
        }

        /** A grant that came without a stateful token. */
        public Granted(String username, List<String> permissions, Method method, String issuer) {
            this(username, permissions, method, issuer, null);
        }
    }

    /**
     * @param error   a stable identifier: {@link #NEED_USERNAME}, {@link #DUPLICATE_USERNAME}
     *                or {@link #NOT_AUTHORISED}
     * @param message a sentence for the user saying what was wrong
     */
    record Refused(String error, String message) implements JoinDecision {
        /** Whether to answer after {@link #REFUSAL_DELAY_MILLIS}: every refusal but a request for a username. */
        public boolean delaysReply() {
            return NOT_AUTHORISED.equals(error);
        }
    }
}
