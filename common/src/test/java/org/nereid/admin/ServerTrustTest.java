package org.nereid.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real TLS server on 127.0.0.1 with a self-signed certificate made by the JDK's keytool. */
class ServerTrustTest {
    @TempDir
    static Path dir;
    static FakeApi api;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=nereid.invalid", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        fingerprint = ServerTrust.fingerprint((X509Certificate) ks.getCertificate("server"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        api = FakeApi.https(tls);
        api.on("GET", "/galene-api/v0/.groups/", 200, Map.of(), "[\"g\"]");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void pinnedCertificateIsTrustedWhateverTheHostName() throws Exception {
        AdminClient c = AdminClient.create(api.uri(), null, null, null, ServerTrust.pinned(fingerprint));
        assertEquals(List.of("g"), c.listGroups());
        AdminClient upper = AdminClient.create(api.uri(), null, null, null,
                ServerTrust.pinned(fingerprint.toUpperCase().replace(":", "")));
        assertEquals(List.of("g"), upper.listGroups());
    }

    @Test
    void anotherPinIsRefused() {
        String other = "00".repeat(32);
        AdminClient c = AdminClient.create(api.uri(), null, null, null, ServerTrust.pinned(other));
        UntrustedServerException e = assertThrows(UntrustedServerException.class, c::listGroups);
        assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
        assertEquals(fingerprint, e.fingerprint());
    }

    @Test
    void systemTrustRefusesSelfSignedAndSaysWhatToPin() {
        AdminClient c = AdminClient.create(api.uri(), null, null, null, ServerTrust.system());
        UntrustedServerException e = assertThrows(UntrustedServerException.class, c::listGroups);
        assertEquals(fingerprint, e.fingerprint());
        assertEquals("CN=nereid.invalid", e.subject());
    }

    @Test
    void insecureTrustsAnything() throws Exception {
        AdminClient c = AdminClient.create(api.uri(), null, null, null, ServerTrust.insecure());
        assertEquals(List.of("g"), c.listGroups());
    }

    @Test
    void malformedPinsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServerTrust.pinned("abc"));
    }
}
