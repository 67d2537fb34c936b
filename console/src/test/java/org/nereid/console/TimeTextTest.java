package org.nereid.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class TimeTextTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void parsesTheFormsOperatorsType() {
        assertEquals(Instant.parse("2026-12-24T17:00:00Z"), TimeText.parseInstant("2026-12-24 18:00", PARIS));
        assertEquals(Instant.parse("2026-12-24T17:00:00Z"), TimeText.parseInstant("2026-12-24T18:00", PARIS));
        assertEquals(Instant.parse("2026-12-23T23:00:00Z"), TimeText.parseInstant("2026-12-24", PARIS));
        assertEquals(Instant.parse("2026-12-24T17:00:00Z"),
                TimeText.parseInstant("2026-12-24T18:00:00+01:00", PARIS));
        assertNull(TimeText.parseInstant("  ", PARIS));
    }

    @Test
    void badDateSaysWhatIsExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> TimeText.parseInstant("next tuesday", PARIS));
        assertTrue(e.getMessage().contains("2026-12-24 18:00"), e.getMessage());
    }

    @Test
    void durationsRoundTrip() {
        assertEquals(Duration.ofMinutes(90), TimeText.parseDuration("1h30m"));
        assertEquals(Duration.ofSeconds(90), TimeText.parseDuration("90"));
        assertEquals(Duration.ofDays(2), TimeText.parseDuration("2d"));
        assertEquals("1h30m", TimeText.show(Duration.ofMinutes(90)));
        assertEquals("4h", TimeText.show(TimeText.parseDuration("4h")));
        assertNull(TimeText.parseDuration(""));
        assertThrows(IllegalArgumentException.class, () -> TimeText.parseDuration("4 hours"));
        assertThrows(IllegalArgumentException.class, () -> TimeText.parseDuration("h4"));
    }

    @Test
    void jsonDatesAreRfc3339() {
        Instant t = Instant.parse("2026-11-22T07:30:12.345Z");
        assertEquals("2026-11-22T07:30:12Z", TimeText.rfc3339(t));
        assertEquals(Instant.parse("2026-11-22T06:30:12Z"), TimeText.fromJson("2026-11-22T07:30:12+01:00"));
    }
}
