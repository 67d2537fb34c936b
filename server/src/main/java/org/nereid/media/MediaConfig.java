package org.nereid.media;

import java.util.List;
import java.util.Objects;

/**
 * How the SFU reaches the network.
 *
 * @param bindAddresses local IP addresses to listen on and advertise as host candidates
 *                      (e.g. {@code ["127.0.0.1"]} in tests)
 * @param udpPort       the UDP port all peer connections share, their packets told apart by
 *                      ICE username fragment (0 picks a free one); or the first port of a range
 * @param udpPortMax    equal to {@code udpPort} for one shared port; otherwise the last port
 *                      of the range, from which each peer connection gets a port of its own
 * @param iceTcpPort    the TCP port for ICE over TCP (passive host candidates), shared by every
 *                      peer connection; 0 picks a free one, {@link #NO_ICE_TCP} has none
 */
public record MediaConfig(List<String> bindAddresses, int udpPort, int udpPortMax, int iceTcpPort) {
    /** No ICE over TCP. */
    public static final int NO_ICE_TCP = -1;

    public MediaConfig {
        bindAddresses = List.copyOf(Objects.requireNonNull(bindAddresses, "bindAddresses"));
        if (bindAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one bind address is needed for media");
        }
        if (udpPort < 0 || udpPortMax > 65535 || udpPortMax < udpPort || (udpPort == 0 && udpPortMax != 0)) {
            throw new IllegalArgumentException("the UDP ports for media must be 0, or a port or range within 1-65535; got "
                    + udpPort + "-" + udpPortMax);
        }
        if (iceTcpPort < NO_ICE_TCP || iceTcpPort > 65535) {
            throw new IllegalArgumentException("the ICE-TCP port must be within 1-65535; got " + iceTcpPort);
        }
    }

    /** UDP only: one shared port, or a range. */
    public MediaConfig(List<String> bindAddresses, int udpPort, int udpPortMax) {
        this(bindAddresses, udpPort, udpPortMax, NO_ICE_TCP);
    }

    /** One shared port (0: any free one). */
    public MediaConfig(List<String> bindAddresses, int udpPort) {
        this(bindAddresses, udpPort, udpPort);
    }

    /** The same, with ICE over TCP on this port (0: a free one; {@link #NO_ICE_TCP}: none). */
    public MediaConfig withIceTcp(int port) {
        return new MediaConfig(bindAddresses, udpPort, udpPortMax, port);
    }

    /**
     * Reads Galène's {@code -udp-range}: empty (one shared port, any free one),
     * "N" (one shared port) or "MIN-MAX" (a port of the range per peer
     * connection, as Galène does).
     */
    public static MediaConfig ofUdpRange(List<String> bindAddresses, String udpRange) {
        if (udpRange == null || udpRange.isBlank()) {
            return new MediaConfig(bindAddresses, 0);
        }
        String[] parts = udpRange.trim().split("-", -1);
        try {
            int min = Integer.parseInt(parts[0].trim());
            int max = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : min;
            if (parts.length > 2 || min <= 0) {
                throw new NumberFormatException();
            }
            return new MediaConfig(bindAddresses, min, max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-udp-range must be a port such as 8443 or a range such as "
                    + "40000-40100; got \"" + udpRange + "\"");
        }
    }
}
