package org.nereid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;

class UserDescriptionTest {

    /** Galène's TestMarshalUserDescription: each reads and writes back byte for byte. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"permissions\":\"present\"}",
        "{\"password\":\"secret\"}",
        "{\"password\":\"secret\",\"permissions\":\"present\"}",
        "{\"password\":\"secret\",\"permissions\":[\"present\"]}",
        "{\"password\":{\"type\":\"wildcard\"},\"permissions\":\"observe\"}",
        "{\"password\":{\"type\":\"wildcard\"},\"permissions\":[]}",
    })
    void writesBackAsGaleneDoes(String json) throws Exception {
        UserDescription u = Json.parse(json, UserDescription.class, "test");
        assertEquals(json, Json.write(u));
    }

    @Test
    void emptyPasswordObjectIsKept() throws Exception {
        UserDescription u = Json.parse("{\"password\":{}}", UserDescription.class, "test");
        assertEquals(new Password(null, null, null, null, 0), u.password());
        assertEquals("{\"password\":{}}", Json.write(u));
    }

    @Test
    void plainPasswordWithEmptyKeyStaysAString() throws Exception {
        assertEquals("\"\"", Json.write(Password.plain("")));
        assertEquals("{\"type\":\"pbkdf2\",\"key\":\"\"}", Json.write(new Password("pbkdf2", null, "", null, 0)));
    }

    @Test
    void unknownPermissionSetIsRefused() {
        JsonFileException e = assertThrows(JsonFileException.class, () -> Json.parse(
                "{\"users\": {\"a\": {\n\"permissions\": \"superuser\"}}}", GroupDescription.class, "groups/g.json"));
        assertTrue(e.getMessage().contains("unknown permission set \"superuser\""), e.getMessage());
        assertTrue(e.getMessage().contains("groups/g.json line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Permissions.named("root"));
    }

    @Test
    void permissionsExpandAsGaleneDoes() {
        assertEquals(List.of("op", "present", "message", "caption", "token"),
                Permissions.named("op").expand(false, false));
        assertEquals(List.of("record", "op", "present", "message", "caption", "token"),
                Permissions.named("op").expand(true, true));
        assertEquals(List.of("present", "message"), Permissions.named("present").expand(true, false));
        assertEquals(List.of("token", "present", "message"), Permissions.named("present").expand(false, true));
        assertEquals(List.of(), Permissions.named("observe").expand(true, true));
        assertEquals(List.of("message"), Permissions.named("message").expand(true, true));
        assertEquals(List.of("caption"), Permissions.named("caption").expand(true, true));
        assertEquals(List.of("admin"), Permissions.named("admin").expand(true, true));
        assertEquals(List.of("present", "whatever"), Permissions.of(List.of("present", "whatever")).expand(true, true));
        GroupDescription g = GroupDescription.builder().allowRecording(true).build();
        assertEquals("record", new UserDescription(null, Permissions.named("op")).permissionsIn(g).get(0));
        assertEquals(List.of(), UserDescription.EMPTY.permissionsIn(g));
    }

    @Test
    void passwordsNeverShowTheirKey() {
        assertTrue(!Password.plain("hunter2").toString().contains("hunter2"));
    }
}
