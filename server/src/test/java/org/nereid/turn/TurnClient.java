package org.nereid.turn;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;

/**
 * A TURN client for tests, on ice4j's message classes: talks to a TURN server over
 * UDP or TCP (with RFC 8656 framing), signs its requests with a long-term key and
 * checks the signature of the answers.
 */
final class TurnClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket udp;
    private final Socket tcp;
    private final InetSocketAddress server;
    private String username;
    private byte[] key;
    private byte[] nonce;

    private TurnClient(DatagramSocket udp, Socket tcp, InetSocketAddress server) {
        this.udp = udp;
        this.tcp = tcp;
        this.server = server;
    }

    static TurnClient udp(InetSocketAddress server) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        s.setSoTimeout(3000);
        return new TurnClient(s, null, server);
    }

    static TurnClient tcp(InetSocketAddress server) throws IOException {
        Socket s = new Socket(server.getAddress(), server.getPort());
        s.setSoTimeout(3000);
        return new TurnClient(null, s, server);
    }

    /** Uses this user name and password (RFC 8489 long-term key) from now on. */
    TurnClient as(String user, String password) throws Exception {
        username = user;
        key = MessageDigest.getInstance("MD5").digest((user + ":" + TurnCredentials.REALM + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Sends a request signed with the credential (after learning a nonce if needed) and returns the answer. */
    Message request(Request r) throws Exception {
        return request(r, newTransactionId());
    }

    /** The same, with the transaction ID that the request's XOR-PEER-ADDRESS was made with. */
    private Message request(Request r, byte[] tid) throws Exception {
        r.setTransactionID(tid);
        if (nonce == null) {
            Message challenge = exchange(r, StunCodec.encode(r));
            if (ErrorCodeAttribute.UNAUTHORIZED != errorCode(challenge)) {
                return challenge;
            }
            nonce = ((NonceAttribute) challenge.getAttribute(Attribute.NONCE)).getNonce();
        }
        MessageFactory.addLongTermCredentialAttributes(r, username.getBytes(StandardCharsets.UTF_8),
                TurnCredentials.REALM.getBytes(StandardCharsets.UTF_8), nonce);
        return exchange(r, StunCodec.encode(r, key));
    }

    /** Sends, then waits for the answer with the same transaction ID, checking its signature. */
    private Message exchange(Message r, byte[] bytes) throws Exception {
        sendRaw(bytes);
        while (true) {
            byte[] answer = receive();
            if (answer == null) {
                throw new SocketTimeoutException("no answer to " + r.getName());
            }
            if (!StunCodec.isStun(answer, answer.length)) {
                continue;
            }
            Message m = StunCodec.decode(answer, answer.length);
            if (!Arrays.equals(m.getTransactionID(), r.getTransactionID())) {
                continue;
            }
            if (StunCodec.hasIntegrity(answer, answer.length) && !StunCodec.verify(answer, answer.length, key)) {
                throw new AssertionError("the answer's MESSAGE-INTEGRITY is wrong");
            }
            return m;
        }
    }

    /** Allocates a UDP relay; returns the answer. */
    Message allocate() throws Exception {
        return request(MessageFactory.createAllocateRequest((byte) 17, false));
    }

    Message createPermission(InetSocketAddress peer) throws Exception {
        byte[] tid = newTransactionId();
        return request(MessageFactory.createCreatePermissionRequest(transport(peer), tid), tid);
    }

    Message channelBind(int channel, InetSocketAddress peer) throws Exception {
        byte[] tid = newTransactionId();
        return request(MessageFactory.createChannelBindRequest((char) channel, transport(peer), tid), tid);
    }

    Message refresh(int lifetime) throws Exception {
        return request(MessageFactory.createRefreshRequest(lifetime));
    }

    void sendIndication(InetSocketAddress peer, byte[] data) throws Exception {
        byte[] tid = newTransactionId();
        Message m = MessageFactory.createSendIndication(transport(peer), data, tid);
        m.setTransactionID(tid);
        sendRaw(StunCodec.encode(m));
    }

    void sendChannelData(int channel, byte[] data) throws IOException {
        int padding = tcp != null ? (4 - (data.length & 3)) & 3 : 0;
        ByteBuffer b = ByteBuffer.allocate(4 + data.length + padding);
        b.putShort((short) channel).putShort((short) data.length).put(data);
        sendRaw(b.array());
    }

    /** The next message from the server (STUN or ChannelData, padding stripped), or null after the timeout. */
    byte[] receive() throws IOException {
        try {
            if (udp != null) {
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                udp.receive(p);
                return Arrays.copyOf(p.getData(), p.getLength());
            }
            DataInputStream in = new DataInputStream(tcp.getInputStream());
            byte[] head = new byte[4];
            in.readFully(head);
            int length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            boolean channelData = (head[0] & 0xC0) == 0x40;
            int rest = channelData ? (length + 3) & ~3 : StunCodec.HEADER - 4 + length;
            byte[] body = new byte[rest];
            in.readFully(body);
            byte[] all = new byte[4 + rest];
            System.arraycopy(head, 0, all, 0, 4);
            System.arraycopy(body, 0, all, 4, rest);
            return channelData ? Arrays.copyOf(all, 4 + length) : all;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, server));
        } else {
            OutputStream out = tcp.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }

    InetSocketAddress localAddress() {
        return udp != null ? (InetSocketAddress) udp.getLocalSocketAddress()
                : (InetSocketAddress) tcp.getLocalSocketAddress();
    }

    static int errorCode(Message m) {
        ErrorCodeAttribute e = (ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE);
        return e == null ? 0 : e.getErrorCode();
    }

    static InetSocketAddress address(Message m, char attribute) {
        TransportAddress a = ((XorMappedAddressAttribute) m.getAttribute(attribute)).getAddress(m.getTransactionID());
        return new InetSocketAddress(a.getAddress(), a.getPort());
    }

    private static TransportAddress transport(InetSocketAddress a) {
        return new TransportAddress(a.getAddress(), a.getPort(), Transport.UDP);
    }

    private static byte[] newTransactionId() {
        byte[] tid = new byte[12];
        RANDOM.nextBytes(tid);
        return tid;
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }
}
