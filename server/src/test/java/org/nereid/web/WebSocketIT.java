package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.testing.RawWebSocket;
import org.nereid.testing.RunningServer;

/** /ws hands real WebSocket connections to the endpoint the wiring supplies. */
class WebSocketIT {
    @TempDir
    Path dir;

    /** An endpoint that answers each text message with its upper-case form. */
    static final class ShoutingEndpoint extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ctx.writeAndFlush(new TextWebSocketFrame(frame.text().toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void upgradesAndHandsMessagesToTheEndpoint() throws Exception {
        try (RunningServer server = RunningServer.start(dir, o -> o, n -> n.webSocket(remote -> new ShoutingEndpoint()))) {
            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.nereid.port() + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder message = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            message.append(data); // large messages arrive in parts
                            if (last) {
                                received.add(message.toString());
                                message.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertEquals("HELLO", received.poll(5, TimeUnit.SECONDS));

            // just over the message limit still reaches the endpoint, which refuses it with a sentence
            int limit = org.nereid.server.ServerOptions.DEFAULT_MAX_FRAME_SIZE;
            ws.sendText("y".repeat(limit + 1), true).get(5, TimeUnit.SECONDS);
            assertEquals(limit + 1, received.poll(5, TimeUnit.SECONDS).length());

            // over twice the limit the transport closes the connection with 1009 (message too big)
            ws.sendText("x".repeat(2 * limit + 1), true);
            assertEquals(1009, closed.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void foreignOriginIsRefused() throws Exception {
        try (RunningServer server = RunningServer.start(dir, o -> o, n -> n.webSocket(remote -> new ShoutingEndpoint()))) {
            int port = server.nereid.port();
            String response = rawUpgrade(port, "http://evil.example");
            assertTrue(response.startsWith("HTTP/1.1 403 "), response);
            String same = rawUpgrade(port, "http://127.0.0.1:" + port);
            assertTrue(same.startsWith("HTTP/1.1 101 "), same);
        }
    }

    /** Issue 18: only RFC 6455 (version 13), as browsers and Galène's library speak; drafts are refused. */
    @Test
    void draftWebSocketVersionsAreRefused() throws Exception {
        try (RunningServer server = RunningServer.start(dir, o -> o, n -> n.webSocket(remote -> new ShoutingEndpoint()))) {
            int port = server.nereid.port();
            for (String version : new String[] {"8", "7", "0", "", "13, 8"}) {
                String response = rawUpgrade(port, "http://127.0.0.1:" + port, version);
                assertTrue(response.startsWith("HTTP/1.1 426 "), version + ": " + response);
                assertTrue(response.contains("sec-websocket-version: 13\r\n"), response);
            }
        }
    }

    /** Issue 18: a message the transport refuses gets one Close frame with its reason, then a clean end. */
    @Test
    void aRefusedMessageGetsOneCloseFrameAndNoReset() throws Exception {
        try (RunningServer server = RunningServer.start(dir, o -> o, n -> n.webSocket(remote -> new ShoutingEndpoint()))) {
            int port = server.nereid.port();
            int transportLimit = 2 * org.nereid.server.ServerOptions.DEFAULT_MAX_FRAME_SIZE;
            try (RawWebSocket ws = RawWebSocket.open(port)) {
                ws.send(RawWebSocket.TEXT, true, new byte[] {'a', (byte) 0xc3, 0x28}); // not UTF-8
                assertClosedOnce(ws.readToEnd(), 1007);
            }
            try (RawWebSocket ws = RawWebSocket.open(port)) {
                ws.send(RawWebSocket.TEXT, true, new byte[transportLimit + 1]);
                assertClosedOnce(ws.readToEnd(), 1009);
            }
            // each fragment is small; together they are over the limit, and the client sends them all
            try (RawWebSocket ws = RawWebSocket.open(port)) {
                byte[] fragment = "z".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                int fragments = 3 * transportLimit / fragment.length;
                boolean allSent = true;
                for (int i = 0; i < fragments; i++) {
                    if (i == fragments / 2) {
                        Thread.sleep(300); // a client on a real link is still sending when the server decides
                    }
                    allSent &= ws.send(i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION, i == fragments - 1,
                            fragment);
                }
                assertTrue(allSent, "the server reset the connection while the client was still sending");
                assertClosedOnce(ws.readToEnd(), 1009);
            }
            try (RawWebSocket ws = RawWebSocket.open(port)) {
                ws.sendText("still here");
                ws.send(RawWebSocket.CLOSE, true, new byte[] {0x03, (byte) 0xe8});
                RawWebSocket.Ending end = ws.readToEnd();
                assertEquals("STILL HERE", new String(end.frames().get(0).payload(), StandardCharsets.UTF_8));
                assertClosedOnce(end, 1000);
            }
        }
    }

    private static void assertClosedOnce(RawWebSocket.Ending end, int code) {
        assertFalse(end.reset(), "the connection was reset; frames received: " + end.frames().size());
        assertEquals(1, end.closes().size(), "Close frames: " + end.closes().stream().map(RawWebSocket.Frame::closeCode).toList());
        assertEquals(code, end.closes().get(0).closeCode());
    }

    private static String rawUpgrade(int port, String origin) throws Exception {
        return rawUpgrade(port, origin, "13");
    }

    private static String rawUpgrade(int port, String origin, String version) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: " + version + "\r\nOrigin: " + origin + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            return new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
