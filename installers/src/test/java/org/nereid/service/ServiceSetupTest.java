package org.nereid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.json.Json;
import org.nereid.model.Password;
import org.nereid.model.ServerConfig;
import org.nereid.model.UserDescription;
import org.nereid.password.Passwords;
import picocli.CommandLine;

class ServiceSetupTest {
    @TempDir
    Path root;

    private int run(String... args) {
        return new CommandLine(new ServiceSetup()).execute(args);
    }

    private Path data() {
        return root.resolve("data");
    }

    private ConsoleDiscovery discovery() throws Exception {
        return Json.readStrict(root.resolve("console.json"), ConsoleDiscovery.class);
    }

    private ServerConfig config() throws Exception {
        return Json.readStrict(data().resolve("config.json"), ServerConfig.class);
    }

    @Test
    void firstStartCreatesAnAdminWithAFreshPasswordTheDiscoveryFileTells() throws Exception {
        assertEquals(0, run("-http", ":8443", "-data", data().toString(), "-turn", "auto", "-groups", "/x"));

        ConsoleDiscovery d = discovery();
        assertEquals("https://127.0.0.1:8443/", d.url());
        assertEquals("admin", d.username());
        assertTrue(d.password().length() >= 20, d.password());
        assertEquals(data().resolve("cert.pem").toString(), d.certificate());
        ServerConfig config = config();
        assertTrue(config.writableGroups());
        UserDescription admin = config.users().get("admin");
        assertTrue(Passwords.matches(admin.password(), d.password()));
        assertFalse(Passwords.matches(admin.password(), "admin"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("console.json"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data().resolve("key.pem"))));
    }

    @Test
    void eachInstallGetsItsOwnPassword() throws Exception {
        run("-data", data().toString());
        String first = discovery().password();
        Path other = root.resolve("other");
        run("-data", other.resolve("data").toString());
        String second = Json.readStrict(other.resolve("console.json"), ConsoleDiscovery.class).password();
        assertNotEquals(first, second);
    }

    @Test
    void laterStartsKeepTheConfigurationTheCertificateAndThePassword() throws Exception {
        run("-data", data().toString());
        byte[] config = Files.readAllBytes(data().resolve("config.json"));
        byte[] cert = Files.readAllBytes(data().resolve("cert.pem"));
        String password = discovery().password();

        assertEquals(0, run("-data", data().toString(), "-http", "192.0.2.7:9443"));

        assertEquals(new String(config), Files.readString(data().resolve("config.json")));
        assertEquals(new String(cert), Files.readString(data().resolve("cert.pem")));
        assertEquals(password, discovery().password());
        assertEquals("https://192.0.2.7:9443/", discovery().url());
    }

    @Test
    void aPasswordChangedByTheOperatorIsNotWrittenDownAndNotReset() throws Exception {
        run("-data", data().toString());
        Password chosen = Passwords.hash("operator's own");
        ServerConfig changed = config().withUser("admin", config().users().get("admin").withPassword(chosen));
        Json.writeAtomically(data().resolve("config.json"), changed);

        assertEquals(0, run("-data", data().toString()));

        assertNull(discovery().password());
        assertEquals("admin", discovery().username());
        assertTrue(Passwords.matches(config().users().get("admin").password(), "operator's own"));
    }

    @Test
    void anExistingConfigurationGetsNoNewUser() throws Exception {
        Json.writeAtomically(data().resolve("config.json"), ServerConfig.EMPTY);

        assertEquals(0, run("-data", data().toString(), "-insecure", "-http", "127.0.0.1:8080"));

        assertTrue(config().users().isEmpty());
        ConsoleDiscovery d = discovery();
        assertEquals("http://127.0.0.1:8080/", d.url());
        assertNull(d.password());
        assertNull(d.certificate());
        assertFalse(Files.exists(data().resolve("cert.pem")), "-insecure needs no certificate");
    }

    @Test
    void aBrokenConfigurationLeavesTheDiscoveryFileAlone() throws Exception {
        run("-data", data().toString());
        String before = Files.readString(root.resolve("console.json"));
        Files.writeString(data().resolve("config.json"), "{\"users\": ");

        assertEquals(0, run("-data", data().toString()));

        assertEquals(before, Files.readString(root.resolve("console.json")));
    }

    @Test
    void theCertificateIsValidForLocalhostForYears() throws Exception {
        run("-data", data().toString(), "-console-file", root.resolve("elsewhere.json").toString());
        assertTrue(Files.exists(root.resolve("elsewhere.json")));
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(data().resolve("cert.pem"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        cert.checkValidity();
        assertNotNull(cert.getSubjectAlternativeNames());
        assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("localhost")));
        assertTrue(cert.getNotAfter().toInstant().isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(3000))));

        // The key is PKCS#8 and belongs to the certificate.
        Object key;
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(
                Files.newBufferedReader(data().resolve("key.pem")))) {
            key = parser.readObject();
        }
        assertTrue(key instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo, String.valueOf(key));
        java.security.PrivateKey privateKey = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                .getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) key);
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));
    }

    @Test
    void helpWritesNothing() throws Exception {
        assertEquals(0, new CommandLine(new ServiceSetup()).setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()))
                .execute("-help", "-data", data().toString()));
        assertFalse(Files.exists(data()));
    }

    @Test
    void urlsFromListenAddresses() {
        assertEquals("https://127.0.0.1:8443/", ServiceSetup.url(false, ":8443"));
        assertEquals("https://127.0.0.1:443/", ServiceSetup.url(false, "0.0.0.0:443"));
        assertEquals("http://[::1]:8443/", ServiceSetup.url(true, "[::]:8443"));
        assertEquals("https://[fe80::1]:8443/", ServiceSetup.url(false, "[fe80::1]:8443"));
        assertEquals("https://meet.example.org:8443/", ServiceSetup.url(false, "meet.example.org:8443"));
        assertThrows(IllegalArgumentException.class, () -> ServiceSetup.url(false, "8443"));
    }
}
