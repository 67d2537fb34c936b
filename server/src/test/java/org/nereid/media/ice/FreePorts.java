package org.nereid.media.ice;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Finds UDP port ranges on 127.0.0.1 for tests of {@code -udp-range}. */
public final class FreePorts {
    private static final java.util.Random RANDOM = new java.util.Random();

    private FreePorts() {
    }

    /**
     * {@code size} consecutive ports that are free right now, below Linux's
     * ephemeral range (32768 and up) so that other tests' sockets on port 0
     * do not take them before the test does.
     */
    public static int range(int size) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = 20_000 + RANDOM.nextInt(10_000);
            boolean free = true;
            for (int p = first; p < first + size && free; p++) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
                    s.getLocalPort();
                } catch (Exception e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no free range of " + size + " UDP ports");
    }
}
