package org.nereid.console.meeting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One relayed WebSocket: text frames from the server go to the page in order, text from
 * the page goes to the server in order (each send waits for the previous one).
 */
final class BridgeSocket {
    /** What the page hears. */
    public interface Events {
        void opened();

        void message(String text);

        void closed(int code, String reason);
    }

    private final Events events;
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<WebSocket> socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile boolean open;
    /** Set once the page has been told this socket closed, or once it let go of it. */
    private volatile boolean retired;

    BridgeSocket(Events events) {
        this.events = events;
    }

    void open(HttpClient http, URI target) {
        socket = http.newWebSocketBuilder().buildAsync(target, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                open = true;
                events.opened();
                ws.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last && !retired) {
                    events.message(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                gone(code, reason);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                gone(1006, String.valueOf(error.getMessage()));
            }
        });
        socket.exceptionally(e -> {
            gone(1006, "cannot reach the meeting server: " + e.getMessage());
            return null;
        });
    }

    private void gone(int code, String reason) {
        open = false;
        if (!retired) {
            retired = true;
            events.closed(code, reason);
        }
    }

    boolean isOpen() {
        return open;
    }

    synchronized void send(String text) {
        sending = sending.thenCompose(x -> socket).thenCompose(ws -> ws == null
                ? CompletableFuture.completedFuture(null) : ws.sendText(text, true))
                .exceptionally(e -> {
                    gone(1006, "sending failed: " + e.getMessage());
                    return null;
                });
    }

    /**
     * Closes the socket for a page that no longer listens to it: the page's callbacks are
     * global ({@code window.nereid}), so a late frame or close of this socket would land on
     * the connection that replaced it and end that one.
     */
    synchronized void close() {
        retired = true;
        open = false;
        sending.thenCompose(x -> socket).thenAccept(ws -> {
            if (ws != null && !ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
            }
        });
    }
}
