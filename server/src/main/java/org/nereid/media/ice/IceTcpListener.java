package org.nereid.media.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateTcpType;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.TcpHostCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE over TCP, passive side (RFC 6544): one TCP port on each media address,
 * shared by every peer connection, and a passive host candidate on it for each
 * ICE agent (this is an ice4j harvester). One selector thread accepts and reads
 * every connection. A new connection must open with a STUN Binding Request
 * whose username names a live agent within {@link Limits#pendingMillis}; then
 * it is handed to that agent (its STUN to ice4j, the rest to the packet handler
 * as UDP packets go). Anything else — garbage, an unknown ufrag, a frame that is
 * too long, a connection the agent does not select in time — closes that
 * connection only. At most {@link Limits#maxPending} connections wait at once;
 * more are closed as they arrive.
 */
public final class IceTcpListener implements CandidateHarvester, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceTcpListener.class);
    private static final int BINDING_REQUEST = 0x0001;
    private static final int USERNAME = 0x0006;

    /**
     * @param maxPending   connections that have not yet named an agent, at once
     * @param pendingMillis how long a new connection has to name one
     * @param perAgent     connections one agent takes
     * @param unusedMillis how long a handed-over connection may go unselected by its agent
     */
    public record Limits(int maxPending, long pendingMillis, int perAgent, long unusedMillis) {
        public static Limits defaults() {
            return new Limits(64, 10_000, 4, 30_000);
        }
    }

    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<TransportAddress> addresses = new ArrayList<>();
    private final int port;
    private final Limits limits;
    private final Selector selector;
    private final Thread thread;
    /** Live agents by local ufrag: whom a new connection may name. */
    private final Map<String, Component> agents = new ConcurrentHashMap<>();
    private final Queue<IceTcpConnection> writers = new ConcurrentLinkedQueue<>();
    private final AtomicLong refused = new AtomicLong();
    private final HarvestStatistics statistics = new HarvestStatistics();
    private int pending;
    private volatile boolean closed;

    /** Listens on {@code port} (0: any free one, the same on every address) of each address. */
    public IceTcpListener(List<String> bindAddresses, int port, Limits limits) throws IOException {
        this.limits = limits;
        this.selector = Selector.open();
        try {
            int chosen = port;
            for (String address : bindAddresses) {
                ServerSocketChannel server = ServerSocketChannel.open();
                servers.add(server);
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(new InetSocketAddress(InetAddress.getByName(address), chosen), limits.maxPending());
                chosen = ((InetSocketAddress) server.getLocalAddress()).getPort();
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                addresses.add(new TransportAddress(address, chosen, Transport.TCP));
            }
            this.port = chosen;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw new IOException("cannot listen for ICE-TCP on port " + port + " of " + bindAddresses + ": "
                    + e.getMessage(), e);
        }
        thread = new Thread(this::run, "ice-tcp-" + this.port);
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return port;
    }

    /** Connections closed before an agent took them (garbage, unknown ufrag, too many, too slow). */
    public long refused() {
        return refused.get();
    }

    // --- the harvester: a passive host candidate per address, for each agent ---

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        List<LocalCandidate> made = new ArrayList<>();
        for (TransportAddress a : addresses) {
            TcpHostCandidate c = new TcpHostCandidate(a, component);
            c.setTcpType(CandidateTcpType.PASSIVE);
            if (component.addLocalCandidate(c)) {
                made.add(c);
            }
        }
        agents.put(component.getParentStream().getParentAgent().getLocalUfrag(), component);
        return made;
    }

    /** The agent with this local ufrag is gone: no connection may name it any more. */
    void forget(String localUfrag) {
        agents.remove(localUfrag);
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return statistics;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }

    // --- the selector thread ---

    private void run() {
        long nextSweep = 0;
        try {
            while (!closed) {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept((ServerSocketChannel) key.channel());
                    } else {
                        IceTcpConnection c = (IceTcpConnection) key.attachment();
                        if (key.isWritable()) {
                            write(key, c);
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(c);
                        }
                    }
                }
                selector.selectedKeys().clear();
                IceTcpConnection w;
                while ((w = writers.poll()) != null) {
                    SelectionKey key = w.channel.keyFor(selector);
                    if (key != null && key.isValid()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    }
                }
                long now = System.nanoTime();
                if (now - nextSweep > 0) {
                    sweep(now);
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(250);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("ICE-TCP listener on port {} stopped: {}", port, e.toString());
            }
        } finally {
            closeQuietly();
        }
    }

    private void accept(ServerSocketChannel server) {
        SocketChannel ch;
        try {
            ch = server.accept();
        } catch (IOException e) {
            return;
        }
        if (ch == null) {
            return;
        }
        try {
            if (pending >= limits.maxPending()) {
                refused.incrementAndGet();
                ch.close();
                return;
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            IceTcpConnection c = new IceTcpConnection(ch, System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(limits.pendingMillis()), this::wantWrite);
            ch.register(selector, SelectionKey.OP_READ, c);
            pending++;
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    /** A connection's outgoing buffer filled: the selector watches it for writability. */
    private void wantWrite(IceTcpConnection c) {
        writers.add(c);
        selector.wakeup();
    }

    private void write(SelectionKey key, IceTcpConnection c) {
        try {
            if (c.flush()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            drop(c, null);
        }
    }

    /** Reads what arrived and hands over each whole frame. */
    private void read(IceTcpConnection c) {
        ByteBuffer in = c.incoming;
        try {
            if (c.channel.read(in) < 0) {
                drop(c, null);
                return;
            }
        } catch (IOException e) {
            drop(c, null);
            return;
        }
        in.flip();
        while (in.remaining() >= 2 && !c.isClosed()) {
            int len = in.getShort(in.position()) & 0xFFFF;
            if (len == 0 || len > IceTcpConnection.MAX_FRAME) {
                drop(c, "a frame of " + len + " bytes");
                return;
            }
            if (in.remaining() < 2 + len) {
                break;
            }
            int start = in.position() + 2;
            in.position(start + len);
            frame(c, in.array(), start, len);
        }
        if (!c.isClosed()) {
            in.compact();
        }
    }

    private void frame(IceTcpConnection c, byte[] data, int off, int len) {
        boolean isStun = isStun(data, off, len);
        if (!c.pending()) {
            c.deliver(data, off, len, isStun);
            return;
        }
        String ufrag = isStun && type(data, off) == BINDING_REQUEST ? localUfrag(data, off, len) : null;
        Component component = ufrag == null ? null : agents.get(ufrag);
        if (component == null) {
            drop(c, ufrag == null ? "not a STUN Binding Request with a username" : "an unknown ufrag");
            return;
        }
        if (connectionsOf(ufrag) >= limits.perAgent()) {
            drop(c, "too many connections for one agent");
            return;
        }
        TcpHostCandidate candidate = candidateFor(component, c.local);
        if (candidate == null) {
            drop(c, "no candidate on " + c.local);
            return;
        }
        pending--;
        c.ufrag = ufrag;
        c.component = component;
        c.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.unusedMillis());
        candidate.addSocket(c);
        component.getParentStream().getParentAgent().getStunStack().addSocket(c);
        c.deliver(data, off, len, true);
    }

    private int connectionsOf(String ufrag) {
        int n = 0;
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof IceTcpConnection c && ufrag.equals(c.ufrag) && !c.isClosed()) {
                n++;
            }
        }
        return n;
    }

    private static TcpHostCandidate candidateFor(Component component, TransportAddress local) {
        for (LocalCandidate lc : component.getLocalCandidates()) {
            if (lc instanceof TcpHostCandidate t && t.getTransportAddress().equals(local)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Closes pending connections past their deadline, and handed-over ones their
     * agent left unselected past theirs (or whose agent is gone).
     */
    private void sweep(long now) {
        for (SelectionKey k : List.copyOf(selector.keys())) {
            if (!(k.attachment() instanceof IceTcpConnection c)) {
                continue;
            }
            if (c.isClosed()) {
                drop(c, null);
            } else if (c.pending() && now - c.deadlineNanos > 0) {
                drop(c, "no STUN Binding Request within " + limits.pendingMillis() + " ms");
            } else if (!c.pending() && (!agents.containsKey(c.ufrag) || now - c.deadlineNanos > 0 && !c.selected())) {
                drop(c, null);
            } else if (!c.pending() && c.selected()) {
                c.deadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(limits.unusedMillis());
            }
        }
    }

    /** Closes one connection; the reason is logged for those refused before an agent took them. */
    private void drop(IceTcpConnection c, String reason) {
        SelectionKey key = c.channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        boolean wasPending = c.pending();
        if (wasPending && key != null && key.attachment() == c) {
            key.attach(null);
            pending--;
            refused.incrementAndGet();
            if (reason != null) {
                LOG.debug("ICE-TCP: closed a connection from {}: {}", c.remote, reason);
            }
        }
        Component component = c.component;
        if (component != null) {
            // stops ice4j's connector first, so that it takes the closing for a stop, not a failure
            component.getParentStream().getParentAgent().getStunStack().removeSocket(c.local, c.remote);
        }
        c.close();
    }

    private static boolean isStun(byte[] b, int off, int len) {
        return len >= 20 && (b[off] & 0xC0) == 0 && b[off + 4] == 0x21 && b[off + 5] == 0x12
                && (b[off + 6] & 0xFF) == 0xA4 && b[off + 7] == 0x42;
    }

    private static int type(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** The local part ("ours:theirs") of a STUN message's USERNAME, or null. */
    static String localUfrag(byte[] b, int off, int len) {
        int end = off + Math.min(len, 20 + (((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF)));
        int p = off + 20;
        while (p + 4 <= end) {
            int type = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            int alen = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            if (p + 4 + alen > end) {
                return null;
            }
            if (type == USERNAME) {
                String user = new String(b, p + 4, alen, StandardCharsets.UTF_8);
                int colon = user.indexOf(':');
                return colon > 0 ? user.substring(0, colon) : null;
            }
            p += 4 + ((alen + 3) & ~3);
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        for (ServerSocketChannel s : servers) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (selector.isOpen()) {
            try {
                for (SelectionKey k : selector.keys()) {
                    if (k.attachment() instanceof IceTcpConnection c) {
                        c.close();
                    }
                }
                selector.close();
            } catch (IOException | ClosedSelectorException e) {
                // closing anyway
            }
        }
    }
}
