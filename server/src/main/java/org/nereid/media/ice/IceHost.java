package org.nereid.media.ice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import kotlin.Unit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side of the SFU, in one of Galène's two modes:
 * <ul>
 * <li>one port ({@code -udp-range N}, or any free port): one socket per bind
 *     address, shared by every peer connection and demultiplexed by ICE
 *     username fragment;</li>
 * <li>a range ({@code -udp-range MIN-MAX}): each peer connection gets a port
 *     of its own from the range, for as long as it lives.</li>
 * </ul>
 * Either way the sockets are ice4j single-port harvesters built directly on
 * each address, because ice4j's own enumeration skips loopback, which is all
 * the tests have. Optionally one TCP port on the same addresses carries ICE
 * over TCP for every connection ({@link IceTcpListener}).
 */
public final class IceHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceHost.class);
    /** Room after each received packet, so decrypting or re-protecting never reallocates. */
    static final int TAIL_ROOM = 64;
    private static final int POOLED_SIZE = 1500 + TAIL_ROOM;
    private static final String RECEIVE_BUFFER = "ice4j.harvest.udp.receive-buffer-size";
    private static final String SOCKET_POOL = "ice4j.harvest.udp.socket-pool-size";

    private final List<String> bindAddresses;
    private final int firstPort;
    private final int lastPort;
    /** The shared sockets (one-port mode); empty in range mode. */
    private final List<ReachingUdpHarvester> shared = new ArrayList<>();
    private final int sharedPort;
    /** Send-only GSO sockets on the shared port, or null (range mode, off, or unavailable). */
    private final GsoSender gso;
    /** ICE over TCP, or null. */
    private final IceTcpListener tcp;
    /** Range mode: the ports leased to live connections, and where the next search starts. */
    private final Set<Lease> leases = new HashSet<>();
    private int cursor;
    private boolean closed;

    /**
     * One port when {@code firstPort == lastPort} (any free one when both are 0),
     * otherwise a port per connection from {@code [firstPort, lastPort]}.
     */
    public IceHost(List<String> bindAddresses, int firstPort, int lastPort) {
        this(bindAddresses, firstPort, lastPort, null);
    }

    /** The same, with ICE over TCP on {@code tcp}'s port (null: none); the host closes it. */
    public IceHost(List<String> bindAddresses, int firstPort, int lastPort, IceTcpListener tcp) {
        configureIce4j();
        this.bindAddresses = List.copyOf(bindAddresses);
        this.firstPort = firstPort;
        this.lastPort = Math.max(firstPort, lastPort);
        this.tcp = tcp;
        if (perConnection()) {
            sharedPort = 0;
            gso = null;
            return;
        }
        GsoSender sender = null;
        try {
            int port = firstPort != 0 ? firstPort : freePort(bindAddresses.get(0));
            requireFree(port);
            // before ice4j's: the socket bound last on the port gets what arrives (GsoSender)
            sender = GsoSender.open(bindAddresses, port);
            try {
                shared.addAll(harvest(port));
            } catch (IOException e) {
                if (sender == null) {
                    throw e;
                }
                // ice4j would not share the port (a pool of one socket does not ask for SO_REUSEADDR)
                sender.close();
                sender = null;
                LOG.info("UDP GSO off: ice4j's sockets cannot share port {} ({}); media is sent one datagram per system call",
                        port, e.getMessage());
                shared.addAll(harvest(port));
            }
            sharedPort = port;
            gso = sender;
        } catch (IOException e) {
            if (sender != null) {
                sender.close();
            }
            if (tcp != null) {
                tcp.close();
            }
            throw new UncheckedIOException("cannot listen for media on UDP port " + firstPort + " of "
                    + bindAddresses + ": " + e.getMessage(), e);
        }
    }

    /** Whether each connection gets its own port (a range was given). */
    public boolean perConnection() {
        return lastPort > firstPort;
    }

    /** The shared UDP port, or 0 in range mode. */
    public int port() {
        return sharedPort;
    }

    /** The ICE-TCP port, or 0 when there is none. */
    public int tcpPort() {
        return tcp == null ? 0 : tcp.port();
    }

    /** A description for the log: the port, or the range, and the ICE-TCP port. */
    public String describe() {
        return (perConnection() ? "UDP ports " + firstPort + "-" + lastPort + " (one per connection)"
                : "UDP port " + sharedPort) + (tcp == null ? "" : " and ICE-TCP port " + tcp.port());
    }

    /**
     * The sockets one peer connection uses: the shared ones, or in range mode a
     * free port of the range bound on every address (the search goes round the
     * range so that a port just given back is not reused at once). Close the
     * lease when the connection ends.
     *
     * @throws PortsExhaustedException when every port of the range is taken
     */
    public synchronized Lease lease() throws IOException {
        if (closed) {
            throw new IOException("the media engine is closed");
        }
        if (!perConnection()) {
            return new Lease(shared, sharedPort, gso, false);
        }
        int size = lastPort - firstPort + 1;
        Set<Integer> inUse = new HashSet<>();
        for (Lease l : leases) {
            inUse.add(l.port);
        }
        IOException taken = null;
        for (int i = 0; i < size; i++) {
            int port = firstPort + (cursor + i) % size;
            if (inUse.contains(port)) {
                continue;
            }
            try {
                requireFree(port);
                Lease lease = new Lease(harvest(port), port, null, true);
                leases.add(lease);
                cursor = (cursor + i + 1) % size;
                return lease;
            } catch (IOException e) {
                taken = e;      // taken by another program: try the next one
            }
        }
        throw new PortsExhaustedException(firstPort, lastPort, leases.size(), taken);
    }

    /**
     * ice4j (and {@link GsoSender}) bind with SO_REUSEADDR, which on Linux would share a port
     * held by another program's socket; plain binds first prove the port free.
     */
    private void requireFree(int port) throws IOException {
        if (!isFree(port)) {
            throw new IOException("UDP port " + port + " is in use on " + bindAddresses);
        }
    }

    /** Binds ice4j's harvesters to {@code port} on every address, all or nothing. */
    private List<ReachingUdpHarvester> harvest(int port) throws IOException {
        List<ReachingUdpHarvester> made = new ArrayList<>();
        try {
            for (String address : bindAddresses) {
                made.add(new ReachingUdpHarvester(new TransportAddress(address, port, Transport.UDP)));
            }
            return made;
        } catch (IOException | RuntimeException e) {
            made.forEach(ReachingUdpHarvester::close);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /**
     * Closes a lease's sockets and offers its port again once the port is
     * really free: a socket closed while ice4j's thread is blocked receiving
     * on it lets go of the port only when that thread wakes, a moment later.
     */
    private void release(Lease lease) {
        synchronized (this) {
            if (!leases.contains(lease) || lease.released) {
                return;
            }
            lease.released = true;
        }
        lease.harvesters.forEach(ReachingUdpHarvester::close);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (!isFree(lease.port) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        synchronized (this) {
            leases.remove(lease);
        }
    }

    private boolean isFree(int port) {
        for (String address : bindAddresses) {
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port))) {
                probe.getLocalPort();
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        List<Lease> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(leases);
        }
        open.forEach(Lease::close);
        shared.forEach(ReachingUdpHarvester::close);
        shared.clear();
        if (gso != null) {
            gso.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    /** The sockets of one peer connection; closing gives a range port back (idempotent). */
    public final class Lease implements AutoCloseable {
        private final List<ReachingUdpHarvester> harvesters;
        private final int port;
        private final GsoSender gso;
        private final boolean owned;
        private boolean released;     // guarded by the host

        private Lease(List<ReachingUdpHarvester> harvesters, int port, GsoSender gso, boolean owned) {
            this.harvesters = List.copyOf(harvesters);
            this.port = port;
            this.gso = gso;
            this.owned = owned;
        }

        public int port() {
            return port;
        }

        List<ReachingUdpHarvester> harvesters() {
            return harvesters;
        }

        /** The shared port's GSO send sockets; null in range mode or when GSO is off or unavailable. */
        GsoSender gso() {
            return gso;
        }

        /** ICE over TCP, shared by every connection; null when off. */
        IceTcpListener tcp() {
            return tcp;
        }

        @Override
        public void close() {
            if (owned) {
                release(this);
            }
        }
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
        // one thread reads the shared port; on a busy machine it can be off a core for tens of
        // milliseconds, and the kernel's default buffer (~200 kB, ~100 datagrams) then overflowed
        // and every receiver lost the same packets. The kernel caps this at net.core.rmem_max.
        System.setProperty(RECEIVE_BUFFER, System.getProperty(RECEIVE_BUFFER, Integer.toString(4 << 20)));
        // ice4j binds its sockets with SO_REUSEADDR only when it makes more than one (one per
        // core by default), and GsoSender's send sockets share the port with them
        if (GsoSender.enabled() && System.getProperty(SOCKET_POOL) == null
                && Runtime.getRuntime().availableProcessors() < 2) {
            System.setProperty(SOCKET_POOL, "2");
        }
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
