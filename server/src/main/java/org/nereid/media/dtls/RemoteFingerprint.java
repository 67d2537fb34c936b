package org.nereid.media.dtls;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;

/** The fingerprint the peer signalled, checked against every certificate it presents (RFC 8122). */
public record RemoteFingerprint(String algorithm, String value) {

    /** Throws a fatal bad_certificate alert unless every certificate of the chain matches. */
    void verify(Certificate chain) throws IOException {
        String digest = DtlsIdentity.digestName(algorithm);
        if (digest == null) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unsupported fingerprint hash " + algorithm);
        }
        if (chain == null || chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the peer sent no certificate");
        }
        for (int i = 0; i < chain.getLength(); i++) {
            byte[] der = chain.getCertificateAt(i).getEncoded();
            String actual;
            try {
                actual = DtlsIdentity.format(MessageDigest.getInstance(digest).digest(der));
            } catch (NoSuchAlgorithmException e) {
                throw new TlsFatalAlert(AlertDescription.internal_error, e);
            }
            if (!actual.equalsIgnoreCase(value)) {
                throw new TlsFatalAlert(AlertDescription.bad_certificate,
                        "the peer's certificate does not match the fingerprint in its SDP");
            }
        }
    }
}
