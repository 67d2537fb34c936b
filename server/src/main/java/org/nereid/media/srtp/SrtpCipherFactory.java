package org.nereid.media.srtp;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.ShortBufferException;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.CipherFactory;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;

/**
 * The AES ciphers jitsi-srtp gets (installed by {@link JitsiSrtpCrypto}): the
 * JDK's, except that AES-CTR works in place without the copy the JDK makes,
 * and AES-GCM is OpenSSL's (jitsi-srtp's JNI) wherever that library loads.
 *
 * <p>JDK 17's GCM allocates about 1 kB per packet (each {@code init} builds its
 * GHASH tables anew): at 23 000 forwarded packets a second, 23 MB/s of garbage
 * and a young collection, which stops every thread, about twice a second. And
 * until C2 has compiled it, it costs 4-5 µs per packet instead of 0.6, for the
 * first minute or so of a server's life under load. OpenSSL's allocates ~90
 * bytes (the parameters jitsi-srtp passes) and costs 0.6-0.7 µs once warm,
 * 0.9-1.5 µs before (docs/benchmarks.md, Session 14).
 *
 * <p>jitsi-srtp encrypts packets in place ({@code doFinal(buf, off, len, buf, off)}),
 * and JDK 17's CTR then copies the whole input into a fresh array first: a
 * 1.2 kB allocation and an extra pass for every SRTP-CM protect and
 * unprotect, which made in-place CTR about 1.8× the cost of encrypting into
 * another buffer. Here the keystream is applied into a buffer this cipher
 * keeps and copied back. jitsi-srtp calls each context's cipher under the
 * context's lock, so one buffer per cipher suffices.
 */
public final class SrtpCipherFactory extends CipherFactory {
    private static final String CTR = "AES/CTR/NoPadding";
    private static final String GCM = "AES/GCM/NoPadding";

    public SrtpCipherFactory() {
        super(Security.getProvider("SunJCE"));
    }

    /** Whether AES-GCM is OpenSSL's here (its native library loaded); the JDK's otherwise. */
    public static boolean gcmFromOpenSsl() {
        return JitsiOpenSslProvider.isLoaded();
    }

    @Override
    public Cipher createCipher(String transformation) throws GeneralSecurityException {
        if (GCM.equals(transformation) && gcmFromOpenSsl()) {
            try {
                return new Aes.OpenSSLCipherFactory().createCipher(transformation);
            } catch (GeneralSecurityException e) {
                throw e;
            } catch (Exception e) {
                throw new GeneralSecurityException("OpenSSL's AES-GCM: " + e, e);
            }
        }
        Cipher jdk = Cipher.getInstance(transformation, provider);
        return CTR.equals(transformation) ? new InPlaceCipher(new InPlaceCtr(jdk), provider) : jdk;
    }

    /** {@link Cipher}'s constructor from a {@link CipherSpi} is protected. */
    private static final class InPlaceCipher extends Cipher {
        InPlaceCipher(CipherSpi spi, Provider provider) {
            super(spi, provider, CTR);
        }
    }

    /** Delegates to the JDK's CTR, never in place. */
    private static final class InPlaceCtr extends CipherSpi {
        private final Cipher jdk;
        private byte[] scratch = new byte[PacketBuffer.CAPACITY];

        InPlaceCtr(Cipher jdk) {
            this.jdk = jdk;
        }

        @Override
        protected int engineDoFinal(byte[] in, int inOffset, int length, byte[] out, int outOffset)
                throws ShortBufferException {
            try {
                if (in != out) {
                    return jdk.doFinal(in, inOffset, length, out, outOffset);
                }
                if (scratch.length < length) {
                    scratch = new byte[length];
                }
                int n = jdk.doFinal(in, inOffset, length, scratch, 0);
                System.arraycopy(scratch, 0, out, outOffset, n);
                return n;
            } catch (ShortBufferException e) {
                throw e;
            } catch (GeneralSecurityException e) {
                // CTR without padding has no final-block or padding failures
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected byte[] engineDoFinal(byte[] in, int inOffset, int length) {
            try {
                return jdk.doFinal(in, inOffset, length);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected int engineUpdate(byte[] in, int inOffset, int length, byte[] out, int outOffset)
                throws ShortBufferException {
            return jdk.update(in, inOffset, length, out, outOffset);
        }

        @Override
        protected byte[] engineUpdate(byte[] in, int inOffset, int length) {
            return jdk.update(in, inOffset, length);
        }

        @Override
        protected void engineInit(int mode, Key key, AlgorithmParameterSpec params, SecureRandom random)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            jdk.init(mode, key, params, random);
        }

        @Override
        protected void engineInit(int mode, Key key, AlgorithmParameters params, SecureRandom random)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            jdk.init(mode, key, params, random);
        }

        @Override
        protected void engineInit(int mode, Key key, SecureRandom random) throws InvalidKeyException {
            jdk.init(mode, key, random);
        }

        @Override
        protected void engineSetMode(String mode) {
        }

        @Override
        protected void engineSetPadding(String padding) {
        }

        @Override
        protected int engineGetBlockSize() {
            return jdk.getBlockSize();
        }

        @Override
        protected int engineGetOutputSize(int length) {
            return jdk.getOutputSize(length);
        }

        @Override
        protected byte[] engineGetIV() {
            return jdk.getIV();
        }

        @Override
        protected AlgorithmParameters engineGetParameters() {
            return jdk.getParameters();
        }
    }
}
