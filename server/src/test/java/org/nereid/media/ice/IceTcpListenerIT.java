package org.nereid.media.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nereid.turn.StunCodec;

/**
 * ICE-TCP's listener on a real port of 127.0.0.1 with a live ICE agent behind it:
 * hostile connections (garbage, oversized frames, unknown ufrags, silence, a flood)
 * are closed one by one, and the agent still answers a proper connectivity check
 * on a fresh connection afterwards.
 */
class IceTcpListenerIT {
    private static final IceTcpListener.Limits LIMITS = new IceTcpListener.Limits(4, 1500, 2, 30_000);

    private IceHost host;
    private IceTcpListener tcp;
    private IceTransport agent;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        tcp = new IceTcpListener(List.of("127.0.0.1"), 0, LIMITS);
        host = new IceHost(List.of("127.0.0.1"), 0, 0, tcp);
        agent = new IceTransport(host.lease(), false, b -> { }, (t, s) -> { });
        agent.start("browserufrag", "browserpasswordbrowserpass", List.of());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        agent.close();
        host.close();
    }

    @Test
    void candidatesArePassiveTcpHostsOnTheListenersPort() {
        assertTrue(agent.localCandidates().stream().anyMatch(c -> c.contains(" tcp ")
                && c.contains(" 127.0.0.1 " + tcp.port() + " typ host tcptype passive")), agent.localCandidates().toString());
        assertTrue(agent.localCandidates().stream().anyMatch(c -> c.contains(" udp ")), "UDP stays");
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        byte[] noise = new byte[400];
        new Random(7).nextBytes(noise);
        noise[0] = 0;
        noise[1] = 100;     // a frame of 100 bytes that is not STUN
        assertClosedAfter(noise);
        assertClosedAfter(new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3});          // 65535 bytes: too long
        assertClosedAfter(frame(bindingRequest("nosuchufrag:browserufrag", null)));  // nobody's ufrag
        assertTrue(tcp.refused() >= 3, "counted: " + tcp.refused());
        assertAgentAnswers();
    }

    @Test
    void aSilentConnectionIsClosedAfterItsDeadline() throws Exception {
        Socket silent = connect();
        long start = System.nanoTime();
        assertEquals(-1, readWithin(silent, 5000), "closed");
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= LIMITS.pendingMillis() - 300, "not before its deadline: " + waited + " ms");
        assertAgentAnswers();
    }

    @Test
    void pendingConnectionsAreBounded() throws Exception {
        List<Socket> waiting = new ArrayList<>();
        for (int i = 0; i < LIMITS.maxPending(); i++) {
            waiting.add(connect());
        }
        Thread.sleep(300);      // the selector has taken them all
        Socket oneTooMany = connect();
        assertEquals(-1, readWithin(oneTooMany, 1000), "closed at once");
        for (Socket s : waiting) {
            assertEquals(0, readWithin(s, 100), "the earlier ones are still open");
        }
        waiting.forEach(sockets::remove);
        for (Socket s : waiting) {
            s.close();
        }
        Thread.sleep(LIMITS.pendingMillis());
        assertAgentAnswers();
    }

    @Test
    void oneAgentTakesOnlySoManyConnections() throws Exception {
        for (int i = 0; i < LIMITS.perAgent(); i++) {
            assertAnswered(connect());
        }
        Socket extra = connect();
        extra.getOutputStream().write(frame(signedRequest()));
        assertEquals(-1, readWithin(extra, 3000), "refused beyond the agent's share");
    }

    /** A fresh connection with a signed Binding Request for the agent gets a success response. */
    private void assertAgentAnswers() throws Exception {
        assertAnswered(connect());
    }

    private void assertAnswered(Socket s) throws Exception {
        s.getOutputStream().write(frame(signedRequest()));
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        Message m;
        int frames = 0;
        do {
            // the agent may put its own triggered check (a Binding Request) on the connection
            // before or after its answer: both are right, the answer is what is looked for
            int len = in.readUnsignedShort();
            byte[] frame = new byte[len];
            in.readFully(frame);
            m = Message.decode(frame, 0, len);
        } while (m.getMessageType() == Message.BINDING_REQUEST && ++frames < 4);
        assertEquals(Message.BINDING_SUCCESS_RESPONSE, m.getMessageType(), "a Binding success response");
    }

    private void assertClosedAfter(byte[] bytes) throws Exception {
        Socket s = connect();
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
        assertEquals(-1, readWithin(s, 3000), "closed after " + bytes.length + " bytes");
    }

    private byte[] signedRequest() throws Exception {
        return bindingRequest(agent.localUfrag() + ":browserufrag",
                agent.localPassword().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bindingRequest(String username, byte[] key) throws Exception {
        Request r = MessageFactory.createBindingRequest();
        byte[] id = new byte[12];
        new Random().nextBytes(id);     // a new transaction each time, or ice4j answers the first one's again
        r.setTransactionID(id);
        r.putAttribute(AttributeFactory.createUsernameAttribute(username));
        r.putAttribute(AttributeFactory.createPriorityAttribute(1_845_501_695L));
        r.putAttribute(AttributeFactory.createIceControllingAttribute(42));
        return key == null ? StunCodec.encode(r) : StunCodec.encode(r, key);
    }

    private static byte[] frame(byte[] message) {
        byte[] out = new byte[2 + message.length];
        out[0] = (byte) (message.length >> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", tcp.port()), 2000);
        sockets.add(s);
        return s;
    }

    /** What read() gives within the time: -1 when the server closed it (a reset counts), 0 when still open. */
    private static int readWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            int b = s.getInputStream().read();
            return b < 0 ? -1 : 1;
        } catch (SocketTimeoutException open) {
            return 0;
        } catch (IOException reset) {
            return -1;
        }
    }
}
