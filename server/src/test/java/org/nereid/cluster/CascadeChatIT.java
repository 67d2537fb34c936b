package org.nereid.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.signal.ProtocolClient.msg;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nereid.signal.WebSocketClient;

/**
 * Chat, presence and moderation of a cascaded group (docs/cluster.md): three Nereid processes on
 * loopback with {@code -cluster-cascade 2}. Two members at the hosting node A make it crowded;
 * the next ones join mirrors at B and C. Real WebSocket clients speaking Galène's protocol check
 * that everyone sees everyone, that chat sent at any node reaches each member once and in the
 * one order the host gives it, that the history is the host's, and that an operator at any
 * node mutes, kicks, promotes and locks members wherever they are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CascadeChatIT {
    private NodeProcess a;
    private NodeProcess b;
    private NodeProcess c;

    @BeforeAll
    void startThreeNodes() throws Exception {
        int[] http = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
        int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
        List<NodeProcess> nodes = NodeProcess.startCluster(Path.of("target", "cascade-chat-it"), http, cluster,
                i -> List.of("-cluster-cascade", "2", "-udp-range", (43000 + 100 * i) + "-" + (43009 + 100 * i)),
                home -> {
                    Files.writeString(home.resolve("groups/hall.json"), "{\"users\": {"
                            + "\"teacher\": {\"password\": \"pw\", \"permissions\": \"op\"},"
                            + "\"bob\": {\"password\": \"pw\", \"permissions\": \"op\"},"
                            + "\"alice\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                            + "\"carol\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                            + "\"dave\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                            + "\"eve\": {\"password\": \"pw\", \"permissions\": \"message\"}}}\n");
                    Files.writeString(home.resolve("data/config.json"), "{\"users\": {\"admin\": {\"password\":"
                            + " \"pw\", \"permissions\": \"admin\"}}}\n");
                }, ClusterIT.START);
        a = nodes.get(0);
        b = nodes.get(1);
        c = nodes.get(2);
        CascadeIT.awaitJson(c, "/galene-api/v0/.cluster", doc -> doc.path("nodes").size() == 3, "three nodes");
    }

    @AfterAll
    void stop() throws Exception {
        NodeProcess.closeAll(a, b, c);
    }

    @Test
    void theHostingNodeOrdersPresenceChatAndModerationForMembersOnEveryNode() throws Exception {
        try (Person teacher = Person.join(a, "teacher");
             Person alice = Person.join(a, "alice")) {
            // two members at A: A's published load makes the group crowded, so B and C take the next ones
            for (NodeProcess helper : List.of(b, c)) {
                CascadeIT.awaitJson(helper, "/group/hall/.status", s -> !s.path("endpoint").asText()
                        .endsWith(":" + a.httpPort + "/ws"), "a .status that sends newcomers past A");
            }
            try (Person bob = Person.join(b, "bob");
                 Person carol = Person.join(c, "carol")) {
                List<Person> all = List.of(teacher, alice, bob, carol);
                // presence: everyone sees the four people, wherever they joined, and no relay
                for (Person p : all) {
                    p.await(x -> x.users.size() == 4, "four users");
                    assertEquals(Set.of("teacher", "alice", "bob", "carol"), Set.copyOf(p.users.values()),
                            () -> p.name + " sees " + p.users);
                }
                awaitMirrors();

                // chat from three nodes at once: one order, the host's, for everyone; each message once
                bob.ws.chat("from B");
                carol.ws.chat("from C");
                teacher.ws.chat("from A");
                for (Person p : all) {
                    p.await(x -> x.chat.size() == 3, "three chat messages");
                }
                teacher.ws.chat("end");
                for (Person p : all) {
                    p.await(x -> x.chat.contains("end"), "the last chat message");
                    assertEquals(teacher.chat, p.chat, () -> p.name + "'s chat differs from the teacher's");
                }
                assertEquals(Set.of("from A", "from B", "from C", "end"), Set.copyOf(teacher.chat));
                assertEquals(4, teacher.chat.size(), teacher.chat::toString);

                try (Person dave = Person.join(c, "dave")) {
                    // the history a newcomer at C gets is the host's, in the host's order
                    dave.await(x -> x.history.size() == 4 && x.users.size() == 5, "the history and five users");
                    assertEquals(teacher.chat, dave.history);
                    bob.await(x -> x.users.containsValue("dave"), "dave");

                    // an operator at B mutes and silences a member at C; the host checks the permission
                    bob.ws.send(msg("usermessage", "kind", "mute", "dest", carol.ws.id, "source", bob.ws.id));
                    carol.await(x -> x.has("usermessage", "mute"), "the mute request");
                    bob.ws.send(msg("useraction", "kind", "shutup", "dest", carol.ws.id, "source", bob.ws.id));
                    carol.await(x -> x.joinedWithout("message"), "a joined change without message");
                    teacher.await(x -> x.changed.contains("carol"), "carol's user change");
                    carol.ws.chat("am I heard?");
                    carol.ws.expectError();

                    // the teacher at A makes dave at C an operator
                    teacher.ws.send(msg("useraction", "kind", "op", "dest", dave.ws.id, "source", teacher.ws.id));
                    dave.await(x -> x.joinedWith("op"), "a joined change with op");

                    // an operator at B kicks a member at A; the teacher at A kicks a member at C
                    bob.ws.send(msg("useraction", "kind", "kick", "dest", alice.ws.id, "source", bob.ws.id,
                            "value", "out"));
                    alice.await(x -> x.has("usermessage", "kicked"), "being kicked");
                    alice.ws.expectClosed();
                    teacher.ws.send(msg("useraction", "kind", "kick", "dest", carol.ws.id, "source", teacher.ws.id));
                    carol.await(x -> x.has("usermessage", "kicked"), "being kicked");
                    carol.ws.expectClosed();
                    for (Person p : List.of(teacher, bob, dave)) {
                        p.await(x -> !x.users.containsValue("alice") && !x.users.containsValue("carol"),
                                "alice and carol gone");
                    }

                    // an operator at C (dave, now) locks the group: a newcomer at B is refused by the host
                    dave.ws.send(msg("groupaction", "kind", "lock", "source", dave.ws.id, "value", "full"));
                    teacher.await(x -> x.joinedLocked(), "the group locked");
                    try (WebSocketClient eve = WebSocketClient.connect(b.httpPort, "eve-id")) {
                        JsonNode refused = eve.join("hall", "eve", "pw");
                        assertEquals("fail", refused.path("kind").asText(), refused::toString);
                        assertEquals("full", refused.path("value").asText(), refused::toString);
                    }
                    assertFalse(teacher.users.containsValue("eve"), "eve was never in the group");
                }
            }
        }
    }

    /** B and C each got the group's feed from A, by relays that no member sees. */
    private void awaitMirrors() throws Exception {
        for (NodeProcess helper : List.of(b, c)) {
            CascadeIT.awaitJson(helper, "/galene-api/v0/.stats", stats -> stats.toString().contains("relay from "),
                    "the mirror of hall");
        }
    }

    /** A client and what it was told: who is in the group, the chat in order, the rest. */
    private static final class Person implements AutoCloseable {
        final String name;
        final WebSocketClient ws;
        final Map<String, String> users = new HashMap<>();
        final List<String> chat = new ArrayList<>();
        final List<String> history = new ArrayList<>();
        final List<String> changed = new ArrayList<>();
        final List<JsonNode> other = new ArrayList<>();

        private Person(String name, WebSocketClient ws) {
            this.name = name;
            this.ws = ws;
        }

        static Person join(NodeProcess node, String name) throws Exception {
            WebSocketClient ws = WebSocketClient.connect(node.httpPort, name + "-id");
            Person p = new Person(name, ws);
            p.other.add(ws.joinOk("hall", name, "pw"));
            return p;
        }

        void await(Predicate<Person> done, String what) {
            if (!done.test(this)) {
                ws.expect(n -> {
                    take(n);
                    return done.test(this);
                }, name + ": " + what);
            }
        }

        private void take(JsonNode n) {
            String kind = n.path("kind").asText();
            switch (n.path("type").asText()) {
                case "user" -> {
                    if (kind.equals("delete")) {
                        users.remove(n.path("id").asText());
                    } else {
                        users.put(n.path("id").asText(), n.path("username").asText());
                    }
                    if (kind.equals("change")) {
                        changed.add(n.path("username").asText());
                    }
                }
                case "chat" -> chat.add(n.path("value").asText());
                case "chathistory" -> history.add(n.path("value").asText());
                default -> other.add(n);
            }
        }

        boolean has(String type, String kind) {
            return other.stream().anyMatch(n -> n.path("type").asText().equals(type)
                    && n.path("kind").asText().equals(kind));
        }

        boolean joinedWith(String permission) {
            return lastJoined().map(j -> j.path("permissions").toString().contains("\"" + permission + "\""))
                    .orElse(false);
        }

        boolean joinedWithout(String permission) {
            return lastJoined().map(j -> !j.path("permissions").toString().contains("\"" + permission + "\""))
                    .orElse(false);
        }

        boolean joinedLocked() {
            return lastJoined().map(j -> j.path("status").path("locked").asBoolean()).orElse(false);
        }

        private java.util.Optional<JsonNode> lastJoined() {
            for (int i = other.size() - 1; i > 0; i--) { // the first is the join itself
                if (other.get(i).path("type").asText().equals("joined")) {
                    return java.util.Optional.of(other.get(i));
                }
            }
            return java.util.Optional.empty();
        }

        @Override
        public void close() {
            ws.close();
        }
    }
}
