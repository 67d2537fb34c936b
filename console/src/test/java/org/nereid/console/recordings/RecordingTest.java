package org.nereid.console.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

class RecordingTest {
    @Test
    void parsesGalenesListing() {
        String html = "<table>\n<tr><td><a href=\"./2026-11-22T07:30:05.123-bob.webm\">2026-11-22T07:30:05.123-bob.webm"
                + "</a></td><td>1048576</td><td><form action=\"/recordings/g/\" method=\"post\"></form></td></tr>\n"
                + "<tr><td><a href=\"./a&amp;b.webm\">a&amp;b.webm</a></td><td>12</td><td></td></tr>\n</table>";
        var list = Recording.parseListing(html);
        assertEquals(2, list.size());
        assertEquals("2026-11-22T07:30:05.123-bob.webm", list.get(0).name());
        assertEquals(LocalDateTime.parse("2026-11-22T07:30:05"), list.get(0).started());
        assertEquals("1.0 MiB", list.get(0).sizeText());
        assertEquals("a&b.webm", list.get(1).name());
        assertNull(list.get(1).started());
        assertEquals("12 B", list.get(1).sizeText());
    }

    @Test
    void windowsStyleNamesToo() {
        assertEquals(LocalDateTime.parse("2026-11-22T07:30:05"), Recording.started("2026-11-22T07-30-05-123.webm"));
    }
}
