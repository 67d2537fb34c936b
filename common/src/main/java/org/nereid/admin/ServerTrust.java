package org.nereid.admin;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
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
 * How the admin client trusts the server's certificate: the system's CAs (the default), one
 * self-signed certificate pinned by its SHA-256 fingerprint (what a Nereid server on one's
 * own machine usually needs), or anything at all ({@code -insecure}, as galenectl's flag).
 *
 * <p>A pinned certificate is trusted for whatever host name it is reached by: the pin says
 * more than the name does. A refused certificate is reported with its fingerprint and
 * subject ({@link UntrustedServerException}), so that a person can compare and pin it.
 */
public final class ServerTrust {
    private final String pinnedSha256;
    private final boolean insecure;

    private ServerTrust(String pinnedSha256, boolean insecure) {
        this.pinnedSha256 = pinnedSha256;
        this.insecure = insecure;
    }

    public static ServerTrust system() {
        return new ServerTrust(null, false);
    }

    /**
     * Trusts exactly the certificate with this SHA-256 fingerprint, given in hex with or
     * without colons (as {@code openssl x509 -fingerprint -sha256} prints it).
     */
    public static ServerTrust pinned(String sha256Fingerprint) {
        String hex = sha256Fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("\"" + sha256Fingerprint + "\" is not a SHA-256 fingerprint: "
                    + "expected 64 hexadecimal digits, optionally separated by colons");
        }
        return new ServerTrust(hex, false);
    }

    public static ServerTrust insecure() {
        return new ServerTrust(null, true);
    }

    /** The SHA-256 fingerprint of a certificate, lower-case hex with colons. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute a SHA-256 fingerprint", e);
        }
    }

    /** The TLS context for connections to the server (also usable for its WebSocket). */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Checker()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /** The certificate a refusal was about, if {@code e} (or a cause) is one of ours. */
    static X509Certificate refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Refused r) {
                return r.certificate;
            }
        }
        return null;
    }

    /** A refusal that remembers the certificate, for {@link UntrustedServerException}. */
    private static final class Refused extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final transient X509Certificate certificate;

        Refused(String message, X509Certificate certificate, Throwable cause) {
            super(message, cause);
            this.certificate = certificate;
        }
    }

    private static X509ExtendedTrustManager systemTrustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("this Java runtime has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /**
     * An extended trust manager: with a pin (or insecure) the JDK adds no host name check of
     * its own; without, the system's manager checks the chain and the host name as usual.
     */
    private final class Checker extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager system = pinnedSha256 == null && !insecure ? systemTrustManager() : null;

        private interface SystemCheck {
            void run() throws CertificateException;
        }

        private void check(X509Certificate[] chain, SystemCheck systemCheck) throws CertificateException {
            if (insecure) {
                return;
            }
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            if (system != null) {
                try {
                    systemCheck.run();
                } catch (CertificateException e) {
                    throw new Refused(e.getMessage(), chain[0], e);
                }
                return;
            }
            String actual = fingerprint(chain[0]).replace(":", "");
            if (!MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII), pinnedSha256.getBytes(StandardCharsets.US_ASCII))) {
                throw new Refused("the server's certificate has SHA-256 fingerprint "
                        + fingerprint(chain[0]) + ", not the pinned one", chain[0], null);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, () -> system.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, () -> system.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, () -> system.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("this client does not accept connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("this client does not accept connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this client does not accept connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return system != null ? system.getAcceptedIssuers() : new X509Certificate[0];
        }
    }
}
