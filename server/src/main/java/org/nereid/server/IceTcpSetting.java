package org.nereid.server;

import org.nereid.media.MediaConfig;

/**
 * Nereid's {@code -ice-tcp} flag (Galène has no ICE over TCP): {@code auto} (the
 * default: the port after the {@code -http} port, e.g. 8444 beside 8443, any free
 * one when that is 0), {@code :PORT} or {@code PORT}, or {@code ""} (off). It
 * listens on the media addresses, as the UDP host candidates do.
 */
final class IceTcpSetting {
    private IceTcpSetting() {
    }

    /** The port for {@link MediaConfig#withIceTcp}: {@link MediaConfig#NO_ICE_TCP} when off. */
    static int port(String value, int httpPort) {
        String v = value.trim();
        if (v.isEmpty()) {
            return MediaConfig.NO_ICE_TCP;
        }
        if (v.equals("auto")) {
            return httpPort == 0 ? 0 : httpPort == 65535 ? httpPort - 1 : httpPort + 1;
        }
        String digits = v.startsWith(":") ? v.substring(1) : v;
        try {
            int port = Integer.parseInt(digits);
            if (port > 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("-ice-tcp must be auto, :PORT (e.g. :8444) or \"\" for none; got \""
                + value + "\"");
    }
}
