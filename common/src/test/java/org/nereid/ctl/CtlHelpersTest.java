package org.nereid.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nereid.json.Json;
import org.nereid.model.Permissions;

class CtlHelpersTest {

    @Test
    void templatesReplaceFieldsAndNullDeletes() {
        Map<String, Object> old = new LinkedHashMap<>(Map.of("redirect", "https://x/", "public", true, "comment", "c"));
        Map<String, Object> template = new HashMap<>();
        template.put("redirect", null);
        template.put("comment", "new");
        template.put("max-clients", 10);
        assertEquals(Map.of("public", true, "comment", "new", "max-clients", 10), Templates.merge(old, template));
        assertEquals(old, Templates.merge(old, Map.of()));
    }

    @Test
    void globsFollowGosPathMatch() {
        assertTrue(Glob.compile("foo").matches("foo"));
        assertFalse(Glob.compile("foo").matches("bar"));
        assertTrue(Glob.compile("foo*").matches("foobar"));
        assertFalse(Glob.compile("foo*").matches("foo/bar"));
        assertTrue(Glob.compile("foo/*").matches("foo/bar"));
        assertTrue(Glob.compile("f?o").matches("fxo"));
        assertFalse(Glob.compile("f?o").matches("f/o"));
        assertTrue(Glob.compile("[a-c]x").matches("bx"));
        assertFalse(Glob.compile("[^a-c]x").matches("bx"));
        assertTrue(Glob.compile("[^a-c]x").matches("dx"));
        assertTrue(Glob.compile("\\*").matches("*"));
        assertFalse(Glob.compile("\\*").matches("a"));
        assertTrue(Glob.compile("a.b").matches("a.b"));
        assertFalse(Glob.compile("a.b").matches("axb"));
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("[a-"));
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("[]"));
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("a\\"));
    }

    @Test
    void durationsAreGoDurations() {
        assertEquals(Duration.ofHours(24), GoDuration.parse("24h"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMillis(300), GoDuration.parse("300ms"));
        assertEquals(Duration.ofSeconds(-5), GoDuration.parse("-5s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        for (String bad : List.of("", "24", "h", "1d", "1h 30m", ".h", "abc")) {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), bad);
        }
    }

    /** galenectl's TestFormatPermissions. */
    @Test
    void permissionsAreShownAsGalenectlShowsThem() throws Exception {
        String[][] cases = {
            {"\"op\"", "op", "[cmopt]"},
            {"\"present\"", "present", "[mp]"},
            {"\"observe\"", "observe", "[]"},
            {"\"admin\"", "admin", "[a]"},
            {"[\"message\", \"present\", \"token\"]", "[mpt]", "[mpt]"},
            {"[]", "[]", "[]"},
        };
        for (String[] c : cases) {
            Permissions p = Json.mapper().readValue(c[0], Permissions.class);
            assertEquals(c[1], PermissionText.format(p));
            assertEquals(c[2], "[" + PermissionText.initials(p.expand(false, false), "") + "]");
        }
        assertEquals("null", PermissionText.format(null));
    }

    @Test
    void permissionFlags() {
        assertEquals("op", PermissionText.parse(" op ", false));
        assertEquals(List.of("op", "present", "message", "caption", "token"), PermissionText.parse("op", true));
        assertEquals(List.of("present", "record"), PermissionText.parse("[\"present\",\"record\"]", true));
        assertThrows(IllegalArgumentException.class, () -> PermissionText.parse("", false));
        assertThrows(IllegalArgumentException.class, () -> PermissionText.parse("king", false));
        assertThrows(IllegalArgumentException.class, () -> PermissionText.parse("[oops", false));
    }

    @Test
    void tokenExpiryIsShownAsGalenectlShowsIt() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        assertEquals("(no expiration date)", TokenCommands.expiry(null, now));
        assertEquals("(expired)", TokenCommands.expiry(OffsetDateTime.parse("2026-06-01T11:00:00Z"), now));
        assertEquals("2026-06-02 14:00:00", TokenCommands.expiry(OffsetDateTime.parse("2026-06-02T14:00:00+02:00"),
                now));
    }
}
