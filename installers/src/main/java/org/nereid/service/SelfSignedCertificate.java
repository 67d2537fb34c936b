package org.nereid.service;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.nereid.json.Json;

/**
 * A self-signed certificate kept in {@code data/cert.pem} and {@code data/key.pem}. The server
 * alone would make a new one at every start; a service needs one that lasts, so that the
 * console (and users who accepted it) can trust it across restarts.
 */
final class SelfSignedCertificate {
    static final Duration VALIDITY = Duration.ofDays(3650);

    private SelfSignedCertificate() {
    }

    /** Writes cert.pem and key.pem unless either exists; returns true if it wrote them. */
    static boolean createIfAbsent(Path dataDir, String hostName) throws IOException, GeneralSecurityException {
        Path cert = dataDir.resolve("cert.pem");
        Path key = dataDir.resolve("key.pem");
        if (Files.exists(cert) || Files.exists(key)) {
            return false;
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + hostName);
        Instant now = Instant.now();
        List<GeneralName> names = new ArrayList<>(List.of(
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        if (!hostName.equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, hostName));
        }
        X509CertificateHolder holder;
        try {
            holder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the self-signed certificate", e);
        }
        // The key first (mode 0600 from writeAtomically): the server uses the pair only once both
        // exist. PKCS#8 ("PRIVATE KEY", as openssl genpkey writes): BouncyCastle's SEC1 form would
        // lack the public key, which the server's reader needs.
        Json.writeAtomically(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        Json.writeAtomically(cert, pem(holder));
        Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));
        return true;
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
