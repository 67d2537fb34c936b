package org.nereid.load.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.nereid.load.LoadException;

/**
 * One client of a group: WebSocket, handshake (protocol version 2), join. After
 * the server's {@code joined}, every other message goes to the client's handler.
 */
public final class Session implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * How many {@code joined} of kind {@code redirect} a join follows. A cluster redirects a join
     * that reached a node the group has moved from (docs/cluster.md) once; more is a loop.
     */
    private static final int MAX_REDIRECTS = 3;

    private final String id = Long.toHexString(RANDOM.nextLong());
    private final CompletableFuture<JsonNode> joined = new CompletableFuture<>();
    private final String group;
    private volatile Consumer<JsonNode> handler = m -> { };
    private volatile Consumer<String> onLost = why -> { };
    private GaleneSocket socket;

    private Session(String group) {
        this.group = group;
    }

    /**
     * Connects and joins {@code group}; returns once the server said {@code joined}.
     *
     * @throws LoadException when the server cannot be reached, refuses the join, or says nothing
     */
    public static Session join(HttpClient http, URI endpoint, String group, Credentials credentials, String name,
                               long timeoutSeconds)
            throws LoadException {
        return join(http, endpoint, group, credentials, name, timeoutSeconds, MAX_REDIRECTS);
    }

    private static Session join(HttpClient http, URI endpoint, String group, Credentials credentials, String name,
                                long timeoutSeconds, int redirects)
            throws LoadException {
        Session s = new Session(group);
        try {
            s.socket = GaleneSocket.connect(http, endpoint, s::receive, s::lost);
        } catch (IOException e) {
            throw new LoadException(e.getMessage(), e);
        }
        s.socket.send(GaleneSocket.message("handshake").put("id", s.id)
                .set("version", GaleneSocket.JSON.createArrayNode().add("2")));
        ObjectNode join = GaleneSocket.message("join").put("kind", "join").put("group", group);
        credentials.addTo(join, name);
        s.socket.send(join);
        try {
            JsonNode reply = s.joined.get(timeoutSeconds, TimeUnit.SECONDS);
            if ("redirect".equals(reply.path("kind").asText()) && redirects > 0) {
                // as Galène's client loads the group's page there: its .status names the endpoint
                s.close();
                return join(http, redirectedEndpoint(http, reply.path("value").asText(), group), group, credentials,
                        name, timeoutSeconds, redirects - 1);
            }
            if (!"join".equals(reply.path("kind").asText())) {
                s.close();
                throw new LoadException("The server refused to let " + name + " join group \"" + group + "\": "
                        + reply.path("value").asText(reply.path("error").asText("no reason given")) + ".");
            }
            return s;
        } catch (TimeoutException e) {
            s.close();
            throw new LoadException("The server did not answer " + name + "'s join of group \"" + group
                    + "\" within " + timeoutSeconds + " seconds.", e);
        } catch (ExecutionException e) {
            s.close();
            throw new LoadException("The server dropped " + name + " while joining group \"" + group + "\": "
                    + e.getCause().getMessage() + ".", e);
        } catch (InterruptedException e) {
            s.close();
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted", e);
        }
    }

    /** This client's id, the source of its streams. */
    private static URI redirectedEndpoint(HttpClient http, String page, String group) throws LoadException {
        try {
            return GroupEndpoint.find(http, URI.create(page), group);
        } catch (IOException | IllegalArgumentException e) {
            throw new LoadException("The server redirected the join of group \"" + group + "\" to " + page
                    + ", which could not be followed: " + e.getMessage(), e);
        }
    }

    public String id() {
        return id;
    }

    public String group() {
        return group;
    }

    /** Where messages after the join go (on the socket's thread). */
    public void onMessage(Consumer<JsonNode> handler) {
        this.handler = handler;
    }

    /** Told once if the server drops the connection. */
    public void onLost(Consumer<String> onLost) {
        this.onLost = onLost;
    }

    public void send(ObjectNode message) {
        socket.send(message);
    }

    private void receive(JsonNode m) {
        String type = m.path("type").asText();
        if (type.equals("joined") && !joined.isDone()) {
            joined.complete(m);
        } else if (type.equals("usermessage") && m.path("kind").asText().equals("error") && !joined.isDone()) {
            joined.complete(m.deepCopy());      // an error before joined is a refusal
        } else {
            handler.accept(m);
        }
    }

    private void lost(String why) {
        if (!joined.isDone()) {
            joined.completeExceptionally(new IOException(why));
        } else {
            onLost.accept(why);
        }
    }

    /** Leaves the group and closes the socket. */
    @Override
    public void close() {
        if (socket != null) {
            if (joined.isDone()) {
                socket.send(GaleneSocket.message("join").put("kind", "leave").put("group", group));
            }
            socket.close();
        }
    }
}
