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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.server.AdminWiring;
import org.nereid.server.InvitationWiring;
import org.nereid.signal.ProtocolClient;
import org.nereid.signal.SignalLimits;
import org.nereid.signal.SignalService;
import org.nereid.signal.Signalling;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real Nereid wired as Main wires it (signalling with the authoriser and the token
 * actions with the invitation policy, the admin API, the invitation route), with two
 * groups: city-watch (vimes op, carrot present) and guild (allow-user-invites; rincewind
 * present), and config.json with writableGroups and an administrator (root, rootpw).
 * A JUnit extension: {@code @RegisterExtension final InvitationFixture f = new InvitationFixture();}
 * gives each test a fresh server in its own temporary directory; registered on a static
 * field it is one server for the whole class (clients made outside a test, in
 * {@code @BeforeAll}, stay connected until the class ends). {@link #withMedia()} adds the
 * real SFU, on loopback.
 */
public final class InvitationFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final List<WebSocketClient> clients = new ArrayList<>();
    private final List<WebSocketClient> classClients = new ArrayList<>();
    private final AtomicInteger memberNumber = new AtomicInteger();
    private boolean classWide;
    private boolean inTest;
    private boolean media;
    private Sfu sfu;
    private Path dir;
    private RunningServer server;
    private TokenStore tokens;
    private SignalService signal;

    public RunningServer server() {
        return server;
    }

    public TokenStore tokens() {
        return tokens;
    }

    /** Signalling with the real SFU on 127.0.0.1 (ICE, DTLS), so offers get answers. */
    public InvitationFixture withMedia() {
        media = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        classWide = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!classWide) {
            start();
        }
        inTest = true;
    }

    private void start() throws Exception {
        dir = Files.createTempDirectory("nereid-invitations");
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
        sfu = media ? new Sfu(new MediaConfig(List.of("127.0.0.1"), 0)) : null;
        server = RunningServer.start(dir, o -> o, n -> {
            tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            Authoriser authoriser = new Authoriser(tokens, clock);
            signal = Signalling.create(n.groups(), n.config(), authoriser,
                    new TokenActions(tokens, clock, InvitationWiring.policy(n)), sfu, SignalLimits.defaults(),
                    Signalling::noIceServers, clock);
            n.webSocket(signal::newChannelHandler).groupActivity(signal.registry())
                    .mount(Mount.ADMIN_API, self -> AdminWiring.adminApi(self, tokens, authoriser, clock))
                    .mount(Mount.INVITATIONS, self -> InvitationRoute.of(tokens, self.groups(), self.config(), clock));
        });
    }

    /** A handshaken protocol client. */
    public WebSocketClient client(String id) throws Exception {
        WebSocketClient c = WebSocketClient.connect(server.nereid.port(), id);
        (inTest ? clients : classClients).add(c);
        return c;
    }

    /** A client joined with a password. */
    public WebSocketClient member(String group, String username, String password) throws Exception {
        // never an id used before: the server may not yet have seen a closed client of an earlier test leave
        WebSocketClient c = client(username + "-" + memberNumber.incrementAndGet());
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
    public void afterEach(ExtensionContext context) throws Exception {
        clients.forEach(WebSocketClient::close);
        clients.clear();
        inTest = false;
        if (!classWide) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        classClients.forEach(WebSocketClient::close);
        classClients.clear();
        stop();
    }

    private void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (signal != null) {
            signal.close();
        }
        if (sfu != null) {
            sfu.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
