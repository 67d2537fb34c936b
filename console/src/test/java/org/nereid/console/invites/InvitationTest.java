package org.nereid.console.invites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import org.nereid.model.TokenKind;
import org.nereid.model.TokenState;

class InvitationTest {
    private static final Instant ISSUED = Instant.parse("2026-11-22T07:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    private static Invitation inv(Instant expires, Instant notBefore) {
        return new Invitation("t", null, List.of("present"), expires, notBefore, ISSUED, "admin", false);
    }

    @Test
    void statusFollowsTheDates() {
        assertEquals(TokenState.VALID, inv(NOW.plusSeconds(60), null).status(NOW));
        assertEquals(TokenState.EXPIRED, inv(NOW.minusSeconds(1), null).status(NOW));
        assertEquals(TokenState.NOT_YET_VALID, inv(NOW.plusSeconds(7200), NOW.plusSeconds(60)).status(NOW));
        assertEquals(TokenState.REVOKED,
                inv(Invitation.revokedExpiry(ISSUED, NOW), null).status(NOW));
        assertEquals(TokenState.EXPIRED, inv(null, null).status(NOW), "Galène's tokens without expiry admit nobody");
        assertEquals("not yet valid", Invitation.text(TokenState.NOT_YET_VALID));
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

    @Test
    void invitationKindsAndUseLimitsRoundTrip() throws Exception {
        Invitation i = new Invitation(null, null, List.of("present"), NOW, null, ISSUED, "admin", false,
                TokenKind.REGISTER, 5, 0, false);
        ObjectNode json = i.toJson();
        assertEquals("register", json.get("kind").asText());
        assertEquals(5, json.get("max-uses").asInt());
        assertFalse(json.has("uses"), "the server counts uses");
        assertFalse(inv(NOW, null).toJson().has("kind"), "a join invitation says no kind, as Galène writes it");

        ObjectNode listed = (ObjectNode) new ObjectMapper().readTree(json.toString());
        listed.put("uses", 5);
        Invitation back = Invitation.of("tok", listed);
        assertEquals(TokenKind.REGISTER, back.kind());
        assertEquals("5 of 5", back.usesText());
        assertEquals(TokenState.USED_UP, back.status(ISSUED));
        listed.put("revoked", true);
        assertEquals(TokenState.REVOKED, Invitation.of("tok", listed).status(ISSUED));
        assertEquals("", inv(NOW, null).usesText());
    }

    @Test
    void maxUsesIsAPositiveWholeNumberOrNothing() {
        assertEquals(null, MintDialog.maxUses(" "));
        assertEquals(3, MintDialog.maxUses("3"));
        assertThrows(IllegalArgumentException.class, () -> MintDialog.maxUses("0"));
        assertThrows(IllegalArgumentException.class, () -> MintDialog.maxUses("two"));
    }
}
