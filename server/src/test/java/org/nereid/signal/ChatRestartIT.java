package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.group.ChatArchive;
import org.nereid.testing.RunningServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat history across a real restart: a group named in data/nereid.json's keep-chat gets
 * its messages back (as a late joiner does, cleared ones excepted); another group does not.
 */
class ChatRestartIT {
    @TempDir
    Path dir;
    private RunningServer server;
    private SignalService signal;
    private final List<WebSocketClient> clients = new ArrayList<>();

    private void start() throws Exception {
        AtomicReference<SignalService> ref = new AtomicReference<>();
        server = RunningServer.start(dir, o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            SignalService s = Signalling.create(n.groups(), n.config(), new Authoriser(tokens, clock),
                    new TokenActions(tokens, clock), null, SignalLimits.defaults(), Signalling::noIceServers, clock);
            s.registry().keepChatIn(ChatArchive.inDataDirectory(n.options().dataDir()));
            n.webSocket(s::newChannelHandler).groupActivity(s.registry());
            ref.set(s);
        });
        signal = ref.get();
    }

    private void stop() {
        clients.forEach(WebSocketClient::close);
        clients.clear();
        if (signal != null) {
            signal.close();
        }
        if (server != null) {
            server.close();
        }
        signal = null;
        server = null;
    }

    @AfterEach
    void cleanUp() {
        stop();
    }

    private WebSocketClient join(String group, String id) throws Exception {
        WebSocketClient c = WebSocketClient.connect(server.nereid.port(), id);
        clients.add(c);
        c.joinOk(group, "op", "pw");
        return c;
    }

    private static List<String> chats(List<JsonNode> messages) {
        return messages.stream().filter(m -> m.path("type").asText().equals("chathistory"))
                .map(m -> m.path("value").asText()).toList();
    }

    @Test
    void aGroupThatOptsInGetsItsChatBackAfterARestart() throws Exception {
        start();
        Files.writeString(server.data.resolve("nereid.json"), "{\"keep-chat\": [\"kept\"]}");
        String group = "{\"users\": {\"op\": {\"password\": \"pw\", \"permissions\": \"op\"}}}";
        server.writeGroup("kept", group);
        server.writeGroup("other", group);
        server.nereid.groups().refresh();

        WebSocketClient a = join("kept", "A");
        a.chat("cleared before the restart");
        a.send(ProtocolClient.msg("groupaction", "kind", "clearchat"));
        a.chat("first");
        a.chat("second");
        a.sync();
        WebSocketClient b = join("other", "B");
        b.chat("forgotten");
        b.sync();
        stop();
        assertTrue(Files.exists(dir.resolve("data/var/chat/kept.jsonl")));
        assertFalse(Files.exists(dir.resolve("data/var/chat/other.jsonl")), "a group that did not opt in writes nothing");

        start();
        WebSocketClient again = join("kept", "C");
        assertEquals(List.of("first", "second"), chats(again.sync()));
        WebSocketClient elsewhere = join("other", "D");
        assertEquals(List.of(), chats(elsewhere.sync()));

        // clearchat clears the disk too: after another restart nothing comes back
        again.send(ProtocolClient.msg("groupaction", "kind", "clearchat"));
        again.sync();
        stop();
        start();
        assertEquals(List.of(), chats(join("kept", "E").sync()));
    }
}
