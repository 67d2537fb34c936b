package org.nereid.server;

import java.net.InetSocketAddress;

/** Parses Galène's {@code -http} values: {@code :8443}, {@code host:port}, {@code [v6]:port}. */
public final class ListenAddress {
    private ListenAddress() {
    }

    public static InetSocketAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected host:port or :port, got \"" + value + "\"");
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in \"" + value + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in \"" + value + "\"");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, e.g. [::1]:8443");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
