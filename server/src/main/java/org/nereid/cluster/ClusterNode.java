package org.nereid.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nereid.cluster.relay.Relays;
import org.nereid.group.GroupActivity;
import org.nereid.group.GroupHosts;
import org.nereid.group.GroupRegistry;
import org.nereid.signal.SignalService;
import org.nereid.stats.ClientStats;
import org.nereid.stats.ConnStats;
import org.nereid.stats.GroupStats;
import org.nereid.stats.StatsSource;
import org.nereid.stats.TrackStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server as one node of a cluster (docs/cluster.md): an embedded Hazelcast member
 * ({@link MemberConfig}), the shared files ({@link ReplicatedFiles}), placement of groups
 * ({@link Placements}), and every second this node's load published in {@value #NODES_MAP}.
 * Made only when {@code -cluster} is given, so without it no Hazelcast class is loaded.
 */
public final class ClusterNode implements AutoCloseable, ClusterView {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    static final String NODE_ATTRIBUTE = "nereid.node";
    static final String NODES_MAP = "nereid.nodes";
    static final String DRAIN_MAP = "nereid.draining";
    private static final long NODE_TTL_SECONDS = 10;
    private static final String ENDED = "This server is being stopped; join again to continue on another one.";

    private final HazelcastInstance hz;
    private final String self;
    private final ReplicatedFiles files;
    private final IMap<String, NodeLoad> nodes;
    private final IMap<String, Long> draining;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private volatile Map<String, NodeLoad> view = Map.of();
    private volatile boolean drainingHere;
    private volatile boolean stopping;
    private Placements placements;
    private CascadePlacement cascade;
    private Relays relays;
    private GroupRegistry registry;
    private StatsSource stats;
    private boolean closed;

    private ClusterNode(HazelcastInstance hz, String self, ReplicatedFiles files, Clock clock) {
        this.hz = hz;
        this.self = self;
        this.files = files;
        this.clock = clock;
        this.nodes = hz.getMap(NODES_MAP);
        this.draining = hz.getMap(DRAIN_MAP);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nereid-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins (or forms) the cluster and writes every shared file the cluster changed while
     * this node was away, before the server serves anything.
     *
     * @param filesChanged told when another node's version of a file was written here
     */
    public static ClusterNode join(ClusterAddresses addresses, Path groupsDir, Path dataDir, Runnable filesChanged,
                                   Clock clock) throws IOException {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(MemberConfig.of(addresses));
        try {
            ReplicatedFiles files = new ReplicatedFiles(hz, Map.of("groups", groupsDir, "data", dataDir), filesChanged);
            files.catchUp(sharedFiles(groupsDir, dataDir));
            ClusterNode node = new ClusterNode(hz, addresses.self(), files, clock);
            hz.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    // two clusters that formed apart became one: take the merged cluster's files
                    node.timer.execute(() -> node.catchUpAfterMerge(groupsDir, dataDir));
                }
            });
            log.info("cluster: node {} joined, {} member(s)", addresses.self(), hz.getCluster().getMembers().size());
            return node;
        } catch (IOException | RuntimeException e) {
            hz.shutdown();
            throw e;
        }
    }

    /**
     * Group files ({@code groups/**.json}), {@code data/var/tokens.jsonl} and the key of rejoin
     * credentials, {@code data/var/rejoin.key} (every node must accept a credential any node
     * gave): what every node shares.
     */
    static List<Path> sharedFiles(Path groupsDir, Path dataDir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(groupsDir)) {
            try (Stream<Path> walk = Files.walk(groupsDir)) {
                walk.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                        .forEach(files::add);
            }
        }
        for (String name : List.of("tokens.jsonl", "rejoin.key")) {
            Path file = dataDir.resolve("var").resolve(name);
            if (Files.isRegularFile(file)) {
                files.add(file);
            }
        }
        return files;
    }

    /** How this node's changes to group files and tokens.jsonl reach the others. */
    public SharedFiles sharedFiles() {
        return files;
    }

    /**
     * Starts publishing this node's load and hosting groups: from now on it places groups.
     *
     * @param url      the root URL of this node's web server, as clients reach it
     * @param endpoint its WebSocket endpoint
     * @param cascadeAt clients in a group from which newcomers go to other nodes (0: never)
     * @return the hook the group registry asks where a joining client's group is hosted
     */
    public synchronized GroupHosts serve(String url, String endpoint, GroupRegistry registry, StatsSource stats,
                                         SignalService signal, int cascadeAt) {
        this.registry = registry;
        this.stats = stats;
        placements = new Placements(hz.getMap(Placements.MAP), self, registry, () -> view, () -> drainingHere);
        // every node relays (a node without the setting still feeds or helps when asked to)
        relays = new Relays(hz, self);
        relays.serve(signal);
        if (cascadeAt > 0) {
            cascade = new CascadePlacement(placements, cascadeAt, () -> view, () -> drainingHere, relays);
        }
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String gone = event.getMember().getAttribute(NODE_ATTRIBUTE);
                log.info("cluster: node {} left; its groups will be placed again at their next join", gone);
                // on the timer, after any publish under way (which could put the node back into the
                // view it read before the member left), and before the relays send their members
                // back: a member rejoining at once must not be redirected to the node just gone
                Runnable leave = () -> {
                    Map<String, NodeLoad> next = new HashMap<>(view);
                    next.remove(gone);
                    view = Map.copyOf(next);
                    forget(gone);
                    relays.nodeLeft(gone);
                };
                try {
                    timer.execute(leave);
                } catch (RejectedExecutionException e) {
                    relays.nodeLeft(gone);      // stopping: only the relays are left to end
                }
            }
        });
        timer.scheduleWithFixedDelay(() -> publish(url, endpoint, registry, stats), 0, 1, TimeUnit.SECONDS);
        return cascade != null ? cascade : placements;
    }

    /** .status and public-groups.json for the whole cluster, over this node's own registry. */
    public synchronized GroupActivity activity(GroupActivity local) {
        return new ClusterActivity(local, placements, cascade, self, () -> view);
    }

    @Override
    public List<NodeLoad> nodes() {
        return new ArrayList<>(new java.util.TreeMap<>(view).values());
    }

    @Override
    public boolean drain(String node, Instant deadline) {
        if (!view.containsKey(node)) {
            return false;
        }
        draining.set(node, deadline.toEpochMilli());
        log.info("cluster: node {} asked to drain, deadline {}", node, deadline);
        return true;
    }

    /**
     * A planned stop (SIGTERM, a service stop): this node drains as {@link #drain} makes it,
     * then waits until the meetings it hosts have ended or {@code wait} has passed, and ends
     * those still there. Zero (or a node that never served) stops at once.
     */
    public void drainBeforeStop(Duration wait) throws InterruptedException {
        GroupRegistry hosting;
        synchronized (this) {
            hosting = closed ? null : registry;
        }
        if (hosting == null || wait.isZero() || !hostsMeetings()) {
            return;
        }
        Instant deadline = clock.instant().plus(wait);
        stopping = true;
        drainingHere = true;
        try {
            draining.set(self, deadline.toEpochMilli());
        } catch (RuntimeException e) {
            log.warn("cluster: could not tell the others that this node drains: {}", e.toString());
        }
        log.info("cluster: stopping; draining, meetings still here end at {}", deadline);
        while (hostsMeetings() && clock.instant().isBefore(deadline)) {
            Thread.sleep(250);
        }
        if (hostsMeetings()) {
            log.info("cluster: drain deadline reached; ending the meetings still here");
            hosting.shutdown(ENDED);
        } else {
            log.info("cluster: drained; stopping");
        }
    }

    private boolean hostsMeetings() {
        return stats.groups().stream().anyMatch(g -> !g.clients().isEmpty());
    }

    @Override
    public String self() {
        return self;
    }

    private void catchUpAfterMerge(Path groupsDir, Path dataDir) {
        try {
            files.catchUp(sharedFiles(groupsDir, dataDir));
            log.info("cluster: merged with another part of the cluster; shared files are the cluster's again");
        } catch (IOException | RuntimeException e) {
            log.error("cluster: after a merge, could not take the cluster's files: {}", e.toString());
        }
    }

    private void forget(String gone) {
        try {
            nodes.remove(gone);
            draining.remove(gone);
            placements.removeNode(gone);
        } catch (RuntimeException e) {
            log.warn("cluster: could not forget node {}: {}", gone, e.toString());
        }
    }

    private void publish(String url, String endpoint, GroupRegistry registry, StatsSource stats) {
        try {
            Long deadline = draining.get(self);
            drainingHere = deadline != null || stopping;
            NodeLoad load = measure(url, endpoint, registry, stats.groups());
            if (deadline != null && clock.millis() >= deadline) {
                endMeetings(registry, load);
            }
            nodes.set(self, load, NODE_TTL_SECONDS, TimeUnit.SECONDS);
            // a group this node only mirrors (a cascade) is hosted elsewhere: renewing it here would
            // claim it for this node once its host's entry is gone and before the mirror ends, and a
            // member of the mirror rejoining at another node would be sent here (CascadeIT)
            placements.renew(load.groups().keySet().stream().filter(g -> !relays.mirrors(g)).toList());
            relays.sweep(registry::clientCount);
            Map<String, NodeLoad> live = new HashMap<>(nodes);
            // an entry of a member just gone may outlive it for a moment: members decide who is alive
            live.keySet().retainAll(memberNames());
            live.put(self, load);
            view = Map.copyOf(live);
        } catch (RuntimeException e) {
            if (!hz.getLifecycleService().isRunning()) {
                return;
            }
            log.warn("cluster: could not publish this node's load: {}", e.toString());
        }
    }

    private java.util.Set<String> memberNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (com.hazelcast.cluster.Member m : hz.getCluster().getMembers()) {
            names.add(m.getAttribute(NODE_ATTRIBUTE));
        }
        return names;
    }

    private void endMeetings(GroupRegistry registry, NodeLoad load) {
        if (load.groups().isEmpty()) {
            return;
        }
        log.info("cluster: drain deadline reached with {} group(s) still here; ending them", load.groups().size());
        registry.shutdown(ENDED);
    }

    private NodeLoad measure(String url, String endpoint, GroupRegistry registry, List<GroupStats> groups) {
        int clients = 0;
        int streams = 0;
        long bitrate = 0;
        Map<String, NodeLoad.GroupLoad> hosted = new HashMap<>();
        for (GroupStats g : groups) {
            if (g.clients().isEmpty()) {
                continue;
            }
            // people only: a cascade's relay members carry streams (counted below) but are no clients
            int people = registry.clientCount(g.name());
            hosted.put(g.name(), new NodeLoad.GroupLoad(people, registry.locked(g.name())));
            clients += people;
            for (ClientStats c : g.clients()) {
                streams += c.up().size() + c.down().size();
                bitrate += bitrate(c.up()) + bitrate(c.down());
            }
        }
        return new NodeLoad(self, url, endpoint, clients, streams, bitrate, cpu(), drainingHere, hosted);
    }

    private static long bitrate(List<ConnStats> conns) {
        long sum = 0;
        for (ConnStats c : conns) {
            for (TrackStats t : c.tracks()) {
                sum += t.bitrate();
            }
        }
        return sum;
    }

    private static double cpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuLoad();
        }
        return -1;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (relays != null) {
            relays.close();
        }
        // the member first: its last events may still hand work to the timer
        hz.shutdown();
        timer.shutdownNow();
    }
}
