package org.nereid.invite;

/** Why an invitation request failed: the HTTP status to answer and a sentence for the guest. */
final class InvitationException extends Exception {
    private final int status;

    InvitationException(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
