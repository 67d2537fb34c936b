package org.nereid.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The permission set, the channel map and the relay targets, with time passed in. */
class TurnTablesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 40000);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.1", 40001);

    @Test
    void permissionsLastFiveMinutesFromTheirLastInstall() {
        PermissionSet p = new PermissionSet();
        long t = 123 * SECOND;
        p.install(A.getAddress(), t);
        assertTrue(p.allows(A.getAddress(), t + 299 * SECOND));
        assertFalse(p.allows(InetAddress.getLoopbackAddress(), t));
        p.install(A.getAddress(), t + 200 * SECOND);
        assertTrue(p.allows(A.getAddress(), t + 450 * SECOND), "refreshed");
        assertFalse(p.allows(A.getAddress(), t + 500 * SECOND));
        p.expire(t + 500 * SECOND);
        assertEquals(0, p.size());
    }

    @Test
    void aChannelStaysWithItsPeerUntilItExpires() {
        ChannelMap c = new ChannelMap();
        long t = -5 * SECOND; // nanoTime may be negative
        assertTrue(c.bind(0x4000, A, t));
        assertEquals(A, c.peer(0x4000, t));
        assertEquals(0x4000, c.number(A, t));
        assertFalse(c.bind(0x4000, B, t), "the number is taken");
        assertFalse(c.bind(0x4001, A, t), "the peer has a number");
        assertTrue(c.bind(0x4000, A, t + 500 * SECOND), "a refresh");
        assertEquals(A, c.peer(0x4000, t + 1000 * SECOND));
        assertNull(c.peer(0x4000, t + 1100 * SECOND), "ten minutes after the last bind");
        assertEquals(0, c.number(A, t + 1100 * SECOND));
        assertTrue(c.bind(0x4000, B, t + 1100 * SECOND), "an expired number can be bound again");
        assertEquals(0, c.number(A, t + 1100 * SECOND));
        c.expire(t + 2000 * SECOND);
        assertEquals(0, c.size());
        assertFalse(ChannelMap.validNumber(0x3FFF));
        assertTrue(ChannelMap.validNumber(0x4FFF));
        assertFalse(ChannelMap.validNumber(0x5000));
    }

    @Test
    void relayTargetsAreTheMediaHostsAndPorts() throws Exception {
        RelayTargets t = new RelayTargets(Set.of(InetAddress.getByName("192.0.2.1")), 40000, 40000);
        assertTrue(t.allows(A));
        assertFalse(t.allows(B), "another port of the media host");
        assertTrue(t.allowsHost(B.getAddress()));
        assertFalse(t.allowsHost(InetAddress.getByName("192.0.2.2")));
        assertFalse(t.allows(new InetSocketAddress("192.0.2.2", 40000)));
        RelayTargets range = new RelayTargets(Set.of(InetAddress.getByName("192.0.2.1")), 40000, 40100);
        assertTrue(range.allows(B));
    }

    @Test
    void theTableBoundsAllocationsPerAddressInAllAndInRate() throws Exception {
        AllocationTable table = new AllocationTable(new TurnLimits(2, 3, 1, 2, 10));
        InetAddress one = InetAddress.getByName("192.0.2.1");
        long t = 0;
        assertNull(table.admit(one, t));
        assertNull(table.admit(one, t));
        assertEquals(AllocationTable.Refusal.RATE, table.admit(one, t), "a burst of two");
        assertNull(table.admit(one, t + SECOND), "then one a second");
        assertEquals(1, table.refused());

        AllocationTable quotas = new AllocationTable(new TurnLimits(2, 3, 100, 100, 10));
        InetAddress two = InetAddress.getByName("192.0.2.2");
        Allocation first = allocation(one, 1);
        quotas.add(first);
        quotas.add(allocation(one, 2));
        assertEquals(AllocationTable.Refusal.CLIENT_QUOTA, quotas.admit(one, t));
        assertNull(quotas.admit(two, t));
        quotas.add(allocation(two, 1));
        assertEquals(AllocationTable.Refusal.CAPACITY, quotas.admit(two, t), "three in all");
        quotas.remove(first);
        assertNull(quotas.admit(one, t), "a place given back");
        assertEquals(2, quotas.size());
    }

    private static Allocation allocation(InetAddress client, int port) {
        ClientLink link = new ClientLink.Udp(null, new InetSocketAddress(client, port),
                new InetSocketAddress("192.0.2.9", 3478), new java.util.HashMap<>());
        return new Allocation(link, null, new InetSocketAddress("192.0.2.9", 50000 + port), "u", new byte[16],
                new byte[12]);
    }
}
