package org.nereid.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaConfigTest {
    private static final List<String> LOOPBACK = List.of("127.0.0.1");

    @Test
    void readsGalenesUdpRangeFlag() {
        assertEquals(new MediaConfig(LOOPBACK, 0, 0), MediaConfig.ofUdpRange(LOOPBACK, ""));
        assertEquals(new MediaConfig(LOOPBACK, 8443, 8443), MediaConfig.ofUdpRange(LOOPBACK, "8443"));
        assertEquals(new MediaConfig(LOOPBACK, 40000, 40100), MediaConfig.ofUdpRange(LOOPBACK, " 40000-40100 "));
        for (String bad : List.of("x", "40100-40000", "1-2-3", "0", "-5", "70000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MediaConfig.ofUdpRange(LOOPBACK, bad), bad);
            assertTrue(e.getMessage().contains("port"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig(LOOPBACK, 0, 5), "a range needs a first port");
    }

    @Test
    void aSinglePortIsSharedAndARangeIsPerConnection() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            int port = probe.getLocalPort();
            probe.close();
            try (Sfu sfu = new Sfu(MediaConfig.ofUdpRange(LOOPBACK, String.valueOf(port)))) {
                assertEquals(port, sfu.udpPort());
            }
        }
        int first = org.nereid.media.ice.FreePorts.range(2);
        try (Sfu sfu = new Sfu(MediaConfig.ofUdpRange(LOOPBACK, first + "-" + (first + 1)))) {
            assertEquals(0, sfu.udpPort(), "no shared port: each connection takes one of the range");
            // nothing is bound until a connection asks
            new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), first)).close();
        }
    }
}
