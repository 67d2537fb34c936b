package org.nereid.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.nereid.client.MeetingPages;
import org.nereid.ctl.NereidctlIT;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.Chromium;

/**
 * Three Nereid processes on loopback as one cluster (docs/cluster.md): admin writes with
 * cluster-wide ETags, an invitation's uses counted across nodes, a group hosted by one node
 * and followed from another, and SIGKILL of the hosting node with nothing acknowledged lost.
 * The tests run in order on the same three nodes; the last one kills node A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration START = Duration.ofSeconds(150);

    NodeProcess a;
    NodeProcess b;
    NodeProcess c;
    int[] clusterPorts;

    @BeforeAll
    void startThreeNodes() throws Exception {
        int[] http = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
        int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
        clusterPorts = cluster;
        String origins = java.util.Arrays.stream(http).mapToObj(p -> "\"http://127.0.0.1:" + p + "\"")
                .collect(Collectors.joining(","));
        List<NodeProcess> nodes = NodeProcess.startCluster(Path.of("target", "cluster-it"), http, cluster,
                i -> List.of("-metrics"), home -> {
                    Files.writeString(home.resolve("groups/class.json"), "{\"public\": true, \"users\": {\"bob\":"
                            + " {\"password\": \"1234\", \"permissions\": \"present\"}}}\n");
                    Files.writeString(home.resolve("groups/staff.json"),
                            "{\"users\": {\"bob\": {\"password\": \"1234\", \"permissions\": \"present\"}}}\n");
                    Files.writeString(home.resolve("data/config.json"), "{\"users\": {\"admin\": {\"password\":"
                            + " \"pw\", \"permissions\": \"admin\"}}, \"writableGroups\": true, \"allowOrigin\": ["
                            + origins + "]}\n");
                }, START);
        a = nodes.get(0);
        b = nodes.get(1);
        c = nodes.get(2);
        for (NodeProcess n : nodes) {
            awaitNodes(n, 3);
        }
    }

    @AfterAll
    void stop() throws Exception {
        NodeProcess.closeAll(a, b, c);
    }

    @Test
    @Order(0)
    void eachNodeRunsAMemberOnItsClusterPort() throws Exception {
        // what AloneIT finds absent without -cluster, found present with it
        List<String> threads = b.threadNames();
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("hz.")), () -> "threads: " + threads);
        assertTrue(b.listeningTcpPorts().containsAll(List.of(b.httpPort, clusterPorts[1])), () -> "ports");
        String metrics = c.get("/metrics").body();
        for (int port : clusterPorts) {
            assertTrue(metrics.contains("nereid_cluster_node_clients{node=\"127.0.0.1:" + port + "\"} 0"), metrics);
        }
    }

    @Test
    @Order(1)
    void anAdminWriteThroughOneNodeReachesEveryNodeAndEtagsMeanTheSameEverywhere() throws Exception {
        String fromA = etag(a, "/galene-api/v0/.groups/class");
        assertEquals(fromA, etag(c, "/galene-api/v0/.groups/class"), "the same file has the same ETag on every node");
        assertEquals(204, put(b, "class", fromA, "first").statusCode());
        HttpResponse<String> stale = put(c, "class", fromA, "stale");
        assertEquals(412, stale.statusCode(), stale::body);
        String fresh = etag(a, "/galene-api/v0/.groups/class");
        assertNotEquals(fromA, fresh);
        HttpResponse<String> ok = put(c, "class", fresh, "second");
        assertEquals(204, ok.statusCode(), ok::body);
        String onDisk = Files.readString(b.dir.resolve("groups/class.json"));
        assertTrue(onDisk.contains("\"second\""), onDisk);
        assertTrue(onDisk.contains("\"bob\""), "the users the API does not show are kept: " + onDisk);
        assertEquals(etag(c, "/galene-api/v0/.groups/class"), etag(b, "/galene-api/v0/.groups/class"));
    }

    @Test
    @Order(2)
    void aThreeUseInvitationAdmitsThreePeopleWhicheverNodesTheyArriveAt() throws Exception {
        String token = mintRegisterToken(a, 3);
        assertEquals(201, register(a, token, "ann").statusCode());
        assertEquals(201, register(b, token, "ben").statusCode());
        assertEquals(201, register(c, token, "cat").statusCode());
        HttpResponse<String> fourth = register(b, token, "dan");
        assertEquals(410, fourth.statusCode(), fourth::body);
        for (NodeProcess n : new NodeProcess[] {a, b, c}) {
            String tokens = Files.readString(n.dir.resolve("data/var/tokens.jsonl"));
            assertTrue(tokens.contains("\"uses\":3"), n.name + ": " + tokens);
            String group = Files.readString(n.dir.resolve("groups/class.json"));
            for (String user : List.of("ann", "ben", "cat")) {
                assertTrue(group.contains("\"" + user + "\""), n.name + " lacks " + user + ": " + group);
            }
            assertFalse(group.contains("\"dan\""), group);
        }
    }

    @Test
    @Order(3)
    void theHostingNodeIsNamedByEveryNodesStatusAndAJoinElsewhereIsSentThere() throws Exception {
        // the first join at A makes A the host of the group
        try (WebSocketClient atA = WebSocketClient.connect(a.httpPort, "bob-at-a")) {
            atA.joinOk("class", "bob", "1234");
            JsonNode status = JSON.readTree(b.get("/group/class/.status").body());
            assertEquals("ws://127.0.0.1:" + a.httpPort + "/ws", status.path("endpoint").asText(), status::toString);
            assertEquals("http://127.0.0.1:" + b.httpPort + "/group/class/", status.path("location").asText());
            awaitClientCount(c, 1);

            try (WebSocketClient atB = WebSocketClient.connect(b.httpPort, "ann-at-b")) {
                JsonNode joined = atB.join("class", "ann", "pw-ann");
                assertEquals("redirect", joined.path("kind").asText(), joined::toString);
                assertEquals("http://127.0.0.1:" + a.httpPort + "/group/class/", joined.path("value").asText());
            }
            // as Galène's client does: connect to the endpoint the .status fetched from B named
            int port = Integer.parseInt(status.path("endpoint").asText().replaceAll(".*:(\\d+)/ws$", "$1"));
            try (WebSocketClient followed = WebSocketClient.connect(port, "ann-followed")) {
                followed.joinOk("class", "ann", "pw-ann");
                followed.chat("hello from B's page");
                JsonNode heard = atA.expect(m -> m.path("type").asText().equals("chat")
                        && m.path("value").asText().equals("hello from B's page"), "chat");
                assertEquals("ann", heard.path("username").asText());
            }
        }
    }

    @Test
    @Order(4)
    void browsersOnTheOtherNodesPagesMeetThroughTheHostWithMediaAndChat() throws Exception {
        try (WebSocketClient atA = WebSocketClient.connect(a.httpPort, "bob-watching");
             Chromium chromium = Chromium.launch()) {
            atA.joinOk("class", "bob", "1234");
            Page ben = MeetingPages.join(pageWithCamera(chromium.browser()), b.uri("/group/class/").toString(),
                    "ben", "pw-ben", "both");
            Page cat = MeetingPages.join(pageWithCamera(chromium.browser()), c.uri("/group/class/").toString(),
                    "cat", "pw-cat", "");
            // ben's camera, published from B's page, plays on C's page: both reach A, which forwards it
            cat.waitForFunction("() => { const v = document.querySelector('#videos video');"
                    + " return v && v.videoWidth > 0 && v.currentTime > 0; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(45000));
            ben.locator("#chat-input").fill("hello through A");
            ben.locator("#chat-input").press("Enter");
            JsonNode heard = atA.expect(m -> m.path("type").asText().equals("chat")
                    && m.path("value").asText().equals("hello through A"), "chat");
            assertEquals("ben", heard.path("username").asText());
            awaitClientCount(b, 3);
        }
    }

    private static Page pageWithCamera(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone"))).newPage();
    }

    @Test
    @Order(5)
    void nereidctlListsTheNodesWithTheirGroupsAndDrainsOneWhoseMeetingsEndAtTheDeadline() throws Exception {
        NereidctlIT.Run list = ctl(b, "cluster");
        assertEquals(0, list.exit(), list::err);
        for (int port : clusterPorts) {
            assertTrue(list.out().contains("127.0.0.1:" + port), list::out);
        }
        String cName = "127.0.0.1:" + clusterPorts[2];
        try (WebSocketClient atC = WebSocketClient.connect(c.httpPort, "bob-at-c")) {
            atC.joinOk("staff", "bob", "1234");
            awaitLine(a, cName, "staff(1)");
            NereidctlIT.Run drain = ctl(b, "cluster", "-drain", cName, "-deadline", "2s");
            assertEquals(0, drain.exit(), drain::err);
            assertTrue(drain.out().contains("is draining"), drain::out);
            JsonNode ended = atC.expect("usermessage", "kicked");
            assertTrue(ended.path("value").asText().contains("another one"), ended::toString);
        }
        awaitLine(a, cName, "drained");
        try (WebSocketClient again = WebSocketClient.connect(c.httpPort, "bob-again-at-c")) {
            JsonNode sent = again.join("staff", "bob", "1234");
            assertEquals("redirect", sent.path("kind").asText(), "a draining node takes no group: " + sent);
        }
        JsonNode doc = JSON.readTree(ctl(c, "cluster", "-json").out());
        assertEquals(cName, doc.path("self").asText());
    }

    @Test
    @Order(6)
    void killingTheHostingNodeLosesNothingAcknowledgedAndTheGroupComesBackElsewhere() throws Exception {
        String token = mintRegisterToken(a, 2);
        assertEquals(201, register(a, token, "eve").statusCode());
        String etag = etag(a, "/galene-api/v0/.groups/class");
        assertEquals(204, put(a, "class", etag, "just before the kill").statusCode());
        try (Chromium chromium = Chromium.launch();
             WebSocketClient atA = WebSocketClient.connect(a.httpPort, "bob-again")) {
            atA.joinOk("class", "bob", "1234");
            // Nereid's client on B's page, in the meeting at A when A dies
            Page ann = MeetingPages.join(chromium.browser().newPage(), b.uri("/group/class/").toString(),
                    "ann", "pw-ann", "");
            a.kill9();
            awaitNodes(b, 2);
            awaitNodes(c, 2);
            for (NodeProcess n : new NodeProcess[] {b, c}) {
                String group = Files.readString(n.dir.resolve("groups/class.json"));
                assertTrue(group.contains("just before the kill") && group.contains("\"eve\""), n.name + ": " + group);
            }
            assertEquals(etag(b, "/galene-api/v0/.groups/class"), etag(c, "/galene-api/v0/.groups/class"));
            assertEquals(201, register(c, token, "fay").statusCode(), "the one use left");
            assertEquals(410, register(b, token, "gus").statusCode(), "both uses counted, one of them at the dead node");

            JsonNode status = JSON.readTree(c.get("/group/class/.status").body());
            // C drains (the test before), so B is the one node left to take the group
            assertEquals("ws://127.0.0.1:" + b.httpPort + "/ws", status.path("endpoint").asText(), status::toString);
            try (WebSocketClient back = WebSocketClient.connect(b.httpPort, "bob-back");
                 WebSocketClient other = WebSocketClient.connect(c.httpPort, "fay")) {
                back.joinOk("class", "bob", "1234");
                JsonNode sent = other.join("class", "fay", "pw-fay");
                assertEquals("redirect", sent.path("kind").asText(), "the group has one host again: " + sent);

                // the page comes back by itself: it reads .status anew and reaches the new host
                ann.waitForFunction("port => nereidPage.conn && nereidPage.conn.group === 'class'"
                        + " && nereidPage.status.endpoint.endsWith(':' + port + '/ws')", b.httpPort,
                        new Page.WaitForFunctionOptions().setTimeout(60000));
                back.expect(m -> m.path("type").asText().equals("user") && m.path("kind").asText().equals("add")
                        && m.path("username").asText().equals("ann"), "ann, back in the group at B");
            }
        }
    }

    /** Waits until {@code nereidctl cluster} at {@code n} shows {@code text} on the line of node {@code node}. */
    private static void awaitLine(NodeProcess n, String node, String text) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String line = "";
        while (System.nanoTime() < end && !line.contains(text)) {
            Thread.sleep(250);
            line = ctl(n, "cluster").out().lines().filter(l -> l.startsWith(node)).findFirst().orElse("");
        }
        assertTrue(line.contains(text), node + " never showed " + text + ": " + line);
    }

    private static NereidctlIT.Run ctl(NodeProcess n, String... args) {
        List<String> all = new ArrayList<>(List.of("-config", n.dir.resolve("nereidctl.json").toString(),
                "-server", "http://127.0.0.1:" + n.httpPort + "/", "-admin-username", "admin", "-admin-password", "pw"));
        all.addAll(List.of(args));
        return NereidctlIT.runRaw("", all.toArray(String[]::new));
    }

    private static void awaitNodes(NodeProcess n, int count) throws Exception {
        long end = System.nanoTime() + START.toNanos();
        JsonNode doc = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> r = n.get("/galene-api/v0/.cluster");
            if (r.statusCode() == 200) {
                doc = JSON.readTree(r.body());
                if (doc.path("nodes").size() == count) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(n.name + " does not see " + count + " nodes: " + doc + "\n" + n.tail());
    }

    private static void awaitClientCount(NodeProcess n, int count) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < end) {
            status = JSON.readTree(n.get("/group/class/.status").body());
            if (status.path("clientCount").asInt() == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(n.name + " never published " + count + " client(s): " + status);
    }

    private static String etag(NodeProcess n, String path) throws Exception {
        HttpResponse<String> r = n.get(path);
        assertEquals(200, r.statusCode(), r::body);
        return r.headers().firstValue("ETag").orElseThrow();
    }

    private static HttpResponse<String> put(NodeProcess n, String group, String ifMatch, String displayName)
            throws Exception {
        return n.send(HttpRequest.newBuilder(n.uri("/galene-api/v0/.groups/" + group))
                .header("Authorization", NodeProcess.ADMIN).header("Content-Type", "application/json")
                .header("If-Match", ifMatch)
                .PUT(BodyPublishers.ofString("{\"public\": true, \"displayName\": \"" + displayName + "\"}")));
    }

    private static String mintRegisterToken(NodeProcess n, int uses) throws Exception {
        HttpResponse<String> r = n.send(HttpRequest.newBuilder(n.uri("/galene-api/v0/.groups/class/.tokens/"))
                .header("Authorization", NodeProcess.ADMIN).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"kind\": \"register\", \"max-uses\": " + uses
                        + ", \"permissions\": [\"present\", \"message\"], \"expires\": \"2099-01-01T00:00:00Z\"}")));
        assertEquals(201, r.statusCode(), r::body);
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static HttpResponse<String> register(NodeProcess n, String token, String user) throws Exception {
        return n.send(HttpRequest.newBuilder(n.uri("/invitation/" + token + "/register"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"username\": \"" + user + "\", \"password\": \"pw-" + user + "\"}")));
    }
}
