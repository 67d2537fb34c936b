package org.nereid.web;

/** Who may see, download and delete a group's recordings. */
@FunctionalInterface
public interface RecordingsAccess {
    /** What a request's credentials allow. */
    enum Decision {
        /** No credentials were sent: ask for them (401). */
        NO_CREDENTIALS,
        /** Credentials were sent but do not give access (403). */
        REFUSED,
        ALLOWED
    }

    Decision decide(String group, Request request);
}
