package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.server.Nereid;
import org.nereid.server.ServerOptions;

/** HTTPS for real: the client trusts exactly the fingerprint the server reports. */
class TlsIT {
    @TempDir
    Path dir;

    @Test
    void generatesASelfSignedCertificateWhenDataHasNone() throws Exception {
        try (Nereid nereid = startTls()) {
            String fingerprint = nereid.certificateFingerprint().orElseThrow();
            HttpResponse<String> r = clientTrusting(fingerprint).send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nereid.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            // issue 18: browsers stay on HTTPS, and no other site frames the pages
            assertEquals("max-age=31536000", r.headers().firstValue("Strict-Transport-Security").orElse(""));
            assertEquals("SAMEORIGIN", r.headers().firstValue("X-Frame-Options").orElse(""));
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'self'"));
            // a client that expects another certificate refuses this one
            assertThrows(SSLHandshakeException.class, () -> clientTrusting("00").send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nereid.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void usesCertAndKeyFromTheDataDirectoryAndRereadsThem() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String first = writeCertificate(data, "first");
        try (Nereid nereid = startTls()) {
            assertEquals(first, nereid.certificateFingerprint().orElseThrow());
            assertEquals(200, clientTrusting(first).send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nereid.port() + "/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());

            String second = writeCertificate(data, "second");
            Files.setLastModifiedTime(data.resolve("cert.pem"), java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
            assertNotEquals(first, second);
            assertEquals(200, clientTrusting(second).send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nereid.port() + "/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    private Nereid startTls() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("groups"));
        Nereid nereid = new Nereid(ServerOptions.forTest(dir.resolve("data"), dir.resolve("groups")).withInsecure(false));
        nereid.start();
        return nereid;
    }

    private static String writeCertificate(Path data, String cn) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + cn);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)),
                        Date.from(Instant.now().plusSeconds(3600)), name, pair.getPublic())
                        .addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        try (Writer w = Files.newBufferedWriter(data.resolve("cert.pem")); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(cert);
        }
        try (Writer w = Files.newBufferedWriter(data.resolve("key.pem")); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(pair.getPrivate());
        }
        return fingerprint(cert);
    }

    private static String fingerprint(X509Certificate cert) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    /** Issue 18: a client that asks for a second handshake on its connection (TLS 1.2) is refused. */
    @Test
    void clientInitiatedRenegotiationIsRefused() throws Exception {
        try (Nereid nereid = startTls()) {
            String fingerprint = nereid.certificateFingerprint().orElseThrow();
            try (SSLSocket s = (SSLSocket) sslTrusting(fingerprint).getSocketFactory()
                    .createSocket("127.0.0.1", nereid.port())) {
                s.setEnabledProtocols(new String[] {"TLSv1.2"});
                s.setSoTimeout(30_000);
                s.startHandshake();
                assertEquals(200, status(s), "before renegotiating");
                assertThrows(IOException.class, () -> {
                    s.startHandshake();
                    status(s);
                });
            }
            assertEquals(200, clientTrusting(fingerprint).send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nereid.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the server still serves");
        }
    }

    /** One keep-alive GET / over the socket: its status, the body read past. */
    private static int status(SSLSocket s) throws IOException {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        Matcher length = Pattern.compile("(?i)content-length: *([0-9]+)").matcher(head);
        in.readFully(new byte[length.find() ? Integer.parseInt(length.group(1)) : 0]);
        return Integer.parseInt(head.substring(9, 12));
    }

    private static HttpClient clientTrusting(String expectedFingerprint) throws Exception {
        return HttpClient.newBuilder().sslContext(sslTrusting(expectedFingerprint)).build();
    }

    private static SSLContext sslTrusting(String expectedFingerprint) throws Exception {
        X509TrustManager pinned = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    if (!fingerprint(chain[0]).equals(expectedFingerprint)) {
                        throw new CertificateException("unexpected certificate");
                    }
                } catch (CertificateException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CertificateException(e);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {pinned}, null);
        return ssl;
    }
}
