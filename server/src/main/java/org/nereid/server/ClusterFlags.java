package org.nereid.server;

import java.net.URI;
import java.time.Duration;
import org.nereid.ctl.GoDuration;

/**
 * The values of {@code -cluster-url} and {@code -cluster-drain-timeout}, checked before the
 * server starts. Apart from {@link ClusterWiring} so that checking them alone loads no class
 * of the cluster.
 */
final class ClusterFlags {
    private ClusterFlags() {
    }

    /** {@code -cluster-drain-timeout}: a Go-style duration ({@code 2m}, {@code 90s}, {@code 0}), not negative. */
    static Duration drainTimeout(String flag) {
        Duration d;
        try {
            d = GoDuration.parse(flag);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-cluster-drain-timeout: " + e.getMessage());
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("-cluster-drain-timeout: \"" + flag + "\" is negative");
        }
        return d;
    }

    /**
     * {@code -cluster-url}: this node's root URL as clients reach it (behind a reverse proxy or
     * NAT), http or https with a host, no query; given back ending in a slash.
     */
    static URI publicUrl(String flag) {
        URI u;
        try {
            u = new URI(flag.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("-cluster-url: \"" + flag + "\" is not a URL: " + e.getReason());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null
                || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("-cluster-url: \"" + flag + "\" is not a root URL like"
                    + " https://node1.example.org/");
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }
}
