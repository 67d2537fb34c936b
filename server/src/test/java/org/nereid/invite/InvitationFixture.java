package org.nereid.invite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.server.AdminWiring;
import org.nereid.server.InvitationWiring;
import org.nereid.signal.ProtocolClient;
import org.nereid.signal.SignalLimits;
import org.nereid.signal.SignalService;
import org.nereid.signal.Signalling;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.RunningServer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real Nereid wired as Main wires it (signalling with the authoriser and the token
 * actions with the invitation policy, the admin API, the invitation route), with two
 * groups: city-watch (vimes op, carrot present) and guild (allow-user-invites; rincewind
 * present), and config.json with writableGroups and an administrator.
 */
public final class InvitationFixture implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    public final RunningServer server;
    public final TokenStore tokens;
    private final SignalService signal;
    private final List<WebSocketClient> clients = new ArrayList<>();

    private InvitationFixture(RunningServer server, TokenStore tokens, SignalService signal) {
        this.server = server;
        this.tokens = tokens;
        this.signal = signal;
    }

    public static InvitationFixture start(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/config.json"), "{\"writableGroups\": true, \"users\": {\"root\":"
                + " {\"password\": \"rootpw\", \"permissions\": \"admin\"}}}");
        Files.createDirectories(dir.resolve("groups"));
        Files.writeString(dir.resolve("groups/city-watch.json"), "{\"displayName\": \"The City Watch\","
                + " \"description\": \"Pseudopolis Yard\", \"users\": {"
                + "\"vimes\": {\"password\": \"sybil\", \"permissions\": \"op\"},"
                + "\"carrot\": {\"password\": \"angua\", \"permissions\": \"present\"}}}");
        Files.writeString(dir.resolve("groups/guild.json"), "{\"allow-user-invites\": true, \"users\": {"
                + "\"rincewind\": {\"password\": \"luggage\", \"permissions\": \"present\"}}}");
        Clock clock = Clock.systemUTC();
        AtomicReference<TokenStore> store = new AtomicReference<>();
        AtomicReference<SignalService> signal = new AtomicReference<>();
        RunningServer server = RunningServer.start(dir, o -> o, n -> {
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            Authoriser authoriser = new Authoriser(tokens, clock);
            SignalService s = Signalling.create(n.groups(), n.config(), authoriser,
                    new TokenActions(tokens, clock, InvitationWiring.policy(n)), null, SignalLimits.defaults(),
                    Signalling::noIceServers, clock);
            n.webSocket(s::newChannelHandler).groupActivity(s.registry())
                    .adminApi(self -> AdminWiring.adminApi(self, tokens, authoriser, clock))
                    .invitations(self -> InvitationRoute.of(tokens, self.groups(), self.config(), clock));
            store.set(tokens);
            signal.set(s);
        });
        return new InvitationFixture(server, store.get(), signal.get());
    }

    /** A handshaken protocol client. */
    public WebSocketClient client(String id) throws Exception {
        WebSocketClient c = WebSocketClient.connect(server.nereid.port(), id);
        clients.add(c);
        return c;
    }

    /** A client joined with a password. */
    public WebSocketClient member(String group, String username, String password) throws Exception {
        WebSocketClient c = client(username + "-" + clients.size());
        c.joinOk(group, username, password);
        return c;
    }

    /** Joins with a token (and a username, or none) and returns the "joined" answer. */
    public static JsonNode joinWithToken(ProtocolClient c, String group, String token, String username) {
        ObjectNode m = ProtocolClient.msg("join", "kind", "join", "group", group, "token", token);
        if (username != null) {
            m.put("username", username);
        }
        c.send(m);
        return c.expect(n -> n.path("type").asText().equals("joined")
                && !n.path("kind").asText().equals("change"), "joined");
    }

    /** Sends maketoken and returns the "token" usermessage that answers it. */
    public static JsonNode makeToken(ProtocolClient c, ObjectNode template) {
        c.send(ProtocolClient.msg("groupaction", "kind", "maketoken", "source", c.id, "value", template));
        return c.expect("usermessage", "token");
    }

    /** The id of a token maketoken made, failing the test with the server's sentence otherwise. */
    public static String madeToken(ProtocolClient c, ObjectNode template) {
        JsonNode reply = makeToken(c, template);
        assertEquals("", reply.path("error").asText(""), () -> "maketoken refused: " + reply);
        return reply.path("value").path("token").asText();
    }

    public HttpResponse<String> get(String path) throws Exception {
        return server.get(path);
    }

    public HttpResponse<String> register(String token, String body) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri("/invitation/" + token + "/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    public String groupFile(String name) throws Exception {
        return Files.readString(server.groups.resolve(name + ".json"));
    }

    @Override
    public void close() {
        clients.forEach(WebSocketClient::close);
        server.close();
        signal.close();
    }
}
