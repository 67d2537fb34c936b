package org.nereid.console;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import javax.net.ssl.SSLException;

import org.nereid.admin.AdminException;
import org.nereid.admin.UntrustedServerException;

/** Turns exceptions into sentences an operator can act on. */
public final class Problems {
    private Problems() {
    }

    public static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String known = known(t);
            if (known != null) {
                return known;
            }
            root = t;
        }
        String text = root.getMessage();
        return text == null || text.isBlank() ? root.getClass().getSimpleName() : text;
    }

    /** The sentence for an exception whose kind says what happened, or null. */
    private static String known(Throwable t) {
        if (t instanceof UntrustedServerException u) {
            return "the server's certificate (" + u.subject() + ", SHA-256 " + u.fingerprint() + ") is not one this"
                    + " computer trusts. Connect again and accept it if it is the one your server printed.";
        }
        if (t instanceof AdminException
                || t instanceof IllegalStateException || t instanceof IllegalArgumentException) {
            return t.getMessage();
        }
        if (t instanceof ConnectException) {
            return "the server does not answer. Check the address and that the server is running.";
        }
        if (t instanceof UnknownHostException) {
            return "the host name " + t.getMessage() + " is unknown. Check the server address.";
        }
        if (t instanceof HttpTimeoutException) {
            return "the server took too long to answer. Try again, or check the network.";
        }
        if (t instanceof SSLException && !(t.getCause() instanceof java.security.cert.CertificateException)) {
            return "the secure connection failed (" + t.getMessage()
                    + "). Check that the address starts with the right scheme (http or https).";
        }
        if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
            return "the file " + t.getMessage() + " does not exist.";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied on " + t.getMessage() + ".";
        }
        return null;
    }
}
