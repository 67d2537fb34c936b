package org.nereid.console.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {
    @TempDir
    Path dir;

    @Test
    void profilesAndSecretsAreKeptApart() throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("console"));
        ServerProfile p = new ServerProfile("Office", "https://meet.example.org:8443/", "admin", false,
                "AB:CD", false);
        store.save(List.of(p));
        store.remember("Office", "s3cret");
        assertEquals(List.of(p), new ProfileStore(dir.resolve("console")).load());
        assertEquals("s3cret", store.secret("Office"));
        assertFalse(Files.readString(dir.resolve("console/profiles.json")).contains("s3cret"));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("console/secrets.json"))));
        store.remember("Office", null);
        assertNull(store.secret("Office"));
        try (var files = Files.list(dir.resolve("console"))) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void badProfilesAreRefusedWithAReason() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ServerProfile("x", "meet.example.org", "admin", false, null, false));
        assertTrue(e.getMessage().contains("https://"));
        assertThrows(IllegalArgumentException.class, () -> new ServerProfile(" ", "https://a/", "u", false, null, false));
    }

    @Test
    void aProfileConnectsWithItsKindOfCredentials() {
        var basic = new ServerProfile("a", "https://h:8443/", "admin", false, null, false).connect("pw");
        assertEquals("admin", basic.username());
        assertEquals("https://h:8443/", basic.serverUrl().toString());
        var bearer = new ServerProfile("b", "https://h:8443/", "admin", true, "00".repeat(32), false).connect("tok");
        assertEquals(null, bearer.username());
    }

    @Test
    void firstRunSetupWritesAHashedAdminPassword() throws Exception {
        Path data = dir.resolve("data");
        assertFalse(FirstRunSetup.isDone(data));
        String pw = FirstRunSetup.run(data);
        assertTrue(FirstRunSetup.isDone(data));
        String config = Files.readString(data.resolve("config.json"));
        assertFalse(config.contains(pw), "password not in clear");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(config);
        assertEquals("admin", json.at("/users/admin/permissions").asText());
        assertTrue(json.get("writableGroups").asBoolean());
        var parsed = org.nereid.json.Json.readStrict(data.resolve("config.json"), org.nereid.model.ServerConfig.class);
        assertTrue(org.nereid.password.Passwords.matches(parsed.users().get("admin").password(), pw));
        assertFalse(org.nereid.password.Passwords.matches(parsed.users().get("admin").password(), pw + "x"));
    }
}
