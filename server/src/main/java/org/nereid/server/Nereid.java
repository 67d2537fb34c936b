package org.nereid.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.nereid.group.GroupActivity;
import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.record.RecordingDirectory;
import org.nereid.web.GroupRoute;
import org.nereid.web.RecordingsRoute;
import org.nereid.web.Route;
import org.nereid.web.Routes;
import org.nereid.web.StaticFiles;
import org.nereid.web.StaticRoute;
import org.nereid.web.TlsCertificate;
import org.nereid.web.WebServer;
import org.nereid.web.WebSocketEndpoint;
import org.nereid.web.api.AdminApi;
import org.nereid.web.api.AdminTokens;
import org.nereid.web.api.RecordingsAuth;

/**
 * The server wired together: group files, configuration, web server. Construct, set the
 * hooks other parts supply ({@link #webSocket}, {@link #groupActivity}, {@link #adminApi}),
 * {@link #start()}, and {@link #close()} (idempotent) when done. {@link #groups()} and
 * {@link #config()} exist from construction, so hooks can be built from them.
 */
public final class Nereid implements AutoCloseable {
    private final ServerOptions options;
    private final GroupDirectory groups;
    private final ServerConfigFile config;
    private WebSocketEndpoint webSocket;
    private volatile GroupActivity activity = GroupActivity.NONE;
    private Function<Nereid, Route> adminApi =
            n -> new AdminApi(n.groups(), n.config(), null, AdminTokens.NONE, null);
    private Function<Nereid, Route> metrics = n -> null;
    private java.util.function.BiFunction<Nereid, StaticRoute, Route> statsPages = (n, files) -> null;
    private Function<Nereid, Route> recordings = n -> new RecordingsRoute(
            new RecordingDirectory(n.options().recordingsDir()),
            new RecordingsAuth(n.config(), n.groups(), AdminTokens.NONE, RecordingsAuth.RecordPermission.NONE));
    private Function<Nereid, Route> invitations = n -> null;
    private TlsCertificate tls;
    private WebServer web;
    private InetSocketAddress address;
    private boolean started;
    private boolean closed;

    public Nereid(ServerOptions options) {
        this(options, GroupDirectory.DEFAULT_SCAN_INTERVAL);
    }

    /** @param scanInterval how often group files are checked for changes nobody asked about */
    public Nereid(ServerOptions options, Duration scanInterval) {
        this.options = options;
        this.groups = new GroupDirectory(options.groupsDir(), scanInterval);
        this.config = new ServerConfigFile(options.dataDir());
    }

    /** Who receives WebSocket connections on /ws (signalling); without one /ws answers 404. Before start. */
    public synchronized Nereid webSocket(WebSocketEndpoint endpoint) {
        requireNotStarted();
        this.webSocket = endpoint;
        return this;
    }

    /** Where .status and public-groups.json learn locked and clientCount (the run-time registry). */
    public Nereid groupActivity(GroupActivity activity) {
        this.activity = Objects.requireNonNull(activity);
        return this;
    }

    /**
     * The admin API under /galene-api/, built from this server's parts at start. The default
     * is {@link AdminApi} with HTTP Basic only, empty statistics and no token endpoints; a
     * factory returning null turns the API off (404).
     */
    public synchronized Nereid adminApi(Function<Nereid, Route> factory) {
        requireNotStarted();
        this.adminApi = Objects.requireNonNull(factory);
        return this;
    }

    /** What answers /metrics, built at start; the default (a factory returning null) answers 404. */
    public synchronized Nereid metrics(Function<Nereid, Route> factory) {
        requireNotStarted();
        this.metrics = Objects.requireNonNull(factory);
        return this;
    }

    /**
     * What answers /stats.json, /stats.html and /stats/, built at start from this server and
     * its static root; the default (a factory returning null) answers 404.
     */
    public synchronized Nereid statsPages(java.util.function.BiFunction<Nereid, StaticRoute, Route> factory) {
        requireNotStarted();
        this.statsPages = Objects.requireNonNull(factory);
        return this;
    }

    /**
     * What answers /recordings/, built at start; the default lets in administrators
     * (HTTP Basic) only, as no one decides group users' record permission.
     */
    public synchronized Nereid recordings(Function<Nereid, Route> factory) {
        requireNotStarted();
        this.recordings = Objects.requireNonNull(factory);
        return this;
    }

    /** What answers /invitation/… (the invitation page's API), built at start; the default answers 404. */
    public synchronized Nereid invitations(Function<Nereid, Route> factory) {
        requireNotStarted();
        this.invitations = Objects.requireNonNull(factory);
        return this;
    }

    public GroupDirectory groups() {
        return groups;
    }

    public ServerConfigFile config() {
        return config;
    }

    public ServerOptions options() {
        return options;
    }

    /** Reads the groups and starts listening; returns the bound address (useful with port 0). */
    public synchronized InetSocketAddress start() throws Exception {
        requireNotStarted();
        started = true;
        try {
            groups.start();
            StaticFiles files = options.staticDir() == null
                    ? StaticFiles.classpath("static")
                    : StaticFiles.directory(options.staticDir());
            StaticRoute pages = new StaticRoute(files);
            GroupRoute groupRoute = new GroupRoute(groups, config, () -> activity, pages);
            // Signalling refuses messages over maxFrameSize with a sentence to the client; the
            // transport accepts twice that so the sentence can be sent, and cuts hostile sizes (1009).
            int transportLimit = (int) Math.min(Integer.MAX_VALUE, 2L * options.maxFrameSize());
            Routes routes = new Routes(pages, groupRoute, adminApi.apply(this), metrics.apply(this),
                    statsPages.apply(this, pages),
                    recordings.apply(this), invitations.apply(this), config,
                    webSocket, transportLimit);
            tls = options.insecure() ? null : new TlsCertificate(options.dataDir());
            web = new WebServer(options.http(), tls, routes);
            address = web.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        return address;
    }

    /** The bound port, once started. */
    public synchronized int port() {
        if (address == null) {
            throw new IllegalStateException("not started");
        }
        return address.getPort();
    }

    /** SHA-256 fingerprint of the TLS certificate in use (e.g. to show users), or empty with -insecure. */
    public synchronized Optional<String> certificateFingerprint() throws IOException, GeneralSecurityException {
        return tls == null ? Optional.empty() : Optional.of(tls.fingerprint());
    }

    private void requireNotStarted() {
        if (started || closed) {
            throw new IllegalStateException("already started or closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (web != null) {
            web.close();
        }
        groups.close();
    }
}
