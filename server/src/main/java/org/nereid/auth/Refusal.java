package org.nereid.auth;

/** Thrown inside the package when a check fails; {@link Authoriser} turns it into a {@link JoinDecision.Refused}. */
final class Refusal extends Exception {
    private final JoinDecision.Refused refused;

    Refusal(String error, String message) {
        super(message, null, false, false);
        this.refused = new JoinDecision.Refused(error, message);
    }

    static Refusal notAuthorised(String message) {
        return new Refusal(JoinDecision.NOT_AUTHORISED, message);
    }

    JoinDecision.Refused refused() {
        return refused;
    }
}
