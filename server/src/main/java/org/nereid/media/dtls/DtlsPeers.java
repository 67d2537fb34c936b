package org.nereid.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;

/**
 * The two bctls peers of DTLS-SRTP: DTLS 1.2 only (bctls fails as a 1.3
 * server against Chrome), ECDSA certificates both ways, use_srtp with our
 * profiles, extended master secret required (needed to export keys), and the
 * peer's certificate checked against its SDP fingerprint.
 */
final class DtlsPeers {
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private DtlsPeers() {
    }

    /** What a peer learns during the handshake, read by the endpoint afterwards. */
    static final class Outcome {
        volatile SrtpProfile profile;
        volatile SrtpKeys keys;
        volatile boolean closeNotified;
    }

    private static SignatureAndHashAlgorithm ecdsaSha256() {
        return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
    }

    private static TlsCredentialedSigner signer(DtlsIdentity id, TlsContext context) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), id.crypto, id.privateKey,
                id.certificate, ecdsaSha256());
    }

    private static SrtpKeys export(TlsContext context, SrtpProfile profile, boolean server) {
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                2 * (profile.keyLength + profile.saltLength));
        return SrtpKeys.fromKeyingMaterial(profile, material, server);
    }

    static final class Server extends DefaultTlsServer {
        private final DtlsIdentity id;
        private final RemoteFingerprint remote;
        final Outcome outcome = new Outcome();

        Server(DtlsIdentity id, RemoteFingerprint remote) {
            super(id.crypto);
            this.id = id;
            this.remote = remote;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
        }

        @Override
        public boolean requiresExtendedMasterSecret() {
            return true;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() {
            return signer(id, context);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
            algorithms.add(ecdsaSha256());
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algorithms, null);
        }

        @Override
        public void notifyClientCertificate(Certificate chain) throws IOException {
            remote.verify(chain);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processClientExtensions(Hashtable extensions) throws IOException {
            super.processClientExtensions(extensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(extensions);
            if (offered == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client did not offer use_srtp");
            }
            for (SrtpProfile p : SrtpProfile.values()) {
                for (int id : offered.getProtectionProfiles()) {
                    if (id == p.id && outcome.profile == null) {
                        outcome.profile = p;
                    }
                }
            }
            if (outcome.profile == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
            }
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
            TlsSRTPUtils.addUseSRTPExtension(extensions,
                    new UseSRTPData(new int[] {outcome.profile.id}, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            outcome.keys = export(context, outcome.profile, true);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                outcome.closeNotified = true;
            }
        }
    }

    static final class Client extends DefaultTlsClient {
        private final DtlsIdentity id;
        private final RemoteFingerprint remote;
        final Outcome outcome = new Outcome();

        Client(DtlsIdentity id, RemoteFingerprint remote) {
            super(id.crypto);
            this.id = id;
            this.remote = remote;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
        }

        @Override
        public boolean requiresExtendedMasterSecret() {
            return true;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            int[] ids = new int[SrtpProfile.values().length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = SrtpProfile.values()[i].id;
            }
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable extensions) throws IOException {
            super.processServerExtensions(extensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(extensions);
            SrtpProfile profile = chosen == null || chosen.getProtectionProfiles().length != 1
                    ? null : SrtpProfile.byId(chosen.getProtectionProfiles()[0]);
            if (profile == null) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the server chose no SRTP profile we offered");
            }
            outcome.profile = profile;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    remote.verify(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return signer(id, context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            outcome.keys = export(context, outcome.profile, false);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                outcome.closeNotified = true;
            }
        }
    }
}
