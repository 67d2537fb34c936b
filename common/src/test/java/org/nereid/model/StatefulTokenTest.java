package org.nereid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.json.Json;

class StatefulTokenTest {

    static StatefulToken parse(String json) throws Exception {
        return Json.parse(json, StatefulToken.class, "data/var/tokens.jsonl");
    }

    @Test
    void linesOfGalenesTokenFileRoundTrip() throws Exception {
        String line = "{\"token\":\"dG9rZW4\",\"group\":\"city-watch\",\"includeSubgroups\":true,\"username\":\"carrot\","
                + "\"permissions\":[\"present\",\"message\"],\"expires\":\"2026-11-23T10:00:00.123456789+01:00\","
                + "\"not-before\":\"2026-11-22T10:00:00Z\",\"issuedAt\":\"2026-11-22T09:00:00Z\",\"issuedBy\":\"vimes\"}";
        StatefulToken t = parse(line);
        assertEquals(line, Json.write(t));
        assertEquals("carrot", t.username());
        assertFalse(t.needsUsername());
    }

    @Test
    void minimalTokenKeepsTheFieldsGaleneAlwaysWrites() throws Exception {
        StatefulToken t = parse("{\"token\":\"a\",\"group\":\"\",\"permissions\":null}");
        assertEquals("{\"token\":\"a\",\"group\":\"\",\"permissions\":[]}", Json.write(t));
        assertNull(t.username());
        assertTrue(t.needsUsername());
        assertTrue(t.expiredAt(Instant.now()), "a token without expiry admits nobody");
    }

    @Test
    void emptyUsernameIsNotAbsent() throws Exception {
        StatefulToken t = parse("{\"token\":\"a\",\"group\":\"g\",\"username\":\"\",\"permissions\":[]}");
        assertEquals("", t.username());
        assertFalse(t.needsUsername());
    }

    @Test
    void unknownFieldsAreIgnoredAsGaleneDoes() throws Exception {
        StatefulToken t = parse("{\"token\":\"a\",\"group\":\"g\",\"permissions\":[],\"future\":1}");
        assertEquals("a", t.token());
    }

    @Test
    void groupMatchingFollowsGalene() {
        StatefulToken plain = new StatefulToken("t", "a", false, null, List.of(), null, null, null, null);
        StatefulToken deep = new StatefulToken("t", "a", true, null, List.of(), null, null, null, null);
        StatefulToken root = new StatefulToken("t", "", true, null, List.of(), null, null, null, null);
        assertTrue(plain.appliesTo("a"));
        assertFalse(plain.appliesTo("a/b"));
        assertTrue(deep.appliesTo("a/b/c"));
        assertFalse(deep.appliesTo("ab"));
        assertFalse(deep.appliesTo(""));
        assertTrue(root.appliesTo("anything/at/all"));
        assertTrue(root.appliesTo(""));
    }

    @Test
    void validityWindow() throws Exception {
        StatefulToken t = parse("{\"token\":\"a\",\"group\":\"g\",\"permissions\":[],"
                + "\"expires\":\"2026-01-02T00:00:00Z\",\"not-before\":\"2026-01-01T00:00:00Z\"}");
        assertTrue(t.notYetValidAt(Instant.parse("2025-12-31T23:00:00Z")));
        assertFalse(t.notYetValidAt(Instant.parse("2026-01-01T12:00:00Z")));
        assertFalse(t.expiredAt(Instant.parse("2026-01-01T12:00:00Z")));
        assertTrue(t.expiredAt(Instant.parse("2026-01-02T00:00:01Z")));
        assertFalse(t.toString().contains("token=a"));
    }
}
