package org.nereid.console.server;

import java.security.cert.CertificateException;

/**
 * The server presented a certificate that no trusted authority signed and whose
 * fingerprint is not pinned in the profile. The operator may pin {@link #fingerprint()}.
 */
public final class UntrustedCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final String fingerprint;
    private final String subject;

    public UntrustedCertificateException(String fingerprint, String subject) {
        super("The server's certificate (" + subject + ") is not signed by an authority this computer trusts."
                + " If you set up this server yourself, compare its SHA-256 fingerprint " + fingerprint
                + " with the one the server printed, and accept it.");
        this.fingerprint = fingerprint;
        this.subject = subject;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String subject() {
        return subject;
    }
}
