package org.nereid.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.nereid.web.Routes;
import org.nereid.web.StaticFiles;
import org.nereid.web.StaticRoute;
import org.nereid.web.TlsCertificate;
import org.nereid.web.WebServer;
import org.nereid.web.WebSocketEndpoint;

/**
 * The server wired together: group files, configuration, web server. Set the hooks,
 * {@link #start()}, and {@link #close()} (idempotent) when done.
 */
public final class Nereid implements AutoCloseable {
    private final ServerOptions options;
    private WebSocketEndpoint webSocket;
    private TlsCertificate tls;
    private WebServer web;
    private InetSocketAddress address;
    private boolean closed;

    public Nereid(ServerOptions options) {
        this.options = options;
    }

    /** Who receives WebSocket connections on /ws (signalling); without one /ws answers 404. Before start. */
    public synchronized Nereid webSocket(WebSocketEndpoint endpoint) {
        requireNotStarted();
        this.webSocket = endpoint;
        return this;
    }

    /** Starts listening; returns the bound address (useful with port 0). */
    public synchronized InetSocketAddress start() throws Exception {
        requireNotStarted();
        StaticFiles files = options.staticDir() == null
                ? StaticFiles.classpath("static")
                : StaticFiles.directory(options.staticDir());
        Routes routes = new Routes(new StaticRoute(files), webSocket, options.maxFrameSize());
        tls = options.insecure() ? null : new TlsCertificate(options.dataDir());
        web = new WebServer(options.http(), tls, routes);
        try {
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
    public synchronized java.util.Optional<String> certificateFingerprint() throws java.io.IOException, java.security.GeneralSecurityException {
        return tls == null ? java.util.Optional.empty() : java.util.Optional.of(tls.fingerprint());
    }

    public ServerOptions options() {
        return options;
    }

    private void requireNotStarted() {
        if (web != null || closed) {
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
    }
}
