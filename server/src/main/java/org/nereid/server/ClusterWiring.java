package org.nereid.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenStore;
import org.nereid.cluster.ClusterAddresses;
import org.nereid.cluster.ClusterMetrics;
import org.nereid.cluster.ClusterNode;
import org.nereid.ctl.GoDuration;
import org.nereid.group.GroupRegistry;
import org.nereid.stats.PrometheusWriter;
import org.nereid.stats.StatsSource;
import org.nereid.web.Mount;
import org.nereid.web.api.ClusterResource;

/**
 * {@code -cluster}: joins the cluster before the server starts (so shared files are current
 * before anything is served), then, once the web server is bound, makes this node host and
 * place groups and answer {@code .cluster}. Only called with the flag: alone, no class of
 * Hazelcast is ever loaded.
 */
final class ClusterWiring implements AutoCloseable {
    private final ClusterNode node;

    private ClusterWiring(ClusterNode node) {
        this.node = node;
    }

    /**
     * Joins and shares the group files and tokens.jsonl; the admin API gains {@code .cluster},
     * and {@code /metrics} (with -metrics) every node's load.
     */
    static ClusterWiring join(String flag, Nereid nereid, TokenStore tokens, Authoriser authoriser, Clock clock,
                              java.util.function.Function<Nereid, org.nereid.web.Route> adminApi, StatsSource stats,
                              boolean metrics) throws IOException {
        ClusterAddresses addresses = ClusterAddresses.parse(flag);
        ClusterNode node = ClusterNode.join(addresses, nereid.options().groupsDir(), nereid.options().dataDir(),
                nereid.groups()::refresh, clock);
        nereid.groups().shareWith(node.sharedFiles());
        tokens.shareWith(node.sharedFiles());
        nereid.mount(Mount.ADMIN_API, n -> new ClusterResource(adminApi.apply(n), n.groups(), n.config(),
                AdminWiring.bearerAdmins(n, authoriser), node, clock));
        if (metrics) {
            nereid.mount(Mount.METRICS, n -> AdminWiring.metrics(n, authoriser,
                    () -> PrometheusWriter.write(stats.groups()) + ClusterMetrics.write(node.nodes())));
        }
        return new ClusterWiring(node);
    }

    /**
     * After start: this node's URLs, as clients reach it, published; groups placed from now on.
     *
     * @param publicUrl {@code -cluster-url} (checked by {@link #publicUrl}), or null: made from
     *                  {@code -http} and the bound port
     */
    void serve(Nereid nereid, GroupRegistry registry, StatsSource stats, URI publicUrl) {
        URI url = publicUrl;
        if (url == null) {
            String host = host(nereid.options().http(), node.self());
            String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + nereid.port();
            url = URI.create((nereid.options().insecure() ? "http" : "https") + "://" + authority + "/");
        }
        String endpoint = (url.getScheme().equals("https") ? "wss" : "ws") + "://" + url.getRawAuthority()
                + url.getRawPath() + "ws";
        registry.hostedBy(node.serve(url.toString(), endpoint, registry, stats));
        nereid.groupActivity(node.activity(registry));
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

    /** A planned stop: drain, waiting at most {@code wait} for the meetings here to end (docs/cluster.md). */
    void drainBeforeStop(Duration wait) {
        try {
            node.drainBeforeStop(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        node.close();
    }

    /** The -http host, or the cluster address's host when -http listens on every address. */
    private static String host(InetSocketAddress http, String clusterAddress) {
        if (http.getAddress() != null && !http.getAddress().isAnyLocalAddress()) {
            return http.getAddress().getHostAddress();
        }
        return ClusterAddresses.host(clusterAddress);
    }
}
