package org.nereid.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The embedded member's configuration: it listens on this node's cluster address only,
 * finds its peers in the static list and nowhere else (multicast, cloud discovery and
 * auto-detection off), tells no one outside (Hazelcast's phone-home off), runs no Jet,
 * REST or metrics collection, and keeps one synchronous backup of every map entry.
 */
final class MemberConfig {
    static final String CLUSTER_NAME = "nereid";

    private MemberConfig() {
    }

    static Config of(ClusterAddresses addresses) throws UnknownHostException {
        Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        config.setInstanceName("nereid-" + addresses.self());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // Main stops the member after the server, in its own shutdown hook
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // a killed node is noticed in seconds: its groups can be placed again
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        config.getJetConfig().setEnabled(false);
        config.getMetricsConfig().setEnabled(false);
        config.getMemberAttributeConfig().setAttribute(ClusterNode.NODE_ATTRIBUTE, addresses.self());
        config.addMapConfig(new MapConfig("nereid.*").setBackupCount(1).setAsyncBackupCount(0));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(ClusterAddresses.port(addresses.self())).setPortAutoIncrement(false).setPortCount(1);
        String ip = InetAddress.getByName(ClusterAddresses.host(addresses.self())).getHostAddress();
        network.getInterfaces().setEnabled(true).addInterface(ip);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getGcpConfig().setEnabled(false);
        join.getAzureConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        join.getEurekaConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(addresses.all()).setConnectionTimeoutSeconds(5);
        return config;
    }
}
