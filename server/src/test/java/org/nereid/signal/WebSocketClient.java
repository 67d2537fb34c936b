package org.nereid.signal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The test protocol client over a real WebSocket (java.net.http). */
public final class WebSocketClient extends ProtocolClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();
    /** When set, the client stops answering: it neither reads nor replies (a vanished peer). */
    volatile boolean deaf;

    WebSocketClient(int port, String id) throws Exception {
        super(id);
        this.socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    public static WebSocketClient connect(int port, String id) throws Exception {
        WebSocketClient c = new WebSocketClient(port, id);
        c.handshake();
        return c;
    }

    @Override
    public synchronized void sendText(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (!deaf) {
                    received(text);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            serverClosed(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            serverClosed(-1);
        }
    }
}
