package org.nereid.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.nereid.admin.AdminClient;
import org.nereid.admin.AdminException;
import org.nereid.admin.ClusterStatus;
import org.nereid.admin.ServerTrust;
import org.nereid.signal.WebSocketClient;
import org.nereid.signal.WhipIT;

/**
 * The operator's side of a cluster (docs/cluster.md) over three real node processes:
 * {@link AdminClient}'s typed cluster calls, a WHIP POST at a node that does not host the group
 * sent to the one that does (307), and a planned stop (SIGTERM) that drains: the node takes no
 * new group, waits for its meeting to end (node B) or ends it at its drain deadline (node C),
 * whose {@code -cluster-url} is what the other nodes give clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOpsIT {
    private static final Duration START = Duration.ofSeconds(150);

    NodeProcess a;
    NodeProcess b;
    NodeProcess c;
    String[] names = new String[3];

    @BeforeAll
    void startThreeNodes() throws Exception {
        int[] http = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
        int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
        for (int i = 0; i < 3; i++) {
            names[i] = "127.0.0.1:" + cluster[i];
        }
        // A stops as it always did; B waits long for its meeting; C's deadline comes after 2 s, and
        // C is reached by a name of its own (as behind a proxy): localhost rather than 127.0.0.1
        List<List<String>> extra = List.of(List.of(), List.of("-cluster-drain-timeout", "60s"),
                List.of("-cluster-drain-timeout", "2s", "-cluster-url", "http://localhost:" + http[2]));
        List<NodeProcess> nodes = NodeProcess.startCluster(Path.of("target", "cluster-ops-it"), http, cluster,
                extra::get, home -> {
                    for (String group : List.of("class", "staff", "lab", "later")) {
                        Files.writeString(home.resolve("groups/" + group + ".json"), "{\"users\": {\"bob\":"
                                + " {\"password\": \"1234\", \"permissions\": \"present\"}}, \"wildcard-user\":"
                                + " {\"password\": {\"type\": \"wildcard\"}, \"permissions\": \"present\"}}\n");
                    }
                    Files.writeString(home.resolve("data/config.json"), "{\"users\": {\"admin\": {\"password\":"
                            + " \"pw\", \"permissions\": \"admin\"}}, \"writableGroups\": true}\n");
                }, START);
        a = nodes.get(0);
        b = nodes.get(1);
        c = nodes.get(2);
        for (NodeProcess n : nodes) {
            awaitCluster(n, s -> s.nodes().size() == 3, "three nodes", START);
        }
    }

    @AfterAll
    void stop() throws Exception {
        NodeProcess.closeAll(a, b, c);
    }

    @Test
    @Order(1)
    void theAdminClientReadsTheClusterAndRefusesToDrainAnUnknownNode() throws Exception {
        ClusterStatus status = admin(b).cluster().orElseThrow();
        assertEquals(names[1], status.self());
        assertEquals(java.util.Arrays.stream(names).sorted().toList(),
                status.nodes().stream().map(ClusterStatus.Node::node).toList(), "every node, by name");
        ClusterStatus.Node first = node(status, names[0]);
        assertEquals("http://127.0.0.1:" + a.httpPort + "/", first.url());
        assertEquals("ws://127.0.0.1:" + a.httpPort + "/ws", first.endpoint());
        assertEquals("serving", first.state());
        assertEquals("-", first.groupsText());
        AdminException unknown = assertThrows(AdminException.class, () -> admin(a).drain("127.0.0.1:1", 30));
        assertEquals(404, unknown.status(), unknown.getMessage());
    }

    @Test
    @Order(2)
    void aWhipPostAtANodeThatDoesNotHostTheGroupIsSentToTheHostAndFollowed() throws Exception {
        try (WebSocketClient atA = meetingAt(0, "class")) {
            HttpResponse<String> moved = whipPost(b, HttpClient.Redirect.NEVER);
            assertEquals(307, moved.statusCode(), moved::body);
            String there = "http://127.0.0.1:" + a.httpPort + "/group/class/.whip";
            assertEquals(Optional.of(there), moved.headers().firstValue("Location"));

            // as a WHIP client does: the same POST, offer included, at the Location
            HttpResponse<String> created = whipPost(b, HttpClient.Redirect.NORMAL);
            assertEquals(201, created.statusCode(), created::body);
            assertEquals(URI.create(there), created.uri(), "answered by A");
            atA.expect(m -> m.path("type").asText().equals("user") && m.path("kind").asText().equals("add")
                    && m.path("username").asText().equals("whip"), "the WHIP publisher, in the group at A");
            String session = created.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> deleted = a.send(HttpRequest.newBuilder(a.uri(session)).DELETE());
            assertEquals(200, deleted.statusCode(), deleted::body);
        }
    }

    @Test
    @Order(3)
    void aStoppedNodeDrainsAndStopsWhenItsLastMeetingEnds() throws Exception {
        try (WebSocketClient atB = meetingAt(1, "staff")) {
            b.sigterm();
            awaitCluster(a, s -> node(s, names[1]).state().equals("draining"), "B draining");
            try (WebSocketClient newcomer = WebSocketClient.connect(b.httpPort, "ann-at-b")) {
                JsonNode sent = newcomer.join("later", "bob", "1234");
                assertEquals("redirect", sent.path("kind").asText(), "a stopping node takes no new group: " + sent);
            }
            atB.chat("still here while B drains");
            atB.expect(m -> m.path("type").asText().equals("chat"), "the meeting goes on");
            assertFalse(b.awaitExit(Duration.ofSeconds(2)), "B waits for its meeting");
        }
        assertTrue(b.awaitExit(Duration.ofSeconds(30)), "B stops once its meeting has ended");
        assertTrue(Files.readString(b.log).contains("cluster: drained; stopping"), b.tail());
    }

    @Test
    @Order(4)
    void aStoppedNodeEndsTheMeetingsStillThereAtItsDrainDeadline() throws Exception {
        try (WebSocketClient atC = meetingAt(2, "lab")) {
            // -cluster-url: what the other nodes tell clients about C
            String there = "localhost:" + c.httpPort;
            assertEquals("http://" + there + "/", node(admin(a).cluster().orElseThrow(), names[2]).url());
            JsonNode status = ClusterIT.JSON.readTree(a.get("/group/lab/.status").body());
            assertEquals("ws://" + there + "/ws", status.path("endpoint").asText(), status::toString);
            try (WebSocketClient atA = WebSocketClient.connect(a.httpPort, "ann-at-a")) {
                JsonNode sent = atA.join("lab", "bob", "1234");
                assertEquals("http://" + there + "/group/lab/", sent.path("value").asText(), sent::toString);
            }
            Instant stopped = Instant.now();
            c.sigterm();
            JsonNode ended = atC.expect("usermessage", "kicked");
            assertTrue(ended.path("value").asText().contains("join again"), ended::toString);
            assertTrue(Duration.between(stopped, Instant.now()).toMillis() >= 1500, "ended at the 2 s deadline");
        }
        assertTrue(c.awaitExit(Duration.ofSeconds(30)), "C stops after its deadline");
        awaitCluster(a, s -> s.nodes().size() == 1, "B and C gone");
        // the group is placed again on the node left when its member comes back
        try (WebSocketClient back = WebSocketClient.connect(a.httpPort, "bob-back")) {
            back.joinOk("lab", "bob", "1234");
        }
    }

    /** bob in {@code group} at node {@code i} (0 is A), once another node sees the group hosted there. */
    private WebSocketClient meetingAt(int i, String group) throws Exception {
        NodeProcess at = new NodeProcess[] {a, b, c}[i];
        WebSocketClient bob = WebSocketClient.connect(at.httpPort, "bob-at-" + at.name);
        try {
            bob.joinOk(group, "bob", "1234");
            awaitCluster(i == 0 ? b : a, s -> node(s, names[i]).groups().containsKey(group),
                    group + " hosted at " + at.name);
            return bob;
        } catch (Exception | AssertionError e) {
            bob.close();
            throw e;
        }
    }

    private static ClusterStatus.Node node(ClusterStatus status, String name) {
        return status.nodes().stream().filter(n -> n.node().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not listed: " + status));
    }

    private HttpResponse<String> whipPost(NodeProcess n, HttpClient.Redirect redirect) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(redirect).build();
        return http.send(HttpRequest.newBuilder(n.uri("/group/class/.whip")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(WhipIT.offer("obs" + redirect.ordinal()))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static AdminClient admin(NodeProcess n) {
        return AdminClient.create(n.uri("/"), "admin", "pw", null, ServerTrust.insecure());
    }

    private static void awaitCluster(NodeProcess n, Predicate<ClusterStatus> condition, String what) throws Exception {
        awaitCluster(n, condition, what, Duration.ofSeconds(30));
    }

    private static void awaitCluster(NodeProcess n, Predicate<ClusterStatus> condition, String what, Duration timeout)
            throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        ClusterStatus last = null;
        while (System.nanoTime() < end) {
            try {
                last = admin(n).cluster().orElse(null);
                if (last != null && condition.test(last)) {
                    return;
                }
            } catch (java.io.IOException | AssertionError e) {
                // not yet: the node is starting, or the one looked for is not listed yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(n.name + " never showed " + what + ": " + last + "\n" + n.tail());
    }
}
