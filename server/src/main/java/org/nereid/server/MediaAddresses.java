package org.nereid.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The local addresses the SFU listens on and offers as host candidates: the
 * HTTP listen address when it names one, else every IPv4 address of the
 * interfaces that are up (loopback only when there is nothing else).
 */
final class MediaAddresses {

    private MediaAddresses() {
    }

    static List<String> of(InetSocketAddress http) {
        InetAddress listen = http.getAddress();
        if (listen != null && !listen.isAnyLocalAddress()) {
            return List.of(listen.getHostAddress());
        }
        return local(false).stream().map(InetAddress::getHostAddress).toList();
    }

    /**
     * The IPv4 addresses (and with {@code ipv6}, the global IPv6 ones) of the
     * interfaces that are up, loopback left out unless there is nothing else.
     */
    static List<InetAddress> local(boolean ipv6) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    boolean v4 = a instanceof Inet4Address && !a.isLinkLocalAddress();
                    boolean v6 = ipv6 && a instanceof Inet6Address && !a.isLinkLocalAddress() && !a.isSiteLocalAddress();
                    if (v4 || v6) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback: this machine only
        }
        return out.isEmpty() ? List.of(InetAddress.getLoopbackAddress()) : List.copyOf(out);
    }
}
