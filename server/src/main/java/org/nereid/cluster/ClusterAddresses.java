package org.nereid.cluster;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -cluster} flag: this node's cluster address first, then its peers', as
 * {@code host:port} separated by commas ({@code [::1]:5701} for IPv6). The cluster talks to
 * these addresses and no others; this node listens on the first one only.
 */
public record ClusterAddresses(String self, List<String> peers) {
    public ClusterAddresses {
        peers = List.copyOf(peers);
    }

    /** @throws IllegalArgumentException with a sentence for the operator */
    public static ClusterAddresses parse(String flag) {
        List<String> all = new ArrayList<>();
        for (String part : flag.split(",")) {
            String address = part.trim();
            if (address.isEmpty()) {
                continue;
            }
            host(address);
            port(address);
            if (!all.contains(address)) {
                all.add(address);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("-cluster needs this node's address, e.g. -cluster 10.0.0.1:5701,10.0.0.2:5701");
        }
        return new ClusterAddresses(all.get(0), all.subList(1, all.size()));
    }

    /** Every member address, this node's first. */
    public List<String> all() {
        List<String> all = new ArrayList<>();
        all.add(self);
        all.addAll(peers);
        return all;
    }

    public static String host(String address) {
        URI uri = uri(address);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("-cluster: \"" + address + "\" has no host; write host:port");
        }
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    public static int port(String address) {
        int port = uri(address).getPort();
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("-cluster: \"" + address + "\" needs a port between 1 and 65535");
        }
        return port;
    }

    private static URI uri(String address) {
        try {
            return new URI("tcp://" + address);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("-cluster: \"" + address + "\" is not host:port");
        }
    }
}
