package org.nereid.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nereid.media.MediaConfig;

class IceTcpSettingTest {
    @Test
    void autoIsTheHttpPortsNeighbour() {
        assertEquals(8444, IceTcpSetting.port("auto", 8443));
        assertEquals(0, IceTcpSetting.port("auto", 0), "an ephemeral -http port: any free port");
        assertEquals(65534, IceTcpSetting.port("auto", 65535));
    }

    @Test
    void aPortOrNone() {
        assertEquals(3479, IceTcpSetting.port(":3479", 8443));
        assertEquals(3479, IceTcpSetting.port("3479", 8443));
        assertEquals(MediaConfig.NO_ICE_TCP, IceTcpSetting.port("", 8443));
    }

    @Test
    void badValuesSayWhatIsExpected() {
        for (String bad : new String[] {":0", ":70000", "x", "1.2.3.4:5"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> IceTcpSetting.port(bad, 8443))
                    .getMessage().contains("-ice-tcp"), bad);
        }
    }
}
