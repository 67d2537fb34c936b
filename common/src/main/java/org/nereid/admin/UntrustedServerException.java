package org.nereid.admin;

import java.io.IOException;

/**
 * The server presented a certificate that the client's {@link ServerTrust} refuses: no
 * authority the system trusts signed it, or it is not the pinned one. Carries what a person
 * needs to decide whether to pin it: its SHA-256 fingerprint and its subject.
 */
public final class UntrustedServerException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String fingerprint;
    private final String subject;

    public UntrustedServerException(String message, String fingerprint, String subject, Throwable cause) {
        super(message, cause);
        this.fingerprint = fingerprint;
        this.subject = subject;
    }

    /** SHA-256 of the certificate, lower-case hex with colons (as {@link ServerTrust#fingerprint}). */
    public String fingerprint() {
        return fingerprint;
    }

    /** The certificate's subject, e.g. {@code CN=localhost}. */
    public String subject() {
        return subject;
    }
}
