package org.nereid.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Set;
import org.ice4j.StunException;
import org.ice4j.message.Message;
import org.nereid.fuzz.FuzzTarget;

/**
 * STUN and ChannelData as the TURN server sees them from a client that has no credentials
 * (anyone who reaches the port): ice4j's decoder, which the SFU's ICE stack uses too, then the
 * server's handler. Every answer it sends must itself decode as STUN; the handler must never
 * throw.
 */
class TurnProtocolFuzzTest {
    private static final byte[] SECRET = "fuzzing secret, matching no seed".getBytes(StandardCharsets.US_ASCII);
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 3478);

    private final EmbeddedChannel listener = new EmbeddedChannel();
    private final TurnProtocol protocol = new TurnProtocol(
            new TurnCredentials(SECRET, Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC)),
            new RelayTargets(Set.of(InetAddress.getLoopbackAddress()), 1024, 65535),
            new AllocationTable(TurnLimits.defaults()),
            new RelaySockets(listener.eventLoop(), InetAddress.getLoopbackAddress(), InetAddress.getLoopbackAddress()));
    private final ClientLink.Udp link = new ClientLink.Udp(listener, CLIENT, LOCAL, new HashMap<>());

    @FuzzTest(maxDuration = "2s")
    void answersOrDrops(byte[] input) {
        FuzzTarget.check(input, () -> {
            try {
                Message.decode(input, 0, input.length);
            } catch (StunException | RuntimeException e) {
                // ice4j's refusal. Its attribute decoders also throw unchecked exceptions (a NONCE
                // longer than the message: ArrayIndexOutOfBoundsException, seed crash-5389cd2c);
                // ice4j's own receive paths catch those, and StunCodec turns them into StunException
            }
            ByteBuf frame = Unpooled.wrappedBuffer(input);
            try {
                protocol.received(link, frame);
            } finally {
                frame.release();
            }
            for (Object out; (out = listener.readOutbound()) != null; ) {
                ByteBuf answer = ((DatagramPacket) out).content();
                try {
                    byte[] bytes = new byte[answer.readableBytes()];
                    answer.getBytes(answer.readerIndex(), bytes);
                    assertEquals(CLIENT, ((DatagramPacket) out).recipient());
                    StunCodec.decode(bytes, bytes.length);
                } finally {
                    answer.release();
                }
            }
        });
    }
}
