package org.nereid.media.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Port handling on real sockets on 127.0.0.1: one shared port, or a port per connection from a range. */
class IceHostTest {
    private static final List<String> LOOPBACK = List.of("127.0.0.1");

    @Test
    void onePortIsSharedByEveryConnection() throws Exception {
        try (IceHost host = new IceHost(LOOPBACK, 0, 0)) {
            assertTrue(host.port() > 0);
            try (IceHost.Lease a = host.lease(); IceHost.Lease b = host.lease()) {
                assertEquals(host.port(), a.port());
                assertEquals(host.port(), b.port());
                assertEquals(a.harvesters(), b.harvesters());
            }
            try (IceHost.Lease c = host.lease()) {
                assertEquals(host.port(), c.port(), "closing a lease leaves the shared port open");
            }
        }
    }

    @Test
    void aRangeGivesEachConnectionItsOwnPortUntilItRunsOut() throws Exception {
        int first = FreePorts.range(3);
        try (IceHost host = new IceHost(LOOPBACK, first, first + 2)) {
            assertTrue(host.perConnection());
            IceHost.Lease a = host.lease();
            IceHost.Lease b = host.lease();
            IceHost.Lease c = host.lease();
            List<Integer> ports = List.of(a.port(), b.port(), c.port());
            assertEquals(3, ports.stream().distinct().count(), ports.toString());
            assertTrue(ports.stream().allMatch(p -> p >= first && p <= first + 2), ports.toString());

            PortsExhaustedException full = assertThrows(PortsExhaustedException.class, host::lease);
            assertTrue(full.getMessage().contains(first + "-" + (first + 2)), full.getMessage());
            assertTrue(full.getMessage().contains("-udp-range"), full.getMessage());
            // the leased ports are really bound: nobody else can take them
            assertThrows(java.net.SocketException.class, () -> new DatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port())).close());

            b.close();
            b.close();
            IceHost.Lease d = host.lease();
            assertEquals(b.port(), d.port(), "a port given back serves the next connection");
            a.close();
            c.close();
            d.close();
        }
    }

    @Test
    void aRangeSkipsPortsAnotherProgramHolds() throws Exception {
        int first = FreePorts.range(3);
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), first + 1));
             IceHost host = new IceHost(LOOPBACK, first, first + 2)) {
            try (IceHost.Lease a = host.lease(); IceHost.Lease b = host.lease()) {
                assertEquals(List.of(first, first + 2), List.of(a.port(), b.port()));
                assertThrows(PortsExhaustedException.class, host::lease);
            }
            assertTrue(other.isBound());
        }
    }

    @Test
    void closingTheHostReleasesEveryPort() throws Exception {
        int first = FreePorts.range(2);
        IceHost host = new IceHost(LOOPBACK, first, first + 1);
        IceHost.Lease a = host.lease();
        host.close();
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.port()))) {
            assertEquals(a.port(), again.getLocalPort());
        }
        assertThrows(java.io.IOException.class, host::lease);
    }
}
