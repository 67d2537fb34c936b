package org.nereid.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TurnSettingTest {
    @Test
    void galenesFourForms() throws Exception {
        TurnSetting auto = TurnSetting.parse("auto");
        assertEquals(1194, auto.port());
        assertTrue(auto.enabled(false));
        assertFalse(auto.enabled(true), "auto is off when data/ice-servers.json exists");

        TurnSetting off = TurnSetting.parse("");
        assertFalse(off.enabled(false));

        TurnSetting port = TurnSetting.parse(":3478");
        assertEquals(3478, port.port());
        assertNull(port.advertised());
        assertTrue(port.enabled(true), "an explicit address runs beside ice-servers.json");

        TurnSetting forwarded = TurnSetting.parse("203.0.113.7:443");
        assertEquals(InetAddress.getByName("203.0.113.7"), forwarded.advertised());
        assertEquals(443, forwarded.port());
        assertEquals(5000, TurnSetting.parse("0.0.0.0:5000").port());
        assertNull(TurnSetting.parse("0.0.0.0:5000").advertised());
    }

    @Test
    void healthSaysWhyTheServerIsOff(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) throws Exception {
        var off = TurnWiring.status("", TurnSetting.parse(""), data, null);
        assertEquals("off", off.state());
        assertTrue(off.detail().contains("-turn \"\""), off.detail());
        assertEquals("failed", TurnWiring.status("auto", TurnSetting.parse("auto"), data, null).state(),
                "auto without ice-servers.json was asked to listen: no server means it could not");
        java.nio.file.Files.writeString(TurnWiring.iceServersFile(data), "[]");
        var byFile = TurnWiring.status("auto", TurnSetting.parse("auto"), data, null);
        assertEquals("off", byFile.state());
        assertTrue(byFile.detail().contains("ice-servers.json"), byFile.detail());
        assertEquals("auto", byFile.flag());
    }

    @Test
    void badValuesSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TurnSetting.parse("1194")).getMessage()
                .contains("auto"));
        assertThrows(IllegalArgumentException.class, () -> TurnSetting.parse(":0"));
        assertThrows(IllegalArgumentException.class, () -> TurnSetting.parse(":70000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TurnSetting.parse("[2001:db8::1]:3478"))
                .getMessage().contains("IPv4"));
    }

    @Test
    void autoAndPortFollowASpecificHttpAddress() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (String value : new String[] {"auto", ":3478"}) {
            assertEquals(java.util.List.of(loopback), TurnWiring.listenAddresses(TurnSetting.parse(value),
                    new java.net.InetSocketAddress(loopback, 8443)), value + " with -http 127.0.0.1:8443");
            assertEquals(MediaAddresses.local(true), TurnWiring.listenAddresses(TurnSetting.parse(value),
                    new java.net.InetSocketAddress(8443)), value + " with -http :8443");
        }
        assertEquals(java.util.List.of(InetAddress.getByName("0.0.0.0")), TurnWiring.listenAddresses(
                TurnSetting.parse("203.0.113.7:443"), new java.net.InetSocketAddress(loopback, 8443)),
                "ADDR:PORT listens everywhere, whatever -http says");
    }
}
