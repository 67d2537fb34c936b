package org.nereid.media.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The process's DTLS identity: one self-signed ECDSA P-256 certificate, whose
 * SHA-256 fingerprint every SDP we write carries. Peers authenticate it by
 * that fingerprint, not by a CA.
 */
public final class DtlsIdentity {
    private static DtlsIdentity instance;

    final BcTlsCrypto crypto;
    final AsymmetricKeyParameter privateKey;
    final Certificate certificate;
    private final String fingerprint;

    private DtlsIdentity() throws GeneralSecurityException, IOException, OperatorCreationException {
        SecureRandom random = new SecureRandom();
        crypto = new BcTlsCrypto(random);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=nereid");
        X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(63, random),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        byte[] der = holder.getEncoded();
        privateKey = PrivateKeyFactory.createKey(keys.getPrivate().getEncoded());
        certificate = new Certificate(new TlsCertificate[] {new BcTlsCertificate(crypto, der)});
        fingerprint = format(MessageDigest.getInstance("SHA-256").digest(der));
    }

    /** The identity of this process, made on first use. */
    public static synchronized DtlsIdentity get() {
        if (instance == null) {
            try {
                instance = new DtlsIdentity();
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException("cannot create the DTLS certificate: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    /** "sha-256". */
    public String fingerprintAlgorithm() {
        return "sha-256";
    }

    /** Upper-case hex pairs separated by colons. */
    public String fingerprint() {
        return fingerprint;
    }

    static String format(byte[] digest) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** The JCA name for an SDP hash name, or null for hashes too weak to accept. */
    static String digestName(String sdpAlgorithm) {
        return switch (sdpAlgorithm.toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> null;
        };
    }
}
