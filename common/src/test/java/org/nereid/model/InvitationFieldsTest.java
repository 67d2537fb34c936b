package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nereid's invitation fields of tokens.jsonl: typed, checked, and invisible to a reader of Galène's fields. */
class InvitationFieldsTest {
    static final String NEREID_LINE = "{\"token\":\"inv1\",\"group\":\"city-watch\",\"username\":\"nobby\","
            + "\"permissions\":[\"present\",\"message\"],\"expires\":\"2026-11-30T10:00:00Z\","
            + "\"issuedAt\":\"2026-11-22T10:00:00Z\",\"issuedBy\":\"vimes\","
            + "\"kind\":\"register\",\"max-uses\":3,\"uses\":2,\"revoked\":true}";

    /** Exactly the fields of Galène's token.Stateful (token/stateful.go), as its decoder knows them. */
    record GaleneToken(@JsonProperty("token") String token, @JsonProperty("group") String group,
                       @JsonProperty("includeSubgroups") boolean includeSubgroups,
                       @JsonProperty("username") String username,
                       @JsonProperty("permissions") List<String> permissions,
                       @JsonProperty("expires") String expires, @JsonProperty("not-before") String notBefore,
                       @JsonProperty("issuedAt") String issuedAt, @JsonProperty("issuedBy") String issuedBy) {
    }

    @Test
    void aReaderOfGalenesFieldsReadsNereidsLinesAndIgnoresTheRest() throws Exception {
        // Go's json.Decoder without DisallowUnknownFields, as Galène reads tokens.jsonl
        ObjectMapper galene = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        GaleneToken g = galene.readValue(NEREID_LINE, GaleneToken.class);
        assertEquals("inv1", g.token());
        assertEquals("nobby", g.username());
        assertEquals(List.of("present", "message"), g.permissions());
        assertEquals("2026-11-30T10:00:00Z", g.expires());
        assertEquals("vimes", g.issuedBy());
        for (String line : StatefulTokenTest.GALENE_LINES) {
            galene.readValue(line, GaleneToken.class);
        }
    }

    @Test
    void newFieldNamesMatchNoGaleneFieldEvenIgnoringCase() {
        // Go matches JSON keys to struct tags case-insensitively: a clash would be decoded into Galène's field
        Set<String> galene = Set.of("token", "group", "includesubgroups", "username", "permissions", "expires",
                "not-before", "issuedat", "issuedby");
        for (String name : List.of(StatefulToken.KIND, StatefulToken.MAX_USES, StatefulToken.USES, StatefulToken.REVOKED)) {
            assertFalse(galene.contains(name.toLowerCase(Locale.ROOT)), name);
        }
    }

    @Test
    void nereidReadsItsFieldsTypedAndWritesThemBackUnchanged() {
        StatefulToken t = StatefulToken.fromJson(NEREID_LINE);
        assertEquals(TokenKind.REGISTER, t.kind());
        assertEquals(3, t.maxUses());
        assertEquals(2, t.uses());
        assertEquals(1, t.remainingUses());
        assertTrue(t.revoked());
        assertEquals(NEREID_LINE, t.toJsonLine());
    }

    @Test
    void galenesTokensAreUnlimitedJoinTokensNeverUsed() {
        for (String line : StatefulTokenTest.GALENE_LINES) {
            StatefulToken t = StatefulToken.fromJson(line);
            assertEquals(TokenKind.JOIN, t.kind());
            assertNull(t.maxUses());
            assertNull(t.remainingUses());
            assertEquals(0, t.uses());
            assertFalse(t.revoked());
            assertEquals(line, t.toJsonLine());
        }
    }

    @Test
    void withersSetAndRemoveTheFields() {
        StatefulToken plain = StatefulToken.fromJson(StatefulTokenTest.GALENE_LINES.get(0));
        StatefulToken inv = plain.withKind(TokenKind.REGISTER).withMaxUses(2).withUses(1).withRevoked(true);
        assertEquals(List.of("kind", "max-uses", "uses", "revoked"), List.copyOf(inv.extra().keySet()));
        StatefulToken back = inv.withKind(TokenKind.JOIN).withMaxUses(null).withUses(0).withRevoked(false);
        assertEquals(plain.toJsonLine(), back.toJsonLine());
        // "join" written by hand is accepted too
        assertEquals(TokenKind.JOIN, StatefulToken.fromJson("{\"token\":\"a\",\"kind\":\"join\"}").kind());
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        for (String bad : List.of("\"kind\":\"admin\"", "\"kind\":1", "\"max-uses\":0", "\"max-uses\":\"2\"",
                "\"max-uses\":1.5", "\"uses\":-1", "\"uses\":99999999999", "\"revoked\":\"yes\"")) {
            String field = bad.substring(1, bad.indexOf('"', 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StatefulToken.fromJson("{\"token\":\"a\"," + bad + "}"), bad);
            assertTrue(e.getMessage().contains("\"" + field + "\""), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> StatefulToken.fromJson("{\"token\":\"a\"}").withMaxUses(0));
    }

    @Test
    void stateOrderRevokedUsedUpExpiredNotYetValidValid() {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        StatefulToken valid = StatefulToken.fromJson("{\"token\":\"a\",\"group\":\"g\",\"permissions\":[],"
                + "\"expires\":\"2026-11-23T00:00:00Z\"}");
        assertEquals(TokenState.VALID, valid.stateAt(now));
        assertEquals(TokenState.NOT_YET_VALID,
                valid.withNotBefore(OffsetDateTime.parse("2026-11-22T13:00:00Z")).stateAt(now));
        StatefulToken expired = valid.withExpires(OffsetDateTime.parse("2026-11-22T11:00:00Z"));
        assertEquals(TokenState.EXPIRED, expired.stateAt(now));
        assertEquals(TokenState.EXPIRED, valid.withExpires(null).stateAt(now));
        assertEquals(TokenState.USED_UP, expired.withMaxUses(1).withUses(1).stateAt(now));
        assertEquals(TokenState.VALID, valid.withMaxUses(2).withUses(1).stateAt(now));
        assertEquals(TokenState.REVOKED, expired.withMaxUses(1).withUses(1).withRevoked(true).stateAt(now));
        assertEquals("not-yet-valid", TokenState.NOT_YET_VALID.jsonName());
        assertEquals("used-up", TokenState.USED_UP.jsonName());
    }

    @Test
    void groupFilesKeepAllowUserInvites() throws Exception {
        GroupDescription d = org.nereid.json.Json.parse("{\"allow-user-invites\":true}", GroupDescription.class, "g.json");
        assertTrue(d.allowUserInvites());
        assertEquals("{\"allow-user-invites\":true}", org.nereid.json.Json.write(d));
        assertFalse(GroupDescription.EMPTY.allowUserInvites());
    }
}
