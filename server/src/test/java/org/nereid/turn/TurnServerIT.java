package org.nereid.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.DataAttribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.LifetimeAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in TURN server against a raw TURN client over UDP and TCP, relaying to a
 * UDP socket that stands where the SFU's media port is; and refusing everything
 * else: wrong credentials, other peers, floods.
 */
class TurnServerIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] SECRET = "the server's secret".getBytes(StandardCharsets.UTF_8);

    private final Clock clock = Clock.systemUTC();
    private TurnCredentials credentials;
    private DatagramSocket media;
    private DatagramSocket foreign;
    private TurnServer server;

    @BeforeEach
    void start() throws Exception {
        media = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        media.setSoTimeout(3000);
        foreign = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        foreign.setSoTimeout(500);
        credentials = new TurnCredentials(SECRET, clock);
        server = start(TurnLimits.defaults());
    }

    private TurnServer start(TurnLimits limits) throws Exception {
        RelayTargets targets = new RelayTargets(Set.of(LOOPBACK), media.getLocalPort(), media.getLocalPort());
        return TurnServer.start(new TurnConfig(List.of(LOOPBACK), 0, null, targets, limits), credentials);
    }

    @AfterEach
    void stop() {
        server.close();
        media.close();
        foreign.close();
    }

    private InetSocketAddress turn() {
        return new InetSocketAddress(LOOPBACK, server.port());
    }

    private InetSocketAddress mediaAddress() {
        return (InetSocketAddress) media.getLocalSocketAddress();
    }

    private TurnClient client(String transport) throws Exception {
        TurnCredentials.Credential c = credentials.issue();
        TurnClient client = transport.equals("udp") ? TurnClient.udp(turn()) : TurnClient.tcp(turn());
        return client.as(c.username(), c.password());
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void relaysBothWaysBySendIndicationAndByChannel(String transport) throws Exception {
        try (TurnClient client = client(transport)) {
            Message allocated = client.allocate();
            assertEquals(0, TurnClient.errorCode(allocated), allocated.toString());
            InetSocketAddress relayed = TurnClient.address(allocated, Attribute.XOR_RELAYED_ADDRESS);
            assertEquals(LOOPBACK, relayed.getAddress());
            assertEquals(client.localAddress(), TurnClient.address(allocated, Attribute.XOR_MAPPED_ADDRESS));
            assertEquals(600, ((LifetimeAttribute) allocated.getAttribute(Attribute.LIFETIME)).getLifetime());
            assertEquals(0, TurnClient.errorCode(client.refresh(1200)));

            // no permission yet: a Send indication goes nowhere
            client.sendIndication(mediaAddress(), bytes("too early"));
            assertNull(receive(media, 300), "relayed without a permission");

            assertEquals(0, TurnClient.errorCode(client.createPermission(mediaAddress())));
            client.sendIndication(mediaAddress(), bytes("hello media"));
            DatagramPacket got = receive(media, 3000);
            assertEquals("hello media", text(got));
            assertEquals(relayed.getPort(), got.getPort(), "it comes from the relayed address");

            media.send(new DatagramPacket(bytes("hello client"), 12, relayed));
            Message data = nextStun(client);
            assertEquals(Message.DATA_INDICATION, data.getMessageType());
            assertEquals("hello client", new String(((DataAttribute) data.getAttribute(Attribute.DATA)).getData(),
                    StandardCharsets.UTF_8));
            assertEquals(mediaAddress(), TurnClient.address(data, Attribute.XOR_PEER_ADDRESS));

            assertEquals(0, TurnClient.errorCode(client.channelBind(0x4001, mediaAddress())));
            client.sendChannelData(0x4001, bytes("by channel, odd"));
            assertEquals("by channel, odd", text(receive(media, 3000)));
            media.send(new DatagramPacket(bytes("back by channel"), 15, relayed));
            byte[] channelData = client.receive();
            assertEquals(0x4001, ((channelData[0] & 0xFF) << 8) | (channelData[1] & 0xFF));
            assertEquals("back by channel", new String(channelData, 4, channelData.length - 4, StandardCharsets.UTF_8));

            // a second allocation on the same five-tuple is a mismatch; deleting frees it
            assertEquals(ErrorCodeAttribute.ALLOCATION_MISMATCH, TurnClient.errorCode(client.allocate()));
            assertEquals(0, TurnClient.errorCode(client.refresh(0)));
            media.send(new DatagramPacket(bytes("after the end"), 13, relayed));
            if (transport.equals("udp")) {
                assertNull(client.receive(), "the relayed address is closed");
                assertEquals(ErrorCodeAttribute.ALLOCATION_MISMATCH,
                        TurnClient.errorCode(client.createPermission(mediaAddress())));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void aClientOnIpv6GetsAnIpv4RelayToTheMedia(String transport) throws Exception {
        server.close();
        InetAddress v6 = InetAddress.getByName("::1");
        RelayTargets targets = new RelayTargets(Set.of(LOOPBACK), media.getLocalPort(), media.getLocalPort());
        server = TurnServer.start(new TurnConfig(List.of(LOOPBACK, v6), 0, null, targets, TurnLimits.defaults()),
                credentials);
        assertTrue(server.urls().contains("turn:[0:0:0:0:0:0:0:1]:" + server.port()), server.urls().toString());
        TurnCredentials.Credential c = credentials.issue();
        InetSocketAddress at = new InetSocketAddress(v6, server.port());
        try (TurnClient client = (transport.equals("udp") ? TurnClient.udp(at) : TurnClient.tcp(at))
                .as(c.username(), c.password())) {
            Message allocated = client.allocate();
            assertEquals(0, TurnClient.errorCode(allocated), allocated.toString());
            InetSocketAddress relayed = TurnClient.address(allocated, Attribute.XOR_RELAYED_ADDRESS);
            assertEquals(LOOPBACK, relayed.getAddress(), "relayed over IPv4, where the media is");
            assertEquals(0, TurnClient.errorCode(client.channelBind(0x4abc, mediaAddress())));
            client.sendChannelData(0x4abc, bytes("over six"));
            DatagramPacket got = receive(media, 3000);
            assertEquals("over six", text(got));
            media.send(new DatagramPacket(bytes("back"), 4, got.getSocketAddress()));
            byte[] back = client.receive();
            assertEquals("back", new String(back, 4, back.length - 4, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBindingRequestLearnsTheClientsAddress() throws Exception {
        try (TurnClient client = client("udp")) {
            Message answer = client.request(org.ice4j.message.MessageFactory.createBindingRequest());
            assertEquals(Message.BINDING_SUCCESS_RESPONSE, answer.getMessageType());
            assertEquals(client.localAddress(), TurnClient.address(answer, Attribute.XOR_MAPPED_ADDRESS));
        }
    }

    @Test
    void wrongOrExpiredCredentialsAreRefusedWith401() throws Exception {
        TurnCredentials.Credential c = credentials.issue();
        try (TurnClient client = TurnClient.udp(turn()).as(c.username(), c.password() + "x")) {
            assertEquals(ErrorCodeAttribute.UNAUTHORIZED, TurnClient.errorCode(client.allocate()));
        }
        try (TurnClient client = TurnClient.udp(turn()).as("nereid", c.password())) {
            assertEquals(ErrorCodeAttribute.UNAUTHORIZED, TurnClient.errorCode(client.allocate()));
        }
        // a credential issued two days ago has expired, though its signature is right
        TurnCredentials.Credential old = new TurnCredentials(SECRET,
                Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC)).issue();
        try (TurnClient client = TurnClient.udp(turn()).as(old.username(), old.password())) {
            assertEquals(ErrorCodeAttribute.UNAUTHORIZED, TurnClient.errorCode(client.allocate()));
        }
        try (TurnClient client = client("udp")) {
            assertEquals(0, TurnClient.errorCode(client.allocate()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void reachesNothingButTheMediaSockets(String transport) throws Exception {
        try (TurnClient client = client(transport)) {
            assertEquals(0, TurnClient.errorCode(client.allocate()));
            InetSocketAddress otherPort = (InetSocketAddress) foreign.getLocalSocketAddress();
            InetSocketAddress otherHost = new InetSocketAddress("127.0.0.2", media.getLocalPort());

            assertEquals(ErrorCodeAttribute.FORBIDDEN, TurnClient.errorCode(client.createPermission(otherHost)));
            assertEquals(ErrorCodeAttribute.FORBIDDEN, TurnClient.errorCode(client.channelBind(0x4000, otherPort)));
            assertEquals(ErrorCodeAttribute.FORBIDDEN, TurnClient.errorCode(client.channelBind(0x4000, otherHost)));
            // the media host is allowed, but data to another of its ports is dropped
            assertEquals(0, TurnClient.errorCode(client.createPermission(mediaAddress())));
            client.sendIndication(otherPort, bytes("to a stranger"));
            assertNull(receive(foreign, 500), "relayed to a port that is not the media's");
        }
    }

    @Test
    void allocationsArePerAddressBounded() throws Exception {
        restart(new TurnLimits(5, 1000, 100, 1000, 100));
        List<TurnClient> clients = new ArrayList<>();
        try {
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(client("udp"));
                codes.add(TurnClient.errorCode(clients.get(i).allocate()));
            }
            assertEquals(List.of(0, 0, 0, 0, 0, 486, 486, 486), codes, "five per client address");
            assertEquals(0, TurnClient.errorCode(clients.get(0).refresh(0)));
            assertEquals(0, TurnClient.errorCode(clients.get(5).allocate()), "a freed place can be taken again");
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void aFloodOfAllocationsIsRateLimited() throws Exception {
        restart(new TurnLimits(1000, 1000, 1, 8, 100));
        List<TurnClient> clients = new ArrayList<>();
        try {
            long start = System.nanoTime();
            int made = 0;
            int refused = 0;
            for (int i = 0; i < 30; i++) {
                clients.add(client("udp"));
                int code = TurnClient.errorCode(clients.get(i).allocate());
                if (code == 0) {
                    made++;
                } else {
                    assertEquals(486, code);
                    refused++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // a burst of 8, then one a second
            assertTrue(made <= 8 + Math.ceil(seconds), made + " made in " + seconds + " s");
            assertTrue(made >= 8, made + " made");
            assertTrue(seconds > 20 || refused > 0, "nothing refused in " + seconds + " s");
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void allocationsAreBoundedInAll() throws Exception {
        restart(new TurnLimits(100, 3, 100, 100, 100));
        try (TurnClient a = client("udp"); TurnClient b = client("udp"); TurnClient c = client("tcp");
             TurnClient d = client("tcp")) {
            assertEquals(0, TurnClient.errorCode(a.allocate()));
            assertEquals(0, TurnClient.errorCode(b.allocate()));
            assertEquals(0, TurnClient.errorCode(c.allocate()));
            assertEquals(508, TurnClient.errorCode(d.allocate()), "three in all");
        }
    }

    private void restart(TurnLimits limits) throws Exception {
        server.close();
        server = start(limits);
    }

    private static void closeAll(List<TurnClient> clients) throws Exception {
        for (TurnClient c : clients) {
            c.close();
        }
    }

    private static DatagramPacket receive(DatagramSocket s, int timeoutMillis) throws Exception {
        s.setSoTimeout(timeoutMillis);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            s.receive(p);
            return p;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static Message nextStun(TurnClient client) throws Exception {
        byte[] m = client.receive();
        if (m == null) {
            throw new AssertionError("nothing came");
        }
        try {
            return StunCodec.decode(m, m.length);
        } catch (StunException e) {
            throw new AssertionError("not STUN: " + Arrays.toString(m), e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(DatagramPacket p) {
        return p == null ? null : new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }
}
