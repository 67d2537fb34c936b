package org.nereid.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.group.MutableClock;

/** data/ice-servers.json as Galène reads it, turned into what each client gets. */
class RtcConfigurationTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));

    @Test
    void withoutAFileClientsGetNoServers() {
        JsonNode c = new RtcConfiguration(dir.resolve("ice-servers.json"), null, false, clock).get();
        assertEquals("{\"iceServers\":[]}", c.toString());
    }

    @Test
    void staticAndHmacEntriesAsGaleneGivesThem() throws Exception {
        Path file = dir.resolve("ice-servers.json");
        Files.writeString(file, """
                [
                  {"urls": ["stun:stun.example.org"]},
                  {"urls": ["turn:turn.example.org:443", "turn:turn.example.org:443?transport=tcp"],
                   "username": "club", "credential": "s3cret"},
                  {"urls": "turn:hmac.example.org", "username": "galene",
                   "credential": "north-wind", "credentialType": "hmac-sha1", "comment": "ignored, as in Galène"},
                  {"urls": ["turn:x.example.org"], "credential": 12, "credentialType": "hmac-sha1"},
                  {"urls": ["turn:y.example.org"], "credentialType": "kerberos"}
                ]
                """);
        JsonNode servers = new RtcConfiguration(file, null, true, clock).get().get("iceServers");
        assertEquals(3, servers.size(), "the two broken entries are skipped: " + servers);
        assertEquals("{\"urls\":[\"stun:stun.example.org\"]}", servers.get(0).toString());
        assertEquals("club", servers.get(1).get("username").asText());
        assertEquals("s3cret", servers.get(1).get("credential").asText());
        JsonNode hmac = servers.get(2);
        String username = (clock.instant().getEpochSecond() + 86400) + ":galene";
        assertEquals(username, hmac.get("username").asText());
        assertEquals(TimeLimitedCredential.password("north-wind".getBytes(StandardCharsets.UTF_8), username),
                hmac.get("credential").asText());
        assertEquals("turn:hmac.example.org", hmac.get("urls").get(0).asText());
        assertFalse(hmac.has("credentialType"), "the browser gets a plain password");
    }

    @Test
    void relayOnlyAndTheFileReadAgainWhenItChanges() throws Exception {
        Path file = dir.resolve("ice-servers.json");
        Files.writeString(file, "[{\"urls\": [\"stun:one.example.org\"]}]");
        RtcConfiguration rtc = new RtcConfiguration(file, null, true, clock);
        assertEquals("relay", rtc.get().get("iceTransportPolicy").asText());
        assertEquals(1, rtc.get().get("iceServers").size());

        Files.writeString(file, "[{\"urls\": [\"stun:one.example.org\"]}, {\"urls\": [\"stun:two.example.org\"]}]");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(2, rtc.get().get("iceServers").size());

        Files.writeString(file, "[{\"urls\": ");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertEquals(0, rtc.get().get("iceServers").size(), "a broken file gives none, and is logged");
        Files.delete(file);
        assertEquals(0, rtc.get().get("iceServers").size());
        assertFalse(new RtcConfiguration(file, null, false, clock).get().has("iceTransportPolicy"));
    }
}
