package org.nereid.media.bench;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.nereid.media.srtp.SrtpProfile;

/**
 * The benchmark's floor: SRTP-shaped protection of one packet with nothing but
 * the JDK's {@link Cipher} and {@link Mac} (instances kept, one init per packet
 * as the IV changes), as in the research notes' measurement. Not SRTP-correct
 * (no key derivation, no ROC): it only has to cost what the cryptography costs.
 */
final class JdkProtect {
    private static final int HEADER = 12;

    private final SrtpProfile profile;
    private final Cipher cipher;
    private final Mac mac;
    private final SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
    private final byte[] iv;
    private final byte[] roc = new byte[4];
    private final byte[] tag = new byte[20];
    private long counter;

    JdkProtect(SrtpProfile profile) {
        this.profile = profile;
        try {
            if (profile == SrtpProfile.AEAD_AES_128_GCM) {
                cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
                mac = null;
                iv = new byte[12];
            } else {
                cipher = Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
                mac = Mac.getInstance("HmacSHA1", "SunJCE");
                mac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
                iv = new byte[16];
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies {@code length} bytes of {@code packet} to {@code out}, protected; returns the protected length. */
    int protect(byte[] packet, int length, byte[] out) {
        try {
            counter++;
            iv[iv.length - 1] = (byte) counter;
            iv[iv.length - 2] = (byte) (counter >> 8);
            iv[iv.length - 3] = (byte) (counter >> 16);
            System.arraycopy(packet, 0, out, 0, HEADER);
            if (profile == SrtpProfile.AEAD_AES_128_GCM) {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                cipher.updateAAD(packet, 0, HEADER);
                return HEADER + cipher.doFinal(packet, HEADER, length - HEADER, out, HEADER);
            }
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            cipher.doFinal(packet, HEADER, length - HEADER, out, HEADER);
            mac.update(out, 0, length);
            mac.update(roc, 0, 4);
            mac.doFinal(tag, 0);
            System.arraycopy(tag, 0, out, length, 10);
            return length + 10;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
