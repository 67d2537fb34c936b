package org.nereid.signal;

import org.nereid.auth.FailedLogins;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandler;
import org.nereid.audit.AuditTrail;
import org.nereid.auth.TokenActions;
import org.nereid.group.GroupRegistry;
import org.nereid.group.MemberInfo;
import org.nereid.media.MediaEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Galène's signalling protocol over WebSockets: the web layer hands each
 * socket to {@link #connect}; this service runs the clients, checks that
 * they are alive and drops idle groups.
 */
public final class SignalService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SignalService.class);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    private final GroupRegistry groups;
    private final JoinAuthoriser authoriser;
    private final TokenActions tokens;
    private final MediaEngine media;
    private final SignalLimits limits;
    private final Supplier<JsonNode> rtcConfiguration;
    private final Clock clock;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private final FailedLogins failedLogins = new FailedLogins();
    private final Recordings recordings;
    private volatile BooleanSupplier passwordsChangeable = () -> false;
    private volatile AuditTrail audit = AuditTrail.NONE;
    private volatile HostLink hostLink;
    private volatile boolean closed;

    /**
     * @param tokens           may be null: the token actions are then refused
     * @param media            may be null: offers are then refused with a clear error
     * @param rtcConfiguration the RTCConfiguration sent in "joined" (ICE servers)
     */
    public SignalService(GroupRegistry groups, JoinAuthoriser authoriser, TokenActions tokens, MediaEngine media,
                         SignalLimits limits, Supplier<JsonNode> rtcConfiguration, Clock clock) {
        this.groups = groups;
        this.authoriser = authoriser;
        this.tokens = tokens;
        this.media = media;
        this.limits = limits;
        this.rtcConfiguration = rtcConfiguration;
        this.clock = clock;
        this.recordings = new Recordings(clock);
        this.pool = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
                threads("nereid-signal"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("nereid-signal-timer"));
        long liveness = Math.max(100, Math.min(limits.pingAfter().toMillis(), limits.deadAfter().toMillis()) / 2);
        scheduler.scheduleWithFixedDelay(this::checkLiveness, liveness, liveness, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts serving one WebSocket; the returned connection receives its messages. */
    public SignalConnection connect(SignalTransport transport) {
        return connectTrusted(transport, null);
    }

    /**
     * Starts serving an in-process client of another node of the cluster (a cascade's relay,
     * docs/cluster.md): like {@link #connect}, but its join is admitted with {@code identity}
     * without credentials, and here even where the cluster places the group elsewhere. Only
     * the cluster's own code calls this; no socket reaches it.
     */
    public SignalConnection connectTrusted(SignalTransport transport, MemberInfo identity) {
        return open(new ClientSession(this, transport, identity, true), transport);
    }

    /**
     * Like {@link #connectTrusted}, for a cascade's relay between nodes (docs/cluster.md): a
     * member that the group's others do not see and that does not count as one of its clients.
     */
    public SignalConnection connectRelay(SignalTransport transport, MemberInfo identity) {
        return open(new ClientSession(this, transport, identity, false), transport);
    }

    private SignalConnection open(ClientSession s, SignalTransport transport) {
        if (closed) {
            transport.close(1001, "the server is shutting down");
            return s;
        }
        sessions.add(s);
        return s;
    }

    /**
     * A group file was added, changed or removed (hook for the group
     * directory's change listener): the live groups under it take the new
     * rules or end, and their members' permissions are evaluated again.
     */
    public void groupFileChanged(String fileName) {
        groups.fileChanged(fileName);
        for (ClientSession s : sessions) {
            s.execute(() -> {
                if (s.group() != null && (s.group().name().equals(fileName)
                        || s.group().name().startsWith(fileName + "/"))) {
                    s.reauthorise();
                }
            });
        }
    }

    /**
     * A Netty handler for one upgraded WebSocket, for the web layer's /ws
     * endpoint ({@code nereid.webSocket(signal::newChannelHandler)}).
     */
    public ChannelHandler newChannelHandler(InetSocketAddress remote) {
        return new WebSocketChannel(this, remote);
    }

    /** How many WebSocket clients are connected (joined or not). */
    public int connectedClients() {
        return sessions.size();
    }

    /** Every client leaves and is disconnected; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        recordings.closeAll();
        groups.shutdown("the server is shutting down");
        for (ClientSession s : List.copyOf(sessions)) {
            s.execute(() -> s.terminate(1001, "the server is shutting down"));
        }
        scheduler.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    /** Where the "record" group action writes; until this is set, recording is refused. */
    public SignalService recordTo(org.nereid.record.RecordingFiles files) {
        recordings.files(files);
        return this;
    }

    /**
     * Whether members may change their own password (through the admin API's .password,
     * which needs writableGroups): told in "joined" as Galène's canChangePassword.
     */
    public SignalService passwordsChangeable(BooleanSupplier changeable) {
        passwordsChangeable = changeable;
        return this;
    }

    boolean passwordsChangeable() {
        return passwordsChangeable.getAsBoolean();
    }

    /** Where moderation, token actions and refused joins are recorded (Nereid's audit trail). */
    public SignalService auditTo(AuditTrail trail) {
        audit = trail;
        return this;
    }

    AuditTrail audit() {
        return audit;
    }

    /**
     * Where members of mirrored groups (a cascade's helping node, docs/cluster.md) send their
     * chat and actions, and their joins and leaves: the hosting node. Unset, alone.
     */
    public SignalService relayMembersTo(HostLink link) {
        hostLink = link;
        return this;
    }

    HostLink hostLink() {
        return hostLink;
    }

    /**
     * What the hosting node's group sent member {@code id}'s stand-in there: it is passed on
     * to that member of this node's mirror of {@code group}; {@code text} null means the host
     * closed the stand-in (the member was kicked or refused), so the member is disconnected.
     */
    public void fromHost(String group, String id, String text) {
        relayedMember(group, id).ifPresent(s -> s.execute(() -> s.fromHost(group, text)));
    }

    /** The hosting node of {@code group} closed the stand-in of this node's member {@code id}, with {@code code}. */
    public void hostClosed(String group, String id, int code) {
        relayedMember(group, id).ifPresent(s -> s.execute(() -> s.hostClosed(group, code)));
    }

    /**
     * The hosting node of {@code group}, a mirror here, is gone: its members here are sent away
     * with a sentence that says so (the group's order went with the host); joining again places
     * them anew.
     */
    public void hostGone(String group) {
        groups.get(group).ifPresent(g -> g.members().forEach(m -> relayedMember(group, m.id())
                .ifPresent(s -> s.sendAway("The server that hosted this group has gone away;"
                        + " join again to continue."))));
    }

    private Optional<ClientSession> relayedMember(String group, String id) {
        return groups.get(group).flatMap(g -> g.member(id))
                .filter(m -> m instanceof ClientSession s && s.relayed()).map(m -> (ClientSession) m);
    }

    Recordings recordings() {
        return recordings;
    }

    GroupRegistry groups() {
        return groups;
    }

    /** The live groups, e.g. for .status ({@code nereid.groupActivity(signal.registry())}). */
    public GroupRegistry registry() {
        return groups;
    }

    JoinAuthoriser authoriser() {
        return authoriser;
    }

    /** Password-guessing backoff for joins, per address and per user name. */
    FailedLogins failedLogins() {
        return failedLogins;
    }

    TokenActions tokens() {
        return tokens;
    }

    MediaEngine media() {
        return media;
    }

    SignalLimits limits() {
        return limits;
    }

    JsonNode rtcConfiguration() {
        return rtcConfiguration.get();
    }

    Clock clock() {
        return clock;
    }

    ExecutorService pool() {
        return pool;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void forget(ClientSession s) {
        sessions.remove(s);
    }

    private void checkLiveness() {
        long now = System.nanoTime();
        for (ClientSession s : sessions) {
            s.checkLiveness(now);
        }
    }

    private void sweep() {
        try {
            groups.sweep();
        } catch (RuntimeException e) {
            log.error("sweeping idle groups failed", e);
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
