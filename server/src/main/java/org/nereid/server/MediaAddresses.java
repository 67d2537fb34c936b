package org.nereid.server;

import java.net.Inet4Address;
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
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        out.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback: media then works on this machine only
        }
        return out.isEmpty() ? List.of("127.0.0.1") : List.copyOf(out);
    }
}
