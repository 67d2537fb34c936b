package org.nereid.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client that writes frames byte by byte as told (fragments, bad UTF-8, lying
 * lengths) and records every frame the server sends until the connection ends, and how it
 * ended: the things java.net.http's client will not do or will not show.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;

    /** A frame from the server. */
    public record Frame(int opcode, byte[] payload) {
        /** The status code of a Close frame, or -1 when it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : -1;
        }
    }

    /** Everything the server sent and whether the connection ended with a FIN (clean) or a reset. */
    public record Ending(List<Frame> frames, boolean reset) {
        public List<Frame> closes() {
            return frames.stream().filter(f -> f.opcode() == CLOSE).toList();
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to /ws and completes the opening handshake (101), failing otherwise. */
    public static RawWebSocket open(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(s);
        ws.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(ws.in.readUnsignedByte());
        }
        if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101 ")) {
            s.close();
            throw new IOException("no upgrade: " + head);
        }
        return ws;
    }

    /** Writes one masked frame; false when the server had already closed the connection. */
    public boolean send(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length);
        } else {
            f.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        try {
            out.write(f.toByteArray());
            out.flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    public boolean sendText(String text) {
        return send(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads until the server ends the connection (or 10 s of silence): what it sent, and how it ended. */
    public Ending readToEnd() throws IOException {
        List<Frame> frames = new ArrayList<>();
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                long length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[Math.toIntExact(length)];
                in.readFully(payload);
                frames.add(new Frame(b0 & 0x0f, payload));
                if ((b0 & 0x0f) == CLOSE) {
                    // answer as a client does, so the server may finish its side
                    send(CLOSE, true, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                }
            }
        } catch (EOFException end) {
            return new Ending(frames, false);
        } catch (SocketException reset) {
            return new Ending(frames, true);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
