package org.nereid.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster flags' values: a node's public URL and the drain deadline of a planned stop. */
class ClusterFlagsTest {
    @Test
    void aPublicUrlIsARootUrlEndingInASlash() {
        assertEquals(URI.create("https://node1.example.org/"), ClusterFlags.publicUrl("https://node1.example.org"));
        assertEquals(URI.create("https://proxy.example.org:8443/nereid/"),
                ClusterFlags.publicUrl(" https://proxy.example.org:8443/nereid "));
        assertEquals(URI.create("http://[::1]:9000/"), ClusterFlags.publicUrl("http://[::1]:9000/"));
        for (String bad : new String[] {"node1:8443", "ftp://node1/", "https:///x", "https://node1/?a=b", "http://a b/"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterFlags.publicUrl(bad));
            assertTrue(e.getMessage().startsWith("-cluster-url: "), e.getMessage());
        }
    }

    @Test
    void theDrainTimeoutIsAGoDurationNotNegative() {
        assertEquals(Duration.ofMinutes(2), ClusterFlags.drainTimeout("2m"));
        assertEquals(Duration.ZERO, ClusterFlags.drainTimeout("0"));
        assertEquals(Duration.ofSeconds(90), ClusterFlags.drainTimeout("1m30s"));
        for (String bad : new String[] {"-5s", "soon", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClusterFlags.drainTimeout(bad));
            assertTrue(e.getMessage().startsWith("-cluster-drain-timeout: "), e.getMessage());
        }
    }
}
