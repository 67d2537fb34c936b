package org.nereid.group;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private static ChatEntry entry(String id, String source, Instant t) {
        return new ChatEntry(id, source, "u" + source, t, null, TextNode.valueOf("hello " + id));
    }

    @Test
    void keepsTheNewestFiftyInOrder() {
        ChatHistory h = new ChatHistory();
        for (int i = 0; i < 60; i++) {
            h.add(entry("m" + i, "a", T0));
        }
        var recent = h.recent(T0, Duration.ofHours(4));
        assertEquals(50, recent.size());
        assertEquals("m10", recent.get(0).id());
        assertEquals("m59", recent.get(49).id());
    }

    @Test
    void dropsMessagesOlderThanTheMaximumAge() {
        ChatHistory h = new ChatHistory();
        h.add(entry("old", "a", T0));
        h.add(entry("new", "a", T0.plusSeconds(50)));
        var recent = h.recent(T0.plusSeconds(70), Duration.ofMinutes(1));
        assertEquals(1, recent.size());
        assertEquals("new", recent.get(0).id());
        assertTrue(h.isEmpty(T0.plusSeconds(200), Duration.ofMinutes(1)));
    }

    @Test
    void clearsOneMessageOneUserOrEverything() {
        ChatHistory h = new ChatHistory();
        h.add(entry("1", "a", T0));
        h.add(entry("2", "a", T0));
        h.add(entry("3", "b", T0));
        h.clear("1", "a");
        assertEquals(2, h.recent(T0, Duration.ofHours(1)).size());
        h.clear(null, "a");
        assertEquals("3", h.recent(T0, Duration.ofHours(1)).get(0).id());
        h.clear(null, null);
        assertTrue(h.isEmpty(T0, Duration.ofHours(1)));
    }
}
