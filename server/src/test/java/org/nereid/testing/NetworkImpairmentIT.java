package org.nereid.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The impairment really drops what it says, in the direction it says, and counts it. */
class NetworkImpairmentIT {
    private DatagramChannel server;
    private DatagramChannel client;
    private int serverPort;

    @BeforeEach
    void sockets() throws IOException {
        server = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        serverPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @AfterEach
    void closeSockets() throws IOException {
        server.close();
        client.close();
    }

    @Test
    void randomLossDropsItsShareOfOneDirectionOnly() throws IOException {
        try (NetworkImpairment net = NetworkImpairment.onServerPorts(serverPort, serverPort).loss(20, 0)) {
            int down = exchange(server, client, 2000, 50);
            int up = exchange(client, server, 500, 50);
            Map<String, Long> counted = net.packets();

            assertEquals(2000 - down, counted.get("down-loss"), "every missing packet was dropped by the rule");
            assertTrue(down > 1400 && down < 1800, "about 20 % lost, got " + down + " of 2000");
            assertEquals(500, up, "nothing lost upwards");
            assertEquals(2000, counted.get("down-total"));
            assertEquals(500, counted.get("up-total"));
        }
    }

    @Test
    void policerKeepsAFlowNearItsRate() throws IOException {
        try (NetworkImpairment net = NetworkImpairment.onServerPorts(serverPort, serverPort).policeDown(50)) {
            long start = System.nanoTime();
            // 1,000-byte datagrams at ~200 kB/s for three seconds: four times the rate
            int received = exchange(server, client, 600, 5);
            double seconds = (System.nanoTime() - start) / 1e9;
            // nft's byte limiter lets ~20 % more than its nominal rate through: allow half as much again
            double allowed = 1.5 * 50 * seconds + 25;
            assertTrue(received < allowed, received + " kB got through in " + seconds + " s, allowed " + allowed);
            assertTrue(net.packets().get("down-policed") > 0);

            net.policeDown(0);
            assertEquals(50, exchange(server, client, 50, 10), "lifted: everything passes");
        }
    }

    @Test
    void blockedUdpPassesNothingUntilUnblocked() throws IOException {
        try (NetworkImpairment net = NetworkImpairment.onServerPorts(serverPort, serverPort).blockUdp(true)) {
            assertEquals(0, exchange(server, client, 20, 10));
            assertEquals(0, exchange(client, server, 20, 10));
            net.blockUdp(false);
            assertEquals(20, exchange(server, client, 20, 10));
        }
    }

    /**
     * Sends {@code count} 1,000-byte datagrams, pausing 25 ms after every {@code burst} of them (a
     * policer then sees a known rate), and counts those that arrive; the receiver is drained after
     * every burst so that its socket buffer never overflows.
     */
    private static int exchange(DatagramChannel from, DatagramChannel to, int count, int burst) throws IOException {
        InetSocketAddress target = (InetSocketAddress) to.getLocalAddress();
        ByteBuffer out = ByteBuffer.allocate(1000);
        int received = 0;
        for (int i = 0; i < count; i++) {
            out.clear();
            from.send(out, target);
            if (burst > 0 && i % burst == burst - 1) {
                sleep(25);
                received += drain(to);
            }
        }
        sleep(200);
        return received + drain(to);
    }

    private static int drain(DatagramChannel channel) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(2000);
        int received = 0;
        channel.configureBlocking(false);
        while (channel.receive(in) != null) {
            in.clear();
            received++;
        }
        return received;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
