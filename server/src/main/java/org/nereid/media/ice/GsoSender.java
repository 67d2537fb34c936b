package org.nereid.media.ice;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send-only sockets on the shared media port that write a batch of equal-size datagrams
 * in one system call (UDP GSO, {@code UDP_SEGMENT}): a receiver's packets of a lane's run
 * leave together, which costs the kernel about a third of one {@code sendto} each
 * (docs/benchmarks.md, Session 6 and 8).
 *
 * <p>They share the port with ice4j's sockets ({@code SO_REUSEADDR}) and must be bound
 * before them: on Linux a datagram to a port several such sockets hold goes to the one
 * bound last, which must stay ice4j's receive socket ({@code GsoSenderTest} proves every
 * kind of inbound packet still reaches ice4j). These never read (auto-read off, no
 * {@code EPOLLIN}). One event loop thread does the writes; a batch it cannot take in time
 * (its queue over {@link #QUEUE_BYTES}) is dropped like a lost datagram.
 *
 * <p>Off by default: on this project's load runs it did not measure better than one
 * {@code sendto} per packet (docs/benchmarks.md, Session 8). On with {@code -Dnereid.gso=true};
 * off, without epoll or without {@code UDP_SEGMENT} in the kernel, {@link #open} returns null
 * with one log line, and media leaves through ice4j.
 */
public final class GsoSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GsoSender.class);
    /** The switch; off unless set to true. */
    public static final String PROPERTY = "nereid.gso";
    /** Bytes the send thread may have queued before batches are dropped. */
    static final int QUEUE_BYTES = 4 << 20;

    private final EventLoopGroup loop;
    private final List<Channel> channels;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder datagrams = new LongAdder();

    private GsoSender(EventLoopGroup loop, List<Channel> channels) {
        this.loop = loop;
        this.channels = channels;
    }

    /** Whether GSO is wanted ({@value #PROPERTY}=true); {@link #open} says whether it is available. */
    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Binds a send socket on {@code port} of each address, or returns null (and says why
     * in the log) when GSO is off or unavailable here.
     */
    static GsoSender open(List<String> addresses, int port) {
        if (!enabled()) {
            LOG.info("UDP GSO off (-D{}=true turns it on): media is sent one datagram per system call", PROPERTY);
            return null;
        }
        if (!Epoll.isAvailable() || !SegmentedDatagramPacket.isSupported()) {
            Throwable why = Epoll.unavailabilityCause();
            LOG.info("UDP GSO unavailable ({}): media is sent one datagram per system call",
                    why != null ? why.toString() : "the kernel has no UDP_SEGMENT");
            return null;
        }
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("media-gso", true),
                EpollIoHandler.newFactory());
        List<Channel> bound = new ArrayList<>();
        try {
            Bootstrap b = new Bootstrap().group(loop).channel(EpollDatagramChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(QUEUE_BYTES / 2, QUEUE_BYTES))
                    .handler(new ChannelInboundHandlerAdapter());
            for (String address : addresses) {
                bound.add(b.bind(InetAddress.getByName(address), port).sync().channel());
            }
            return new GsoSender(loop, List.copyOf(bound));
        } catch (Exception e) {
            bound.forEach(Channel::close);
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            LOG.info("UDP GSO unavailable (cannot bind {} on port {}: {}): media is sent one datagram per system call",
                    addresses, port, e.toString());
            return null;
        }
    }

    /** The send socket bound to {@code local} (the base of a selected pair's local candidate), or null. */
    Channel channelFor(InetSocketAddress local) {
        for (Channel c : channels) {
            if (local.equals(c.localAddress())) {
                return c;
            }
        }
        return null;
    }

    /**
     * Sends {@code b[0, len)}, packets of {@code segment} bytes laid back to back (the last
     * may be shorter), to {@code to} from {@code channel} in one call. The bytes are copied
     * into a pooled direct buffer, so {@code b} can be reused at once.
     */
    void send(Channel channel, byte[] b, int len, int segment, InetSocketAddress to) {
        if (!channel.isWritable()) {
            dropped.increment();
            return;
        }
        batches.increment();
        datagrams.add((len + segment - 1) / segment);
        ByteBuf buf = channel.alloc().directBuffer(len).writeBytes(b, 0, len);
        Object datagram = len > segment ? new SegmentedDatagramPacket(buf, segment, to) : new DatagramPacket(buf, to);
        channel.writeAndFlush(datagram, channel.voidPromise());
    }

    /** Batches dropped because the send thread was too far behind. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void close() {
        LOG.info("UDP GSO: {} datagrams sent in {} calls, {} calls dropped while the send thread was behind",
                datagrams.sum(), batches.sum(), dropped.sum());
        // at once: the port may be bound again right after (IceHost's fallback)
        channels.forEach(c -> c.close().syncUninterruptibly());
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
}
