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
import org.nereid.group.GroupRegistry;
import org.nereid.signal.SignalService;
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
     * After start: this node's URLs, as clients reach it, published; groups placed from now on,
     * and cascaded from {@code cascadeAt} clients (0: never).
     *
     * @param publicUrl {@code -cluster-url} (checked by {@link ClusterFlags#publicUrl}), or null: made from
     *                  {@code -http} and the bound port
     */
    void serve(Nereid nereid, SignalService signal, StatsSource stats, URI publicUrl, int cascadeAt) {
        GroupRegistry registry = signal.registry();
        URI url = publicUrl;
        if (url == null) {
            String host = host(nereid.options().http(), node.self());
            String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + nereid.port();
            url = URI.create((nereid.options().insecure() ? "http" : "https") + "://" + authority + "/");
        }
        String endpoint = (url.getScheme().equals("https") ? "wss" : "ws") + "://" + url.getRawAuthority()
                + url.getRawPath() + "ws";
        registry.hostedBy(node.serve(url.toString(), endpoint, registry, stats, signal, cascadeAt));
        nereid.groupActivity(node.activity(registry));
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
