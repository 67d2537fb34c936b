package org.nereid.model;

import org.junit.jupiter.api.Test;
import org.nereid.json.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatefulTokenTest {

    /** Lines as Galène's encoder writes them (field order, RFC 3339 nanos, local offsets). */
    static final List<String> GALENE_LINES = List.of(
            "{\"token\":\"tok1\",\"group\":\"test\",\"username\":\"user1\",\"permissions\":[\"present\",\"message\"],"
                    + "\"expires\":\"2026-11-23T09:12:45.123456789+01:00\"}",
            "{\"token\":\"tok2\",\"group\":\"test\",\"username\":\"user2\",\"permissions\":[\"present\",\"record\",\"message\"],"
                    + "\"expires\":\"2026-11-22T10:00:00Z\",\"not-before\":\"2026-11-22T08:00:00.5Z\","
                    + "\"issuedAt\":\"2026-11-22T07:59:59.12Z\",\"issuedBy\":\"vimes\"}",
            "{\"token\":\"tok3\",\"group\":\"\",\"includeSubgroups\":true,\"permissions\":null,"
                    + "\"expires\":\"2026-12-01T00:00:00-05:30\"}",
            "{\"token\":\"tok4\",\"group\":\"a/b\",\"username\":\"\",\"permissions\":[]}");

    @Test
    void galeneLinesRoundTripByteForByte() {
        for (String line : GALENE_LINES) {
            assertEquals(line, StatefulToken.fromJson(line).toJsonLine());
        }
    }

    @Test
    void readsGaleneFields() {
        StatefulToken t = StatefulToken.fromJson(GALENE_LINES.get(1));
        assertEquals("tok2", t.token());
        assertEquals("test", t.group());
        assertEquals("user2", t.username());
        assertEquals(List.of("present", "record", "message"), t.permissions());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), t.expires().toInstant());
        assertEquals(Instant.parse("2026-11-22T08:00:00.5Z"), t.notBefore().toInstant());
        assertEquals("vimes", t.issuedBy());
        StatefulToken root = StatefulToken.fromJson(GALENE_LINES.get(2));
        assertTrue(root.includeSubgroups());
        assertNull(root.permissions());
        assertEquals(List.of(), root.permissionList());
        assertTrue(root.needsUsername());
        assertEquals(ZoneOffset.ofHoursMinutes(-5, -30), root.expires().getOffset());
    }

    @Test
    void unknownFieldsArePreservedInOrderAfterKnownOnes() {
        String line = "{\"invite\":{\"uses\":3},\"token\":\"x\",\"group\":\"g\",\"note\":\"for Sam\","
                + "\"permissions\":[\"present\"],\"expires\":\"2026-11-22T10:00:00Z\"}";
        StatefulToken t = StatefulToken.fromJson(line);
        assertEquals(List.of("invite", "note"), List.copyOf(t.extra().keySet()));
        assertEquals("{\"token\":\"x\",\"group\":\"g\",\"permissions\":[\"present\"],"
                + "\"expires\":\"2026-11-22T10:00:00Z\",\"invite\":{\"uses\":3},\"note\":\"for Sam\"}",
                t.toJsonLine());
        assertEquals(t, StatefulToken.fromJson(t.toJsonLine()));
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StatefulToken.fromJson("{\"token\":\"x\",\"expires\":5}"));
        assertTrue(e.getMessage().contains("expires"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> StatefulToken.fromJson("{\"token\":\"x\",\"permissions\":\"op\"}"));
        assertThrows(IllegalArgumentException.class, () -> StatefulToken.fromJson("{\"token\":\"x\""));
        assertThrows(IllegalArgumentException.class, () -> StatefulToken.fromJson("[1]"));
        // found by StatefulTokenFuzzTest: kept, it came back as the string "Infinity"
        assertThrows(IllegalArgumentException.class,
                () -> StatefulToken.fromJson("{\"token\":\"x\",\"n\":[7E777777776]}"));
    }

    @Test
    void appliesToGroupsAsGalene() {
        StatefulToken plain = token("group", false);
        assertTrue(plain.appliesTo("group"));
        assertFalse(plain.appliesTo("group2"));
        assertFalse(plain.appliesTo("group/sub"));
        StatefulToken tree = token("group", true);
        assertTrue(tree.appliesTo("group"));
        assertTrue(tree.appliesTo("group/sub"));
        assertTrue(tree.appliesTo("group/sub/deeper"));
        assertFalse(tree.appliesTo("groups"));
        assertFalse(tree.appliesTo(""));
        StatefulToken rootOnly = token("", false);
        assertFalse(rootOnly.appliesTo(""));
        assertFalse(rootOnly.appliesTo("group"));
        StatefulToken root = token("", true);
        assertTrue(root.appliesTo(""));
        assertTrue(root.appliesTo("group/sub"));
    }

    @Test
    void validityWindow() {
        OffsetDateTime now = OffsetDateTime.parse("2026-11-22T10:00:00Z");
        StatefulToken t = token("g", false).withExpires(now.plusHours(1)).withNotBefore(now.plusMinutes(30));
        assertTrue(t.notYetValidAt(now.toInstant()));
        assertFalse(t.notYetValidAt(now.plusMinutes(31).toInstant()));
        assertFalse(t.expiredAt(now.toInstant()));
        assertTrue(t.expiredAt(now.plusHours(2).toInstant()));
        assertTrue(token("g", false).withExpires(null).expiredAt(now.toInstant()));
    }

    @Test
    void jacksonUsesTheSameMapping() throws Exception {
        for (String line : GALENE_LINES) {
            StatefulToken t = Json.parse(line, StatefulToken.class, "data/var/tokens.jsonl");
            assertEquals(line, Json.write(t));
        }
        StatefulToken withExtra = Json.parse("{\"token\":\"a\",\"group\":\"g\",\"permissions\":[],\"future\":1}",
                StatefulToken.class, "data/var/tokens.jsonl");
        assertEquals(1, withExtra.extra().get("future").asInt());
    }

    @Test
    void theAdminApiViewHasNoSecret() {
        StatefulToken t = StatefulToken.fromJson(GALENE_LINES.get(1));
        assertFalse(t.toString().contains("tok2"));
        StatefulToken view = t.withoutTokenAndGroup();
        assertEquals("", view.token());
        assertEquals("", view.group());
        assertTrue(view.toJsonLine().startsWith("{\"token\":\"\",\"group\":\"\",\"username\":\"user2\""));
    }

    @Test
    void formatsTimeAsGo() {
        assertEquals("2026-11-22T10:00:00Z",
                Rfc3339.format(OffsetDateTime.parse("2026-11-22T10:00:00.000Z")));
        assertEquals("2026-11-22T10:00:00.1+02:00",
                Rfc3339.format(OffsetDateTime.parse("2026-11-22T10:00:00.100+02:00")));
    }

    private static StatefulToken token(String group, boolean subgroups) {
        return new StatefulToken("t", group, subgroups, "u", List.of("present"),
                OffsetDateTime.parse("2099-01-01T00:00:00Z"), null, null, null);
    }
}
