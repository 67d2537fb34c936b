package org.nereid.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.media.MediaConfig;
import org.nereid.testing.Chromium;
import org.nereid.testing.NetworkImpairment;

/**
 * Real Chromium on Nereid's meeting page with every UDP packet to and from the
 * SFU's media port dropped by nftables and no TURN server: media still flows
 * both ways, over ICE-TCP to the SFU's passive host candidate (RFC 6544).
 */
class IceTcpBrowserIT {
    @TempDir
    Path dir;

    @Test
    void withUdpBlockedAndNoTurnMediaFlowsOverIceTcp() throws Exception {
        MediaConfig media = new MediaConfig(List.of("127.0.0.1"), 0).withIceTcp(0);
        try (SfuServer server = SfuServer.start(dir, media, sfu -> Signalling::noIceServers, wiring -> { });
             Chromium chromium = Chromium.launch();
             NetworkImpairment net = NetworkImpairment.onServerPorts(server.mediaPort(), server.mediaPort())) {
            assertTrue(server.sfu().iceTcpPort() > 0, "ICE-TCP listens");
            net.blockUdp(true);
            JsonNode[] paths = MediaPaths.meet(server, chromium.browser());
            for (JsonNode p : paths) {
                // Chromium's active TCP candidate (port 9) shows as prflx once the server's
                // answer names its real port; what matters is that nothing is relayed
                assertTrue(List.of("host", "prflx").contains(p.path("type").asText()), "not relayed: " + p);
                assertEquals("tcp", p.path("protocol").asText(), p.toString());
                assertEquals("host", p.path("remoteType").asText(), p.toString());
                assertEquals("passive", p.path("remoteTcpType").asText(), p.toString());
            }
            assertTrue(net.packets().get("blocked-up") > 0, "the browser tried UDP and it was dropped: " + net.packets());
        }
    }
}
