package org.nereid.media;

import java.util.List;
import java.util.Objects;

/**
 * How the SFU reaches the network.
 *
 * @param bindAddresses local IP addresses to listen on and advertise as host candidates
 *                      (e.g. {@code ["127.0.0.1"]} in tests)
 * @param udpPort       the one UDP port all peer connections share (0 picks a free one);
 *                      packets are told apart by their ICE username fragment
 */
public record MediaConfig(List<String> bindAddresses, int udpPort) {
    public MediaConfig {
        bindAddresses = List.copyOf(Objects.requireNonNull(bindAddresses, "bindAddresses"));
        if (bindAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one bind address is needed for media");
        }
        if (udpPort < 0 || udpPort > 65535) {
            throw new IllegalArgumentException("UDP port " + udpPort + " is not between 0 and 65535");
        }
    }

    /** Parses Galène's {@code -udp-range} value: a single port "N" (one shared port). */
    public static MediaConfig ofUdpRange(List<String> bindAddresses, String udpRange) {
        if (udpRange == null || udpRange.isBlank()) {
            return new MediaConfig(bindAddresses, 0);
        }
        try {
            return new MediaConfig(bindAddresses, Integer.parseInt(udpRange.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-udp-range must be a single port number such as 8443; "
                    + "a MIN-MAX range is not supported by Nereid: got \"" + udpRange + "\"");
        }
    }
}
