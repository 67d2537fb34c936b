package org.nereid.console.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnFlagTest {
    @Test
    void galenesFormsAreKept() {
        assertEquals("auto", TurnFlag.check(""));
        assertEquals("auto", TurnFlag.check(" Auto "));
        assertEquals("off", TurnFlag.check("off"));
        assertEquals("off", TurnFlag.check("\"\""));
        assertEquals(":3478", TurnFlag.check(":3478"));
        assertEquals("203.0.113.7:443", TurnFlag.check("203.0.113.7:443"));
        assertEquals("", TurnFlag.argument("off"), "off is the flag's empty value");
        assertEquals(":3478", TurnFlag.argument(":3478"));
    }

    @Test
    void mistakesGetASentence() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TurnFlag.check("1194")).getMessage()
                .contains(":PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TurnFlag.check(":70000")).getMessage()
                .contains("1 to 65535"));
        assertThrows(IllegalArgumentException.class, () -> TurnFlag.check(":0"));
        assertThrows(IllegalArgumentException.class, () -> TurnFlag.check(":abc"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TurnFlag.check("turn.example.org:1194"))
                .getMessage().contains("IPv4"));
        assertThrows(IllegalArgumentException.class, () -> TurnFlag.check("300.1.1.1:1194"));
    }

    @Test
    void savedBesideTheServersDataKeepingOtherFields(@TempDir Path home) throws Exception {
        LocalSettings s = new LocalSettings(home);
        assertEquals("auto", s.turn(), "nothing saved yet");
        Files.writeString(s.file(), "{\"other\": 1}");
        assertEquals(":3478", s.saveTurn(" :3478 "));
        assertEquals(":3478", new LocalSettings(home).turn());
        assertTrue(Files.readString(s.file()).contains("\"other\""), Files.readString(s.file()));
        assertThrows(IllegalArgumentException.class, () -> s.saveTurn("nonsense"));
        assertEquals(":3478", s.turn(), "a refused value is not saved");
    }
}
