package org.nereid.console.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class GroupFormTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void roundTripKeepsFieldsTheFormDoesNotKnow() throws Exception {
        ObjectNode in = (ObjectNode) JSON.readTree("""
                {"displayName":"Staff","public":true,"max-clients":10,"max-history-age":5400,
                 "expires":"2026-12-31T23:00:00Z","codecs":["vp8","opus"],
                 "allow-anonymous":true,"op":[{"username":"old"}],"allow-user-invites":true}""");
        GroupForm f = GroupForm.of("staff", in, UTC);
        assertEquals("1h30m", f.maxHistoryAge.get());
        assertEquals("2026-12-31 23:00", f.expires.get());
        assertTrue(f.allowUserInvites.get());
        assertTrue(f.validate().isEmpty(), f.validate().toString());
        f.displayName.set("Staff room");
        f.isPublic.set(false);
        f.autolock.set(true);
        ObjectNode out = f.toJson();
        assertEquals("Staff room", out.get("displayName").asText());
        assertFalse(out.has("public"));
        assertTrue(out.get("autolock").asBoolean());
        assertEquals(5400, out.get("max-history-age").asInt());
        assertEquals("2026-12-31T23:00:00Z", out.get("expires").asText());
        assertTrue(out.get("allow-anonymous").asBoolean(), "obsolete field kept");
        assertEquals("old", out.get("op").get(0).get("username").asText());
        assertTrue(out.get("allow-user-invites").asBoolean());
        f.allowUserInvites.set(false);
        assertFalse(f.toJson().has("allow-user-invites"), "false leaves the field out, as Galène cannot read it");
    }

    @Test
    void validationExplainsEachProblem() {
        GroupForm f = GroupForm.blank(UTC);
        f.name.set("../etc");
        f.maxClients.set("many");
        f.maxHistoryAge.set("forever");
        f.notBefore.set("2026-12-02");
        f.expires.set("2026-12-01");
        f.redirect.set("ftp://x");
        f.authKeys.set("{\"keys\": 3}");
        var problems = f.validate();
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("expires before it opens")));
    }

    @Test
    void subgroupNamesAreAllowed() {
        GroupForm f = GroupForm.blank(UTC);
        f.name.set("school/class-1");
        assertTrue(f.validate().isEmpty(), f.validate().toString());
    }

    @Test
    void clientCountsComeFromStats() throws Exception {
        var stats = JSON.readTree("""
                [{"name":"a","clients":[{"id":"1"},{"id":"2"}]},{"name":"c"}]""");
        var rows = GroupsModel.rows(java.util.List.of("c", "b", "a"), stats);
        assertEquals(java.util.List.of(new GroupRow("a", 2), new GroupRow("b", 0), new GroupRow("c", 0)), rows);
    }
}
