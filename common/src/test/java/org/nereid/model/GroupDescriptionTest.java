package org.nereid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;

class GroupDescriptionTest {

    /** Galène's own test description (group/description_test.go). */
    static final String GALENE_TEST = """
            {
                "max-history-age": 10,
                "auto-subgroups": true,
                "users": {
                    "jch": {"password": "topsecret", "permissions": "op"},
                    "john": {"password": "secret", "permissions": "present"},
                    "james": {"password": "secret2", "permissions": "message"},
                    "peter": {"password": "secret4"}
                },
                "wildcard-user":
                    {"permissions": "message", "password": {"type":"wildcard"}}
            }""";

    /** The same group in the format before Galène 0.9. */
    static final String GALENE_OBSOLETE = """
            {
               "op": [{"username": "jch","password": "topsecret"}],
               "max-history-age": 10,
               "allow-subgroups": true,
               "presenter": [
                   {"username": "john", "password": "secret"}
               ],
               "other": [
                   {"username": "james", "password": "secret2"},
                   {"username": "peter", "password": "secret4"},
                   {}
               ]
            }""";

    static GroupDescription parse(String json) throws JsonFileException {
        return Json.parse(json, GroupDescription.class, "groups/test.json");
    }

    static GroupDescription roundTrip(GroupDescription d) throws JsonFileException {
        return parse(Json.write(d));
    }

    @Test
    void readsGaleneTestDescription() throws Exception {
        GroupDescription d = parse(GALENE_TEST);
        assertEquals(10, d.maxHistoryAge());
        assertEquals(Duration.ofSeconds(10), d.historyAge());
        assertTrue(d.autoSubgroups());
        assertEquals(List.of("james", "jch", "john", "peter"), List.copyOf(d.users().keySet()));
        assertEquals(Password.plain("topsecret"), d.users().get("jch").password());
        assertEquals(Permissions.named("op"), d.users().get("jch").permissions());
        assertNull(d.users().get("peter").permissions());
        assertEquals(Password.wildcard(), d.wildcardUser().password());
        assertEquals(d, roundTrip(d));
    }

    @Test
    void upgradesObsoleteFormatLikeGalene() throws Exception {
        GroupDescription modern = parse(GALENE_TEST);
        GroupDescription old = parse(GALENE_OBSOLETE);
        assertTrue(old.autoSubgroups());
        assertEquals(modern.users().keySet(), old.users().keySet());
        for (String name : List.of("jch", "john", "james")) {
            assertEquals(modern.users().get(name).password(), old.users().get(name).password());
            assertEquals(modern.users().get(name).permissionsIn(modern), old.users().get(name).permissionsIn(old));
        }
        // the empty pattern in "other" is the wildcard user, with any password
        assertEquals(modern.wildcardUser(), old.wildcardUser());
        // written back in the modern form
        String written = Json.write(old);
        assertFalse(written.contains("\"op\":"));
        assertFalse(written.contains("allow-subgroups"));
        assertTrue(written.contains("\"auto-subgroups\":true"));
    }

    @Test
    void legacyDuplicatesAreIgnoredAsGaleneDoes() throws Exception {
        GroupDescription d = parse("""
                {"op": [{"username": "a", "password": "1"}, {}],
                 "other": [{"username": "a", "password": "2"}, {"password": "x"}]}""");
        assertEquals(Password.plain("1"), d.users().get("a").password());
        assertEquals(Permissions.named("op"), d.users().get("a").permissions());
        assertEquals(new UserDescription(Password.wildcard(), Permissions.named("op")), d.wildcardUser());
    }

    @Test
    void fallbackUsersBecomeTheWildcardUser() throws Exception {
        GroupDescription d = parse("""
                {"fallback-users": [{"password": {"type": "wildcard"}, "permissions": "present"}]}""");
        assertEquals(new UserDescription(Password.wildcard(), Permissions.named("present")), d.wildcardUser());
        assertEquals("{\"wildcard-user\":{\"password\":{\"type\":\"wildcard\"},\"permissions\":\"present\"}}",
                Json.write(d));
    }

    @Test
    void allowAnonymousIsKeptWithoutWarning() throws Exception {
        String json = "{\"allow-anonymous\": true, \"public\": true}";
        GroupDescription d = parse(json);
        assertTrue(d.allowAnonymous());
        assertEquals("{\"public\":true,\"allow-anonymous\":true}", Json.write(d));
        assertTrue(d.toBuilder().build().allowAnonymous(), "toBuilder keeps it");
        assertFalse(d.toBuilder().allowAnonymous(false).build().allowAnonymous());
        assertTrue(d.withoutSecrets().allowAnonymous(), "not a secret: the admin API shows it");
        assertFalse(parse("{\"public\": true}").allowAnonymous());
        List<String> warnings = new ArrayList<>();
        Json.parse(json, GroupFile.class, "groups/test.json").upgrade(warnings::add);
        assertEquals(List.of(), warnings);
    }

    @Test
    void emptyFileIsEmptyObject() throws Exception {
        assertEquals(GroupDescription.EMPTY, parse("{}"));
        assertEquals("{}", Json.write(GroupDescription.EMPTY));
        assertEquals(GroupDescription.EMPTY, parse("{\"users\": {}, \"codecs\": [], \"displayName\": \"\"}"));
    }

    @Test
    void everyFieldRoundTripsInGalenesOrder() throws Exception {
        String full = "{\"displayName\":\"City Watch\",\"description\":\"The Watch\",\"contact\":\"vimes@example.org\","
                + "\"comment\":\"c\",\"public\":true,\"redirect\":\"https://example.org/\",\"max-clients\":20,"
                + "\"max-history-age\":3600,\"expires\":\"2026-12-31T23:59:59.5+01:00\","
                + "\"not-before\":\"2026-01-01T00:00:00Z\",\"allow-recording\":true,\"allow-anonymous\":true,"
                + "\"unrestricted-tokens\":true,"
                + "\"auto-subgroups\":true,\"autolock\":true,\"autokick\":true,"
                + "\"users\":{\"carrot\":{\"password\":{\"type\":\"bcrypt\",\"key\":\"$2a$10$abc\"},"
                + "\"permissions\":[\"present\",\"message\"]},"
                + "\"vimes\":{\"password\":{\"type\":\"pbkdf2\",\"hash\":\"sha-256\","
                + "\"key\":\"f591c35604e6aef572851d9c3543c812566b032b6dc083c81edd15cc24449913\","
                + "\"salt\":\"92bff2ace56fe38f\",\"iterations\":4096},\"permissions\":\"op\"}},"
                + "\"wildcard-user\":{\"password\":{\"type\":\"wildcard\"},\"permissions\":[]},"
                + "\"authKeys\":[{\"alg\":\"HS256\",\"k\":\"MYz3IfCq4Yq-UmPdNqWEOdPl4C_m9imHHs9uveDUJGQ\",\"kty\":\"oct\"}],"
                + "\"authServer\":\"https://auth.example.org\",\"authPortal\":\"https://portal.example.org\","
                + "\"codecs\":[\"vp8\",\"opus\"]}";
        GroupDescription d = parse(full);
        assertEquals(full, Json.write(d));
        assertEquals(OffsetDateTime.of(2026, 12, 31, 23, 59, 59, 500_000_000, ZoneOffset.ofHours(1)), d.expires());
        assertEquals(d, roundTrip(d));
    }

    @Test
    void manualExamplesReadUnchanged() throws Exception {
        GroupDescription keys = parse("""
                {
                "authKeys": [{
                "kty": "oct",
                "alg": "HS256",
                "k": "MYz3IfCq4Yq-UmPdNqWEOdPl4C_m9imHHs9uveDUJGQ"
                }, {
                "kty": "EC",
                "alg": "ES256",
                "crv": "P-256",
                "x": "dElK9qBNyCpRXdvJsn4GdjrFzScSzpkz_I0JhKbYC88",
                "y": "pBhVb37haKvwEoleoW3qxnT4y5bK35_RTP7_RmFKR6Q"
                }],
                "authServer": "https://auth.example.org"
                }""");
        assertEquals(2, keys.authKeys().size());
        assertEquals("ES256", keys.authKeys().get(1).get("alg"));
        assertEquals(keys, roundTrip(keys));

        GroupDescription redirect = parse("{\"redirect\": \"https://galene.example.org:8443/group/city-watch/\"}");
        assertEquals("https://galene.example.org:8443/group/city-watch/", redirect.redirect());

        GroupDescription open = parse("""
                {
                    "users":{
                        "jch": {"password":"1234", "permissions": "op"}
                    },
                    "wildcard-user":
                        {"password": {"type": "wildcard"}, "permissions": "present"},
                    "public": true
                }""");
        assertEquals(open, roundTrip(open));
        assertTrue(open.isPublic());
    }

    @Test
    void timesKeepTheirOffsetAndGoLayout() throws Exception {
        GroupDescription d = parse("{\"expires\": \"2026-06-01T08:00:00.120+02:00\", "
                + "\"not-before\": \"2026-05-01T10:00:00Z\"}");
        assertEquals("{\"expires\":\"2026-06-01T08:00:00.12+02:00\",\"not-before\":\"2026-05-01T10:00:00Z\"}",
                Json.write(d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-06-01", "2026-06-01T08:00:00", "2026-06-01T08:00+02:00", "tomorrow"})
    void timesMustBeRfc3339(String time) {
        JsonFileException e = org.junit.jupiter.api.Assertions.assertThrows(JsonFileException.class,
                () -> parse("{\n\"expires\": \"" + time + "\"}"));
        assertTrue(e.getMessage().contains("RFC 3339"), e.getMessage());
        assertTrue(e.getMessage().contains("groups/test.json line 2"), e.getMessage());
    }

    @Test
    void fieldNamesMatchRegardlessOfCaseAsInGo() throws Exception {
        GroupDescription d = parse("{\"DisplayName\": \"X\", \"Max-Clients\": 3}");
        assertEquals("X", d.displayName());
        assertEquals(3, d.maxClients());
    }

    @Test
    void secretsAreSeparable() throws Exception {
        GroupDescription d = parse(GALENE_TEST).withAuthKeys(List.of(Map.of("kty", "oct")));
        assertTrue(d.hasSecrets());
        GroupDescription pub = d.withoutSecrets();
        assertFalse(pub.hasSecrets());
        assertEquals(10, pub.maxHistoryAge());
        GroupDescription edited = pub.toBuilder().displayName("New").build().withSecretsOf(d);
        assertEquals(d.users(), edited.users());
        assertEquals(d.wildcardUser(), edited.wildcardUser());
        assertEquals(d.authKeys(), edited.authKeys());
        assertEquals("New", edited.displayName());
    }

    @Test
    void subgroupsAreNeverPublic() {
        GroupDescription d = GroupDescription.builder().isPublic(true).description("d").displayName("n").build();
        GroupDescription sub = d.asSubgroup();
        assertFalse(sub.isPublic());
        assertEquals("", sub.description());
        assertEquals("n", sub.displayName());
    }

    @Test
    void defaultHistoryAgeIsFourHours() {
        assertEquals(Duration.ofHours(4), GroupDescription.EMPTY.historyAge());
    }
}
