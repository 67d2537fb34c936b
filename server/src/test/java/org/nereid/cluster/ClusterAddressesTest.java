package org.nereid.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterAddressesTest {
    @Test
    void theFirstAddressIsThisNodeAndTheRestItsPeersEachOnce() {
        ClusterAddresses a = ClusterAddresses.parse("10.0.0.2:5701, 10.0.0.1:5701,10.0.0.2:5701,[::1]:5702");
        assertEquals("10.0.0.2:5701", a.self());
        assertEquals(List.of("10.0.0.1:5701", "[::1]:5702"), a.peers());
        assertEquals("::1", ClusterAddresses.host("[::1]:5702"));
        assertEquals(5702, ClusterAddresses.port("[::1]:5702"));
    }

    @Test
    void aMissingHostOrPortIsRefusedWithASentence() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterAddresses.parse(":5701"))
                .getMessage().contains("no host"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterAddresses.parse("node1"))
                .getMessage().contains("port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterAddresses.parse(" , "))
                .getMessage().contains("this node's address"));
    }
}
