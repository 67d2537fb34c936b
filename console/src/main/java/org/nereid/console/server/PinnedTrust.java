package org.nereid.console.server;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts what the system trusts, plus one self-signed certificate whose SHA-256
 * fingerprint the operator confirmed. A pinned certificate is accepted whatever its
 * host name, because the pin identifies the server more precisely than a name does.
 */
public final class PinnedTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager system;
    private final String pinned;

    public PinnedTrust(String pinnedFingerprint) {
        this.pinned = pinnedFingerprint == null ? null : normalise(pinnedFingerprint);
        this.system = systemTrust();
    }

    public SSLContext context() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {this}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
    }

    /** The fingerprint as shown to operators: upper-case hex pairs joined by colons. */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String fingerprint) {
        String hex = fingerprint.replaceAll("[^0-9A-Fa-f]", "").toUpperCase(Locale.ROOT);
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (isPinned(chain)) {
            return;
        }
        try {
            system.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw untrusted(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (isPinned(chain)) {
            return;
        }
        try {
            system.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw untrusted(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (!isPinned(chain)) {
            try {
                system.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw untrusted(chain, e);
            }
        }
    }

    private boolean isPinned(X509Certificate[] chain) {
        return pinned != null && chain.length > 0 && pinned.equals(fingerprint(chain[0]));
    }

    private static CertificateException untrusted(X509Certificate[] chain, CertificateException cause) {
        if (chain.length == 0) {
            return cause;
        }
        var e = new UntrustedCertificateException(fingerprint(chain[0]),
                chain[0].getSubjectX500Principal().getName());
        e.initCause(cause);
        return e;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the console does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the console does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the console does not accept client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return system.getAcceptedIssuers();
    }

    private static X509ExtendedTrustManager systemTrust() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager in this Java runtime");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
