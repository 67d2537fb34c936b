package org.nereid.console.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The relay behind the meeting page, against a real WebSocket server on 127.0.0.1: when the
 * page opens a new connection, the one it replaced can no longer speak to the page (its late
 * frames and its close would otherwise end the new connection: the page's callbacks are global).
 */
class MeetingBridgeTest {
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final BridgeSocket.Events events = new BridgeSocket.Events() {
        @Override
        public void opened() {
            heard.add("opened");
        }

        @Override
        public void message(String text) {
            heard.add("message " + text);
        }

        @Override
        public void closed(int code, String reason) {
            heard.add("closed " + code);
        }
    };

    @Test
    void aReplacedSocketNoLongerReachesThePage() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            URI ws = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws");
            MeetingBridge bridge = new MeetingBridge(ws, HttpClient.newHttpClient(), events, url -> { });

            bridge.open(ws.toString());
            try (Socket first = upgrade(server.accept())) {
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> heard.equals(List.of("opened")));

                bridge.open(ws.toString());
                try (Socket second = upgrade(server.accept())) {
                    frame(second, 0x81, "fresh".getBytes(StandardCharsets.UTF_8));
                    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> heard.contains("message fresh"));

                    // the old connection speaks last: a frame, then the server's close
                    frame(first, 0x81, "stale".getBytes(StandardCharsets.UTF_8));
                    frame(first, 0x88, new byte[] {0x03, (byte) 0xe8});
                    first.getInputStream().transferTo(OutputStream.nullOutputStream());
                    Thread.sleep(300);
                    assertEquals(List.of("opened", "opened", "message fresh"), heard);

                    bridge.close();
                }
            }
        }
    }

    /** Reads the opening handshake and accepts it (RFC 6455 §4.2.2). */
    private static Socket upgrade(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        String request = readHead(s.getInputStream());
        String key = request.lines().filter(l -> l.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18))
                .map(l -> l.substring(18).trim()).findFirst().orElseThrow();
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed during the handshake");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One unmasked server frame with a payload under 126 bytes. */
    private static void frame(Socket s, int opcodeByte, byte[] payload) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(opcodeByte);
        out.write(payload.length);
        out.write(payload);
        out.flush();
    }
}
