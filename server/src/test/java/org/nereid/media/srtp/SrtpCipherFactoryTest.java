package org.nereid.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SrtpCipherFactoryTest {
    private final SecretKeySpec key = new SecretKeySpec(bytes(16, 1), "AES");

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void inPlaceCtrGivesTheJdksCiphertext() throws Exception {
        Cipher ours = new SrtpCipherFactory().createCipher("AES/CTR/NoPadding");
        Cipher jdk = Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
        for (int length : new int[] {1, 15, 16, 17, 160, 1188, 1400}) {
            byte[] iv = bytes(16, length);
            byte[] plain = bytes(length + 40, 7 * length);
            byte[] expected = new byte[length];
            jdk.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            jdk.doFinal(plain, 12, length, expected, 0);

            byte[] packet = plain.clone();
            ours.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            assertEquals(length, ours.doFinal(packet, 12, length, packet, 12));
            assertArrayEquals(expected, Arrays.copyOfRange(packet, 12, 12 + length), "length " + length);
            assertArrayEquals(Arrays.copyOf(plain, 12), Arrays.copyOf(packet, 12), "the header is untouched");
            assertArrayEquals(Arrays.copyOfRange(plain, 12 + length, plain.length),
                    Arrays.copyOfRange(packet, 12 + length, packet.length), "the tail is untouched");
        }
    }

    @Test
    void inPlaceCtrDoesNotCopyThePacket() throws Exception {
        Cipher ours = new SrtpCipherFactory().createCipher("AES/CTR/NoPadding");
        byte[] packet = bytes(1200, 3);
        byte[] iv = new byte[16];
        long perPacket = allocatedPerPacket((round, i) -> {
            iv[15] = (byte) i;
            ours.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            ours.doFinal(packet, 12, 1188, packet, 12);
        });
        // the JDK's own in-place CTR copies the whole input (over 1.2 kB) each time
        assertTrue(perPacket < 600, perPacket + " bytes allocated per packet");
    }

    /** One packet's work, given the round and the packet's number in it. */
    private interface PacketWork {
        void run(int round, int packet) throws Exception;
    }

    /** Bytes this thread allocates per packet of {@code work}, in a second round (the first loads and compiles). */
    private static long allocatedPerPacket(PacketWork work) throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long perPacket = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 2000; i++) {
                work.run(round, i);
            }
            perPacket = (threads.getThreadAllocatedBytes(id) - before) / 2000;
        }
        return perPacket;
    }

    @Test
    void gcmIsOpenSslsAndGivesTheJdksCiphertextAndTag() throws Exception {
        // the native library ships in jitsi-srtp's jar; it needs the system's libssl (3 or 1.1)
        assertTrue(SrtpCipherFactory.gcmFromOpenSsl(), "jitsi-srtp's OpenSSL library loads on this machine");
        Cipher ours = new SrtpCipherFactory().createCipher("AES/GCM/NoPadding");
        assertEquals("JitsiOpenSslProvider", ours.getProvider().getName());
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        for (int length : new int[] {1, 16, 17, 160, 1188}) {
            byte[] iv = bytes(12, length);
            byte[] plain = bytes(12 + length + 16, 5 * length);
            jdk.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            jdk.updateAAD(plain, 0, 12);
            byte[] expected = jdk.doFinal(plain, 12, length);

            byte[] packet = plain.clone();      // in place, as jitsi-srtp protects
            ours.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            ours.updateAAD(packet, 0, 12);
            assertEquals(length + 16, ours.doFinal(packet, 12, length, packet, 12));
            assertArrayEquals(expected, Arrays.copyOfRange(packet, 12, 12 + length + 16), "length " + length);

            ours.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            ours.updateAAD(packet, 0, 12);
            assertEquals(length, ours.doFinal(packet, 12, length + 16, packet, 12));
            assertArrayEquals(Arrays.copyOf(plain, 12 + length), Arrays.copyOf(packet, 12 + length), "decrypted");

            byte[] forged = plain.clone();
            System.arraycopy(expected, 0, forged, 12, expected.length);
            forged[12 + length] ^= 1;       // the tag
            ours.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            ours.updateAAD(forged, 0, 12);
            assertThrows(AEADBadTagException.class, () -> ours.doFinal(forged, 12, length + 16, forged, 12));
        }
    }

    @Test
    void gcmAllocatesLittlePerPacket() throws Exception {
        Cipher ours = new SrtpCipherFactory().createCipher("AES/GCM/NoPadding");
        byte[] packet = bytes(1220, 3);
        byte[] iv = new byte[12];
        long perPacket = allocatedPerPacket((round, i) -> {
            iv[11] = (byte) i;
            iv[10] = (byte) round;      // never the same nonce twice
            ours.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            ours.updateAAD(packet, 0, 12);
            ours.doFinal(packet, 12, 1188, packet, 12);
        });
        // the JDK's builds its GHASH tables at each init: about 1 kB
        assertTrue(perPacket < 300, perPacket + " bytes allocated per packet");
    }
}
