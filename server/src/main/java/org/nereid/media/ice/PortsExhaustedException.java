package org.nereid.media.ice;

import java.io.IOException;

/** Every port of the {@code -udp-range} is held by a live connection (or another program). */
public final class PortsExhaustedException extends IOException {
    public PortsExhaustedException(int firstPort, int lastPort, int inUse, IOException lastFailure) {
        super("The server has no free UDP port for media: " + inUse + " of the "
                + (lastPort - firstPort + 1) + " ports " + firstPort + "-" + lastPort
                + " carry other streams and the rest are taken. Try again when a stream has ended,"
                + " or ask the administrator to widen -udp-range.", lastFailure);
    }
}
