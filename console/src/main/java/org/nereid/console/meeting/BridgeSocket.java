package org.nereid.console.meeting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One relayed WebSocket: text frames from the server go to the page in order, text from
 * the page goes to the server in order. Public because the page calls {@link #send} and
 * {@link #close}.
 */
public final class BridgeSocket {
    /** What the page hears. */
    interface Events {
        void opened();

        void message(String text);

        void closed(int code, String reason);

        void error(String message);
    }

    private final Events events;
    private final Consumer<BridgeSocket> onGone;
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<WebSocket> socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    BridgeSocket(Events events, Consumer<BridgeSocket> onGone) {
        this.events = events;
        this.onGone = onGone;
    }

    void open(HttpClient http, URI target) {
        socket = http.newWebSocketBuilder().buildAsync(target, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                events.opened();
                ws.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    events.message(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                events.closed(code, reason);
                onGone.accept(BridgeSocket.this);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                events.error(String.valueOf(error.getMessage()));
                events.closed(1006, "");
                onGone.accept(BridgeSocket.this);
            }
        });
        socket.exceptionally(e -> {
            events.error("Cannot reach the meeting server: " + e.getMessage());
            events.closed(1006, "");
            onGone.accept(this);
            return null;
        });
    }

    void fail(String message) {
        events.error(message);
        events.closed(1006, message);
        onGone.accept(this);
    }

    /** Sends a text message; messages are sent one after another, in call order. */
    public synchronized void send(String text) {
        if (socket == null) {
            return;
        }
        sending = sending.thenCompose(x -> socket).thenCompose(ws -> ws == null
                ? CompletableFuture.completedFuture(null) : ws.sendText(text, true))
                .exceptionally(e -> {
                    events.error("Sending failed: " + e.getMessage());
                    return null;
                });
    }

    public synchronized void close() {
        if (socket != null) {
            sending.thenCompose(x -> socket).thenAccept(ws -> {
                if (ws != null && !ws.isOutputClosed()) {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
                }
            });
        }
    }
}
