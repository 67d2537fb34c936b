package org.nereid.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Everything {@link Nereid} needs to start, as given on the command line or by a test.
 *
 * @param http          the address to listen on
 * @param insecure      plain HTTP instead of HTTPS
 * @param dataDir       config.json, cert.pem, key.pem, var/
 * @param groupsDir     the group files
 * @param recordingsDir where recordings go
 * @param staticDir     the web root, or null for the one inside the jar
 * @param udpRange      ICE port or range, as given (empty: not set)
 * @param turn          built-in TURN server address, as given ("" disables)
 * @param maxFrameSize  the largest WebSocket message accepted, in bytes
 */
public record ServerOptions(InetSocketAddress http, boolean insecure, Path dataDir, Path groupsDir,
        Path recordingsDir, Path staticDir, String udpRange, String turn, int maxFrameSize) {

    public static final int DEFAULT_MAX_FRAME_SIZE = 1 << 20;

    /** Options for tests and embedding: plain HTTP on an ephemeral loopback port. */
    public static ServerOptions forTest(Path dataDir, Path groupsDir) {
        return new ServerOptions(new InetSocketAddress("127.0.0.1", 0), true, dataDir, groupsDir,
                dataDir.resolveSibling("recordings"), null, "", "", DEFAULT_MAX_FRAME_SIZE);
    }

    public ServerOptions withInsecure(boolean value) {
        return new ServerOptions(http, value, dataDir, groupsDir, recordingsDir, staticDir, udpRange, turn, maxFrameSize);
    }

    public ServerOptions withStaticDir(Path value) {
        return new ServerOptions(http, insecure, dataDir, groupsDir, recordingsDir, value, udpRange, turn, maxFrameSize);
    }
}
