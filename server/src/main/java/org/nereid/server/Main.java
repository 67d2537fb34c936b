package org.nereid.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nereid.audit.AuditFile;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenPurge;
import org.nereid.auth.TokenStore;
import org.nereid.connectivity.ConnectivityRoute;
import org.nereid.group.ChatArchive;
import org.nereid.invite.InvitationRoute;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.record.RecordingFiles;
import org.nereid.signal.SignalLimits;
import org.nereid.signal.SignalService;
import org.nereid.signal.SignalStats;
import org.nereid.signal.Signalling;
import org.nereid.stats.ServerHealth;
import org.nereid.turn.RtcConfiguration;
import org.nereid.turn.TurnServer;
import org.nereid.web.Mount;
import org.nereid.web.api.AuditedWrites;
import org.nereid.whip.WhipRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line, with Galène's flags (single dash, as Go writes them; the double-dash
 * spelling works too). Galène's profiling flags (-cpuprofile, -memprofile,
 * -mutexprofile) are Go-specific and left out; use a Java profiler instead.
 */
@Command(name = "nereid", sortOptions = false, usageHelpAutoWidth = true,
        description = "A videoconference server compatible with Galène.",
        versionProvider = Main.Version.class)
public final class Main implements Callable<Integer> {

    static {
        // ice4j reads these once, when its first class loads: no AWS metadata probe,
        // no IPv6 link-local noise (an operator's -D still wins). No STUN mapping is
        // ice4j's default; an empty stun.addresses set here would break every Agent
        // created after IceHost configured ice4j (it wants a list), as MainTest running
        // before a media test in one JVM showed.
        defaultProperty("ice4j.harvest.mapping.aws.enabled", "false");
        defaultProperty("ice4j.harvest.use-ipv6", "false");
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-http", "--http"}, paramLabel = "ADDRESS", defaultValue = ":8443",
            description = "web server address, e.g. :8443 or 127.0.0.1:8443 (default ${DEFAULT-VALUE})")
    String http;

    @Option(names = {"-insecure", "--insecure"}, description = "act as an HTTP server rather than HTTPS")
    boolean insecure;

    @Option(names = {"-data", "--data"}, paramLabel = "DIRECTORY", defaultValue = "./data/",
            description = "data directory: config.json, cert.pem, key.pem (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = {"-groups", "--groups"}, paramLabel = "DIRECTORY", defaultValue = "./groups/",
            description = "group description directory (default ${DEFAULT-VALUE})")
    Path groups;

    @Option(names = {"-recordings", "--recordings"}, paramLabel = "DIRECTORY", defaultValue = "./recordings/",
            description = "recordings directory (default ${DEFAULT-VALUE})")
    Path recordings;

    @Option(names = {"-static", "--static"}, paramLabel = "DIRECTORY",
            description = "web server root directory (default: the pages built into the jar)")
    Path staticDir;

    @Option(names = {"-udp-range", "--udp-range"}, paramLabel = "PORTS", defaultValue = "",
            description = "UDP port for all media (multiplexed by ICE username), or MIN-MAX: "
                    + "one port per connection from that range (default: one free port)")
    String udpRange;

    @Option(names = {"-turn", "--turn"}, paramLabel = "ADDRESS", defaultValue = "auto",
            description = "built-in TURN server address: auto (port 1194 unless data/ice-servers.json exists), "
                    + ":PORT (every local address), ADDR:PORT (listen everywhere, tell clients ADDR), "
                    + "\"\" to disable (default ${DEFAULT-VALUE})")
    String turn;

    @Option(names = {"-ice-tcp", "--ice-tcp"}, paramLabel = "PORT", defaultValue = "auto",
            description = "ICE over TCP for browsers that cannot use UDP: auto (the port after the -http port), "
                    + ":PORT, or \"\" to disable (default ${DEFAULT-VALUE}); Nereid only")
    String iceTcp;

    @Option(names = {"-mdns", "--mdns"}, description = "gather mDNS addresses; pending: not used yet")
    boolean mdns;

    @Option(names = {"-relay-only", "--relay-only"},
            description = "require use of TURN relays for all media traffic")
    boolean relayOnly;

    @Option(names = {"-ws-max-message", "--ws-max-message"}, paramLabel = "BYTES",
            defaultValue = "" + ServerOptions.DEFAULT_MAX_FRAME_SIZE,
            description = "largest WebSocket message accepted (default ${DEFAULT-VALUE}); Nereid only")
    int maxFrameSize;

    @Option(names = {"-metrics", "--metrics"},
            description = "serve Prometheus text at /metrics, to administrators only (default off); Nereid only")
    boolean metrics;

    @Option(names = {"-cluster", "--cluster"}, paramLabel = "ADDRESSES",
            description = "run as one node of a cluster: this node's cluster address, then its peers', "
                    + "host:port,host:port,... (docs/cluster.md; default: alone); Nereid only")
    String cluster;

    @Option(names = {"-cluster-drain-timeout", "--cluster-drain-timeout"}, paramLabel = "DURATION", defaultValue = "2m",
            description = "with -cluster, on a planned stop (SIGTERM): take no new groups and wait up to this long "
                    + "for the meetings here to end, then end them (default ${DEFAULT-VALUE}; 0: stop at once); "
                    + "Nereid only")
    String clusterDrainTimeout;

    @Option(names = {"-cluster-url", "--cluster-url"}, paramLabel = "URL",
            description = "with -cluster, this node's URL as clients reach it, e.g. behind a reverse proxy "
                    + "(https://node1.example.org/; default: made from -http); Nereid only")
    String clusterUrl;

    @Option(names = {"-cluster-cascade", "--cluster-cascade"}, paramLabel = "N", defaultValue = "0",
            description = "in a cluster, once a group has N clients on its hosting node, send newcomers to other"
                    + " nodes, which relay its streams from the host (docs/cluster.md; default 0: never); Nereid only")
    int clusterCascade;

    @Option(names = {"-help", "--help", "-h"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = {"-version", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** The options these flags describe; throws IllegalArgumentException for a bad value. */
    ServerOptions options() {
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("-ws-max-message must be at least 1024 bytes");
        }
        return new ServerOptions(ListenAddress.parse(http), insecure, data, groups, recordings, staticDir,
                udpRange, turn, maxFrameSize);
    }

    @Override
    public Integer call() throws Exception {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Logger log = LoggerFactory.getLogger(Main.class);
        ServerOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("nereid: " + e.getMessage());
            return 2;
        }
        if (clusterCascade < 0 || clusterCascade > 0 && (cluster == null || !udpRange.contains("-"))) {
            // a relay is one connection per stream between the same two nodes: with one shared
            // port on both, those connections would have the same addresses and ports
            System.err.println("nereid: -cluster-cascade needs -cluster, -udp-range MIN-MAX and a number of"
                    + " clients, 1 or more");
            return 2;
        }
        java.time.Duration drainTimeout;
        java.net.URI publicUrl;
        try {
            drainTimeout = ClusterFlags.drainTimeout(clusterDrainTimeout);
            publicUrl = clusterUrl == null ? null : ClusterFlags.publicUrl(clusterUrl);
        } catch (IllegalArgumentException e) {
            System.err.println("nereid: " + e.getMessage());
            return 2;
        }
        if (cluster != null) {
            try {
                org.nereid.cluster.ClusterAddresses.parse(cluster);
            } catch (IllegalArgumentException e) {
                System.err.println("nereid: " + e.getMessage());
                return 2;
            }
        }
        if (mdns) {
            log.warn("-mdns is accepted but not used yet");
        }
        MediaConfig mediaConfig;
        TurnSetting turnSetting;
        try {
            mediaConfig = MediaConfig.ofUdpRange(MediaAddresses.of(options.http()), options.udpRange())
                    .withIceTcp(IceTcpSetting.port(iceTcp, options.http().getPort()));
            turnSetting = TurnSetting.parse(options.turn());
        } catch (IllegalArgumentException e) {
            System.err.println("nereid: " + e.getMessage());
            return 2;
        }
        AuditFile audit;
        try {
            audit = AuditFile.inDataDirectory(options.dataDir());
        } catch (java.io.IOException e) {
            log.error("Cannot open the audit trail under {}: {}. Check that the data directory is writable.",
                    options.dataDir(), e.toString());
            return 1;
        }
        Sfu media = new Sfu(mediaConfig);
        Nereid nereid = new Nereid(options);
        Clock clock = Clock.systemUTC();
        TurnServer turnServer = TurnWiring.start(turnSetting, options.http(), options.dataDir(), mediaConfig, media, relayOnly, clock);
        Runnable stopMedia = () -> {
            media.close();
            if (turnServer != null) {
                turnServer.close();
            }
        };
        TokenStore tokens = TokenStore.inDataDirectory(options.dataDir(), clock);
        Authoriser authoriser = new Authoriser(tokens, clock);
        RtcConfiguration rtcConfiguration = new RtcConfiguration(TurnWiring.iceServersFile(options.dataDir()),
                turnServer, relayOnly, clock);
        SignalService signal = Signalling.create(nereid.groups(), nereid.config(), authoriser,
                new TokenActions(tokens, clock, InvitationWiring.policy(nereid)), media,
                SignalLimits.defaults().withMaxMessageBytes(options.maxFrameSize()), rtcConfiguration, clock);
        signal.recordTo(new RecordingFiles(options.recordingsDir(), java.time.ZoneId.systemDefault()));
        SignalStats stats = new SignalStats(signal.registry());
        signal.auditTo(audit);
        signal.registry().keepChatIn(ChatArchive.inDataDirectory(options.dataDir()));
        nereid.webSocket(signal::newChannelHandler).groupActivity(signal.registry())
                .mount(Mount.ADMIN_API, n -> AdminWiring.auditedAdminApi(n, tokens, authoriser, clock, stats, audit,
                        new ServerHealth(Version.text(), spec.commandLine().getParseResult().originalArgs(),
                                AdminWiring.mediaPorts(mediaConfig, media),
                                () -> TurnWiring.status(turn, turnSetting, options.dataDir(), turnServer), stats,
                                clock)))
                .mount(Mount.STATS, (n, files) -> AdminWiring.statsPages(n, authoriser, stats, files))
                .mount(Mount.RECORDINGS, n -> AuditedWrites.of("recording", AdminWiring.recordings(n, authoriser),
                        audit, clock))
                .mount(Mount.INVITATIONS, n -> AuditedWrites.of("invitation",
                        InvitationRoute.of(tokens, n.groups(), n.config(), clock), audit, clock))
                .mount(Mount.WHIP, n -> new WhipRoute(signal, n.config(), rtcConfiguration));
        nereid.mount(Mount.CONNECTIVITY, n -> new ConnectivityRoute(media,
                options.udpRange().isBlank() ? Integer.toString(media.udpPort()) : options.udpRange().trim(),
                turnServer == null ? null : turnServer::iceServer));
        if (metrics) {
            nereid.mount(Mount.METRICS, n -> AdminWiring.metrics(n, authoriser, stats));
        }
        ClusterWiring[] clusterNode = {null};
        TokenPurge[] purge = {null};
        Runnable stopServices = () -> {
            signal.close();
            if (purge[0] != null) {
                purge[0].close();
            }
            stopMedia.run();
        };
        try {
            if (cluster != null) {
                clusterNode[0] = ClusterWiring.join(cluster, nereid, tokens, authoriser, clock,
                        n -> AdminWiring.auditedAdminApi(n, tokens, authoriser, clock, stats, audit), stats, metrics);
            }
            purge[0] = TokenPurge.start(tokens);
            nereid.start();
            if (clusterNode[0] != null) {
                clusterNode[0].serve(nereid, signal, stats, publicUrl, clusterCascade);
            }
        } catch (java.net.BindException e) {
            log.error("Cannot listen on {}: {}. Is another server running there? Choose another address with -http.",
                    http, e.getMessage());
            stopServices.run();
            closeCluster(clusterNode[0]);
            return 1;
        } catch (java.io.IOException | java.security.GeneralSecurityException | RuntimeException e) {
            log.error("Cannot start: {}", e.getMessage());
            stopServices.run();
            closeCluster(clusterNode[0]);
            return 1;
        }
        Footprint.applyAfterStartUp();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (clusterNode[0] != null) {
                clusterNode[0].drainBeforeStop(drainTimeout);
            }
            stopServices.run();
            nereid.close();
            closeCluster(clusterNode[0]);
            audit.close();
            stopped.countDown();
        }, "nereid-shutdown"));
        stopped.await();
        return 0;
    }

    private static void closeCluster(AutoCloseable node) {
        try {
            if (node != null) {
                node.close();
            }
        } catch (Exception e) {
            LoggerFactory.getLogger(Main.class).warn("leaving the cluster failed: {}", e.toString());
        }
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Nereid " + text()};
        }

        /** The version from the jar's manifest. */
        static String text() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "(development build)" : v;
        }
    }
}
