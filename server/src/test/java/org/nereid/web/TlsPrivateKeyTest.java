package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key forms people actually have in key.pem. */
class TlsPrivateKeyTest {
    @TempDir
    Path dir;

    @Test
    void readsPkcs8AndTraditionalRsaKeys() throws Exception {
        KeyPair rsa = generate("RSA", null);
        Path traditional = dir.resolve("rsa.pem");
        try (Writer w = Files.newBufferedWriter(traditional); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(rsa.getPrivate()); // "RSA PRIVATE KEY"
        }
        assertSame(rsa.getPrivate(), TlsCertificate.readPrivateKey(traditional));
        assertSame(rsa.getPrivate(), TlsCertificate.readPrivateKey(pem(dir.resolve("p8.pem"), "PRIVATE KEY",
                rsa.getPrivate().getEncoded())));
    }

    @Test
    void readsASec1EcKeyWithoutItsOptionalPublicKey() throws Exception {
        KeyPair ec = generate("EC", new ECGenParameterSpec("secp256r1"));
        BigInteger d = ((ECPrivateKey) ec.getPrivate()).getS();
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d,
                new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded();
        PrivateKey read = TlsCertificate.readPrivateKey(pem(dir.resolve("ec.pem"), "EC PRIVATE KEY", sec1));
        assertEquals(d, ((ECPrivateKey) read).getS());
    }

    @Test
    void skipsEncryptedKeysAndOtherObjects() throws Exception {
        Path file = dir.resolve("encrypted.pem");
        try (PemWriter w = new PemWriter(Files.newBufferedWriter(file))) {
            w.writeObject(new PemObject("CERTIFICATE", new byte[] {1, 2, 3}));
            w.writeObject(new PemObject("RSA PRIVATE KEY",
                    java.util.List.of(new org.bouncycastle.util.io.pem.PemHeader("Proc-Type", "4,ENCRYPTED")),
                    new byte[] {1, 2, 3}));
        }
        assertNull(TlsCertificate.readPrivateKey(file));
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (spec != null) {
            g.initialize(spec);
        } else {
            g.initialize(2048);
        }
        return g.generateKeyPair();
    }

    private static Path pem(Path file, String type, byte[] content) throws Exception {
        try (PemWriter w = new PemWriter(Files.newBufferedWriter(file))) {
            w.writeObject(new PemObject(type, content));
        }
        return file;
    }

    private static void assertSame(PrivateKey expected, PrivateKey actual) {
        assertEquals(expected.getAlgorithm(), actual.getAlgorithm());
        assertArrayEquals(expected.getEncoded(), actual.getEncoded());
    }
}
