package org.nereid.load.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One client's WebSocket to a Galène-protocol server: JSON messages out, in
 * order; whole JSON messages in, handed to a listener on the socket's
 * thread; pings answered.
 */
public final class GaleneSocket implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    private GaleneSocket(WebSocket socket) {
        this.socket = socket;
    }

    /**
     * Connects; {@code onMessage} gets each message, {@code onClose} a sentence once the
     * connection ends (not when we closed it).
     */
    public static GaleneSocket connect(HttpClient http, URI endpoint, Consumer<JsonNode> onMessage,
                                       Consumer<String> onClose) throws IOException {
        Listener listener = new Listener(onMessage, onClose);
        try {
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(endpoint, listener).get(15, TimeUnit.SECONDS);
            GaleneSocket s = new GaleneSocket(ws);
            listener.owner = s;
            return s;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException h) {
                throw new IOException("The server at " + endpoint + " refused the WebSocket (HTTP "
                        + h.getResponse().statusCode() + ").", e);
            }
            if (cause instanceof ConnectException || cause instanceof java.net.http.HttpConnectTimeoutException) {
                throw new IOException("Cannot reach the server at " + endpoint + ": " + cause.getMessage() + ".", e);
            }
            throw new IOException("Cannot open the WebSocket " + endpoint + ": " + cause + ".", e);
        } catch (TimeoutException e) {
            throw new IOException("The server at " + endpoint + " did not accept a WebSocket within 15 seconds.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** Sends one message after the previous ones (the JDK WebSocket allows one outstanding send). */
    public void send(ObjectNode message) {
        String text = message.toString();
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            lastSend = lastSend.handle((r, e) -> null).thenCompose(x -> socket.sendText(text, true));
        }
    }

    @Override
    public void close() {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            closed = true;
            lastSend.handle((r, e) -> null).thenCompose(x -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                    .orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> socket.abort());
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final Consumer<JsonNode> onMessage;
        private final Consumer<String> onClose;
        private final StringBuilder text = new StringBuilder();
        private volatile GaleneSocket owner;

        Listener(Consumer<JsonNode> onMessage, Consumer<String> onClose) {
            this.onMessage = onMessage;
            this.onClose = onClose;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                try {
                    JsonNode m = JSON.readTree(whole);
                    if ("ping".equals(m.path("type").asText()) && owner != null) {
                        owner.send(message("pong"));
                    } else {
                        onMessage.accept(m);
                    }
                } catch (IOException e) {
                    ended("the server sent a message that is not JSON");
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            ended("the server closed the connection (" + status + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended("the connection failed: " + error.getMessage());
        }

        private void ended(String why) {
            GaleneSocket s = owner;
            if (s == null || !s.closed) {
                onClose.accept(why);
            }
        }
    }
}
