package org.nereid.media.ice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import kotlin.Unit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * The UDP side of the SFU: one socket per bind address, all on the same port,
 * shared by every peer connection and demultiplexed by ICE username fragment.
 * Built directly on each address because ice4j's own enumeration skips
 * loopback, which is all the tests have.
 */
public final class IceHost implements AutoCloseable {
    /** Room after each received packet, so decrypting or re-protecting never reallocates. */
    static final int TAIL_ROOM = 64;
    private static final int POOLED_SIZE = 1500 + TAIL_ROOM;

    private final List<SinglePortUdpHarvester> harvesters = new ArrayList<>();
    private final int port;

    /**
     * Listens on the first port of {@code [firstPort, lastPort]} that is free on
     * every address (any free port when {@code firstPort} is 0).
     */
    public IceHost(List<String> bindAddresses, int firstPort, int lastPort) {
        configureIce4j();
        IOException last = null;
        int chosen = -1;
        for (int p = firstPort; p <= Math.max(firstPort, lastPort) && chosen < 0; p++) {
            try {
                int candidate = p != 0 ? p : freePort(bindAddresses.get(0));
                for (String address : bindAddresses) {
                    harvesters.add(new SinglePortUdpHarvester(new TransportAddress(address, candidate, Transport.UDP)));
                }
                chosen = candidate;
            } catch (IOException e) {
                last = e;
                close();
            }
        }
        if (chosen < 0) {
            throw new UncheckedIOException("cannot listen for media on UDP port " + firstPort
                    + (lastPort > firstPort ? "-" + lastPort : "") + " of " + bindAddresses + ": "
                    + (last == null ? "no port" : last.getMessage()), last);
        }
        this.port = chosen;
    }

    /** The shared UDP port. */
    public int port() {
        return port;
    }

    List<SinglePortUdpHarvester> harvesters() {
        return harvesters;
    }

    @Override
    public void close() {
        for (SinglePortUdpHarvester h : harvesters) {
            h.close();
        }
        harvesters.clear();
    }

    private static int freePort(String address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0))) {
            return s.getLocalPort();
        }
    }

    private static boolean configured;

    /**
     * ice4j reads these once, when its classes first load: no cloud metadata
     * probing, no STUN mapping, IPv4 only unless told otherwise, and packets
     * pushed to our callback (with tail room) instead of pulled from sockets.
     */
    private static synchronized void configureIce4j() {
        if (configured) {
            return;
        }
        System.setProperty("ice4j.harvest.mapping.aws.enabled",
                System.getProperty("ice4j.harvest.mapping.aws.enabled", "false"));
        // ice4j wants a list here; an empty string (as a blank -D gives) breaks every new Agent
        if ("".equals(System.getProperty("ice4j.harvest.mapping.stun.addresses"))) {
            System.clearProperty("ice4j.harvest.mapping.stun.addresses");
        }
        System.setProperty("ice4j.harvest.use-ipv6", System.getProperty("ice4j.harvest.use-ipv6", "false"));
        AbstractUdpListener.USE_PUSH_API = true;
        AbstractUdpListener.BYTES_TO_LEAVE_AT_END_OF_PACKET = TAIL_ROOM;
        ArrayBlockingQueue<Buffer> pool = new ArrayBlockingQueue<>(4096);
        BufferPool.getBuffer = size -> {
            Buffer b = size <= POOLED_SIZE ? pool.poll() : null;
            return b != null ? b : new Buffer(new byte[Math.max(size, POOLED_SIZE)], 0, size);
        };
        BufferPool.returnBuffer = b -> {
            if (b.getBuffer().length == POOLED_SIZE) {
                pool.offer(b);
            }
            return Unit.INSTANCE;
        };
        configured = true;
    }
}
