package org.nereid.web;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS identity: data/cert.pem and data/key.pem when both exist (reread when
 * either file changes, so a renewed certificate takes effect without restart), otherwise
 * a self-signed certificate generated once per run.
 */
public final class TlsCertificate {
    private static final Logger log = LoggerFactory.getLogger(TlsCertificate.class);

    private final Path certFile;
    private final Path keyFile;
    private List<FileTime> loadedStamps;
    private SslContext context;
    private X509Certificate leaf;

    public TlsCertificate(Path dataDir) {
        this.certFile = dataDir.resolve("cert.pem");
        this.keyFile = dataDir.resolve("key.pem");
    }

    /** The context for a new connection; cheap unless the files changed since last time. */
    public synchronized SslContext context() throws IOException, GeneralSecurityException {
        List<FileTime> stamps = stamps();
        if (context != null && stamps.equals(loadedStamps)) {
            return context;
        }
        try {
            if (stamps.isEmpty()) {
                generate();
            } else {
                load();
            }
        } catch (IOException | GeneralSecurityException e) {
            if (context == null) {
                throw e;
            }
            // a half-written renewal must not take the server down: keep serving the old one
            log.error("TLS certificate {} / {} unusable, keeping the previous one: {}", certFile, keyFile, e.getMessage());
        }
        loadedStamps = stamps;
        return context;
    }

    /** SHA-256 fingerprint of the certificate in use, colon-separated hex (as browsers show it). */
    public synchronized String fingerprint() throws IOException, GeneralSecurityException {
        context();
        return fingerprint(leaf);
    }

    private List<FileTime> stamps() throws IOException {
        if (!Files.isRegularFile(certFile) || !Files.isRegularFile(keyFile)) {
            return List.of();
        }
        return List.of(Files.getLastModifiedTime(certFile), Files.getLastModifiedTime(keyFile));
    }

    private void load() throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
        for (Object o : readPem(certFile)) {
            if (o instanceof X509CertificateHolder holder) {
                chain.add(certs.getCertificate(holder));
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certFile + ": no certificate found");
        }
        PrivateKey key = readPrivateKey(keyFile);
        if (key == null) {
            throw new GeneralSecurityException(keyFile + ": no unencrypted private key found");
        }
        context = build(key, chain.toArray(X509Certificate[]::new));
        leaf = chain.get(0);
        log.info("TLS certificate loaded from {} (subject {}, SHA-256 {})",
                certFile, leaf.getSubjectX500Principal().getName(), fingerprint(leaf));
    }

    /**
     * The first unencrypted private key in PKCS#8 ("PRIVATE KEY"), SEC 1 ("EC PRIVATE KEY",
     * with or without its optional public key, which BouncyCastle's PEMParser insists on) or
     * PKCS#1 ("RSA PRIVATE KEY") form; null if there is none.
     */
    static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        try (PemReader reader = new PemReader(Files.newBufferedReader(file))) {
            for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
                if (!o.getHeaders().isEmpty()) {
                    continue; // "Proc-Type: 4,ENCRYPTED": a passphrase we do not have
                }
                PrivateKeyInfo info = switch (o.getType()) {
                    case "PRIVATE KEY" -> PrivateKeyInfo.getInstance(o.getContent());
                    case "EC PRIVATE KEY" -> {
                        ECPrivateKey ec = ECPrivateKey.getInstance(o.getContent());
                        yield new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                                ec.getParametersObject()), ec);
                    }
                    case "RSA PRIVATE KEY" -> new PrivateKeyInfo(new AlgorithmIdentifier(
                            PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            RSAPrivateKey.getInstance(o.getContent()));
                    default -> null;
                };
                if (info != null) {
                    return new JcaPEMKeyConverter().getPrivateKey(info);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(file + ": a private key that cannot be read: " + e.getMessage(), e);
        }
        return null;
    }

    private static List<Object> readPem(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        }
        return objects;
    }

    private void generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=Nereid self-signed");
        Instant now = Instant.now();
        try {
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), subject, pair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    }))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            leaf = new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot generate a self-signed certificate", e);
        }
        context = build(pair.getPrivate(), leaf);
        log.warn("No {} and {}: using a generated self-signed certificate (SHA-256 {}); browsers will warn. "
                + "Put a real certificate there, or run behind a TLS proxy with -insecure.",
                certFile, keyFile, fingerprint(leaf));
    }

    private static SslContext build(PrivateKey key, X509Certificate... chain) throws GeneralSecurityException {
        try {
            return SslContextBuilder.forServer(key, chain).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (javax.net.ssl.SSLException e) {
            throw new GeneralSecurityException("TLS context: " + e.getMessage(), e);
        }
    }

    private static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
