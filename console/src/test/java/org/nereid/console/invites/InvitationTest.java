package org.nereid.console.invites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class InvitationTest {
    private static final Instant ISSUED = Instant.parse("2026-11-22T07:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    private static Invitation inv(Instant expires, Instant notBefore) {
        return new Invitation("t", null, List.of("present"), expires, notBefore, ISSUED, "admin", false);
    }

    @Test
    void statusFollowsTheDates() {
        assertEquals(Invitation.Status.VALID, inv(NOW.plusSeconds(60), null).status(NOW));
        assertEquals(Invitation.Status.EXPIRED, inv(NOW.minusSeconds(1), null).status(NOW));
        assertEquals(Invitation.Status.NOT_YET_VALID, inv(NOW.plusSeconds(7200), NOW.plusSeconds(60)).status(NOW));
        assertEquals(Invitation.Status.REVOKED,
                inv(Invitation.revokedExpiry(ISSUED, NOW), null).status(NOW));
        assertEquals(Invitation.Status.VALID, inv(null, null).status(NOW));
    }

    @Test
    void jsonUsesGalenesFieldNames() throws Exception {
        Invitation i = new Invitation(null, "bob", List.of("present", "message"), NOW, ISSUED, ISSUED, "admin", true);
        ObjectNode json = i.toJson();
        assertEquals("bob", json.get("username").asText());
        assertEquals("2026-11-22T08:00:00Z", json.get("expires").asText());
        assertEquals("2026-11-22T07:00:00Z", json.get("not-before").asText());
        assertEquals(true, json.get("includeSubgroups").asBoolean());
        Invitation back = Invitation.of("tok", (ObjectNode) new ObjectMapper().readTree(json.toString()));
        assertEquals(new Invitation("tok", "bob", List.of("present", "message"), NOW, ISSUED, ISSUED, "admin", true),
                back);
        assertFalse(new Invitation(null, null, List.of(), null, null, null, null, false).toJson().has("username"));
    }
}
