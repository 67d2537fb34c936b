package org.nereid.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
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
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int round = 0; round < 2; round++) {       // the first round loads and compiles
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 2000; i++) {
                iv[15] = (byte) i;
                ours.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
                ours.doFinal(packet, 12, 1188, packet, 12);
            }
            long perPacket = (threads.getThreadAllocatedBytes(id) - before) / 2000;
            // the JDK's own in-place CTR copies the whole input (over 1.2 kB) each time
            assertTrue(round == 0 || perPacket < 600, perPacket + " bytes allocated per packet");
        }
    }
}
