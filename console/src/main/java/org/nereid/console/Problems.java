package org.nereid.console;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import javax.net.ssl.SSLException;

import org.nereid.console.server.ApiException;
import org.nereid.console.server.UntrustedCertificateException;

/** Turns exceptions into sentences an operator can act on. */
public final class Problems {
    private Problems() {
    }

    public static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException || t instanceof UntrustedCertificateException) {
                return t.getMessage();
            }
            root = t;
        }
        if (root instanceof ConnectException) {
            return "the server does not answer. Check the address and that the server is running.";
        }
        if (root instanceof UnknownHostException) {
            return "the host name " + root.getMessage() + " is unknown. Check the server address.";
        }
        if (root instanceof HttpTimeoutException) {
            return "the server took too long to answer. Try again, or check the network.";
        }
        if (root instanceof SSLException) {
            return "the secure connection failed (" + root.getMessage()
                    + "). Check that the address starts with the right scheme (http or https).";
        }
        if (root instanceof NoSuchFileException || root instanceof FileNotFoundException) {
            return "the file " + root.getMessage() + " does not exist.";
        }
        if (root instanceof AccessDeniedException) {
            return "permission denied on " + root.getMessage() + ".";
        }
        String text = root.getMessage();
        return text == null || text.isBlank() ? root.getClass().getSimpleName() : text;
    }
}
