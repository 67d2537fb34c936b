package org.nereid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.json.Json;

class ServerConfigTest {

    @Test
    void readsTheManualsExample() throws Exception {
        ServerConfig c = Json.parse("""
                {
                "users":{"vetinari": {"password":"lagniappe", "permissions": "admin"}},
                "canonicalHost": "galene.example.org",
                "writableGroups": true
                }""", ServerConfig.class, "data/config.json");
        assertEquals("galene.example.org", c.canonicalHost());
        assertTrue(c.writableGroups());
        assertEquals(List.of("admin"), c.users().get("vetinari").permissionsIn(null));
        assertEquals(c, Json.parse(Json.write(c), ServerConfig.class, "again"));
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        String full = "{\"canonicalHost\":\"h.example.org\",\"allowOrigin\":[\"https://a.example.org\"],"
                + "\"allowAdminOrigin\":[\"https://b.example.org\"],\"proxyURL\":\"https://h.example.org/galene/\","
                + "\"writableGroups\":true,\"users\":{\"root\":{\"password\":{\"type\":\"bcrypt\","
                + "\"key\":\"$2a$10$bTWW\"},\"permissions\":\"admin\"}}}";
        assertEquals(full, Json.write(Json.parse(full, ServerConfig.class, "c")));
        assertEquals("{}", Json.write(ServerConfig.EMPTY));
    }

    @Test
    void obsoleteFieldsAreIgnored() throws Exception {
        ServerConfig c = Json.parse("{\"admin\": [{\"username\": \"root\", \"password\": \"x\"}],"
                + " \"publicServer\": true}", ServerConfig.class, "c");
        assertEquals(ServerConfig.EMPTY, c);
    }
}
