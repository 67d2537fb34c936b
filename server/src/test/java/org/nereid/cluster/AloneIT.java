package org.nereid.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.signal.WebSocketClient;

/**
 * Without {@code -cluster} a server is what it always was: no class of Hazelcast is loaded
 * (the JVM's own class-load log says so), no thread of it runs and nothing listens but the
 * web server, even after a client joined a group (the join path asks where groups are hosted).
 */
class AloneIT {
    @TempDir
    Path dir;

    @Test
    void withoutClusterNoHazelcastClassThreadOrPort() throws Exception {
        Files.createDirectories(dir.resolve("groups"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("groups/class.json"),
                "{\"users\": {\"bob\": {\"password\": \"1234\", \"permissions\": \"present\"}}}\n");
        Path classes = dir.resolve("classes.txt");
        int port = NodeProcess.freePort();
        try (NodeProcess node = NodeProcess.start("alone", dir, port,
                List.of("-Xlog:class+load=info:file=" + classes), List.of())) {
            node.awaitListening(Duration.ofSeconds(90));
            try (WebSocketClient bob = WebSocketClient.connect(port, "bob")) {
                bob.joinOk("class", "bob", "1234");
                assertEquals(200, node.get("/group/class/.status").statusCode());
            }
            List<String> loaded = Files.readAllLines(classes);
            assertTrue(loaded.stream().anyMatch(l -> l.contains("org.nereid.group.GroupHosts")),
                    "the log lists the classes this run loaded");
            assertFalse(loaded.stream().anyMatch(l -> l.contains("com.hazelcast.")),
                    () -> loaded.stream().filter(l -> l.contains("com.hazelcast.")).limit(5).toList().toString());
            assertFalse(loaded.stream().anyMatch(l -> l.contains("org.nereid.cluster.ClusterNode")));
            List<String> threads = node.threadNames();
            assertFalse(threads.stream().anyMatch(t -> t.startsWith("hz.")), threads::toString);
            Set<Integer> listening = new java.util.TreeSet<>(node.listeningTcpPorts());
            assertTrue(listening.remove(port), "the web server listens: " + listening);
            // what else may listen (media over TCP, say) is not this test's business; Hazelcast's ports are
            assertTrue(listening.stream().noneMatch(p -> p >= 5701 && p <= 5801), listening::toString);
        }
    }
}
