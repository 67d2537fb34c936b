package org.nereid.console.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TLS server on 127.0.0.1 with a fresh self-signed certificate (made by keytool):
 * the console refuses it with its fingerprint, then accepts it once that is pinned.
 */
class PinnedTrustTest {
    @TempDir
    Path dir;
    private HttpsServer server;
    private String fingerprint;

    @BeforeEach
    void start() throws Exception {
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-dname", "CN=nereid-test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        fingerprint = PinnedTrust.fingerprint((X509Certificate) ks.getCertificate("server"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/galene-api/v0/.groups/", ex -> {
            byte[] body = "[\"staff\"]".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/");
    }

    @Test
    void unknownCertificateIsRefusedWithItsFingerprint() {
        AdminApi api = new AdminApi(url(), Credentials.basic("admin", "pw"), null);
        var e = assertThrows(java.io.IOException.class, api::groups);
        assertTrue(e.getCause() instanceof UntrustedCertificateException, String.valueOf(e));
        assertEquals(fingerprint, ((UntrustedCertificateException) e.getCause()).fingerprint());
        assertTrue(org.nereid.console.Problems.describe(e).contains(fingerprint));
    }

    @Test
    void pinnedCertificateIsAccepted() throws Exception {
        AdminApi api = new AdminApi(url(), Credentials.basic("admin", "pw"), fingerprint.toLowerCase());
        assertEquals(List.of("staff"), api.groups());
    }

    @Test
    void anotherPinDoesNotOpenTheDoor() {
        String other = "00:" + fingerprint.substring(3);
        AdminApi api = new AdminApi(url(), Credentials.basic("admin", "pw"), other);
        assertThrows(java.io.IOException.class, api::groups);
    }
}
