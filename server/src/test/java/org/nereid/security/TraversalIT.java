package org.nereid.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nereid.invite.InvitationFixture;

/**
 * Issue 18's path traversal over every route that maps a path to a file or a name (static
 * files, recordings, group pages, the admin API, invitations), with {@code ..} plain, percent-
 * encoded, double-encoded, with backslashes and NUL bytes, sent byte for byte as an attacker
 * would and with the administrator's credentials, so that only the path stands between the
 * request and the secrets: config.json's password and a file beside the server's directories.
 * Two honest members chat throughout.
 */
class TraversalIT {
    @RegisterExtension
    static final InvitationFixture f = new InvitationFixture();
    static HonestChat honest;
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("root:rootpw".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void secrets() throws Exception {
        honest = new HonestChat(f);
        Files.writeString(f.server().root.resolve("secret.txt"), "TOPSECRET");
        Files.createDirectories(f.server().root.resolve("recordings/city-watch"));
        Files.writeString(f.server().root.resolve("recordings/city-watch/a.webm"), "video");
    }

    @AfterEach
    void nothingLost() {
        honest.assertNothingLost();
    }

    private static final String[] DOTS = {"..", "%2e%2e", "%2E%2e", ".%2e", "%252e%252e", "..%2f..", "..%5c..",
            "..\\..", "%2e%2e%5c%2e%2e", "..;", "%c0%ae%c0%ae", "...."};
    private static final String[] TARGETS = {"data/config.json", "secret.txt", "data%2fconfig.json",
            "data\\config.json", "data/config.json%00.webm", "data/config.json\u0000"};
    private static final String[] ROUTES = {"/", "/static/", "/recordings/", "/recordings/city-watch/",
            "/group/", "/group/city-watch/", "/galene-api/v0/.groups/", "/galene-api/v0/.groups/city-watch/.users/",
            "/invitation/", "/public-groups.json/"};

    @Test
    void noPathLeavesItsRoot() throws Exception {
        int requests = 0;
        for (String route : ROUTES) {
            for (String dots : DOTS) {
                for (String target : TARGETS) {
                    for (String path : new String[] {route + dots + "/" + dots + "/" + target,
                            route + dots + "/" + dots + "/" + dots + "/" + target}) {
                        assertNoSecret(path);
                        requests++;
                    }
                }
            }
            honest.say();
        }
        assertTrue(requests > 1000);
    }

    @Test
    void namesWithNulAndControlCharactersAreRefused() throws Exception {
        for (String path : new String[] {"/group/city-watch%00/", "/group/city-watch%00.json/.status",
                "/galene-api/v0/.groups/city-watch%00", "/galene-api/v0/.groups/city-watch%00/.users/",
                "/recordings/city-watch%00/", "/recordings/city-watch/a.webm%00", "/invitation/%00",
                "/galene-api/v0/.groups/%2e%2e", "/galene-api/v0/.groups/.", "/galene-api/v0/.groups/%2f",
                "/group/%0d%0aSet-Cookie:%20x=y/", "/galene-api/v0/.groups/a%0d%0ab"}) {
            String response = assertNoSecret(path);
            assertFalse(response.contains("\r\nSet-Cookie"), path + ": a header was injected");
        }
    }

    /** Names that look like another, or hide characters, are refused by the admin API and by joins. */
    @Test
    void lookAlikeAndInvisibleNamesAreRefused() throws Exception {
        for (String name : new String[] {"city\u200bwatch", "city-watch\u202e", "\u202ecity-watch", "cafe\u0301",
                "city\u2060watch", "city-watch\ufeff"}) {
            String encoded = java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
            String put = f.server().raw("PUT /galene-api/v0/.groups/" + encoded + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + ADMIN + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}");
            assertTrue(put.startsWith("HTTP/1.1 400 "), name + ": " + put.lines().findFirst().orElse(""));
            assertTrue(f.client("look-alike").join(name, "vimes", "sybil").path("kind").asText().equals("fail"), name);
            honest.say();
        }
        try (var files = Files.list(f.server().groups)) {
            assertTrue(files.allMatch(p -> p.getFileName().toString().matches("[a-z-]+\\.json")), "a file was made");
        }
    }

    /** Sends {@code path} as is, with the administrator's credentials; returns the response. */
    private static String assertNoSecret(String path) throws Exception {
        String response = f.server().raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + ADMIN
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 "), path + ": " + response);
        int status = Integer.parseInt(response.substring(9, 12));
        assertTrue(status < 500, path + ": " + response.lines().findFirst().orElse(""));
        assertFalse(response.contains("rootpw") || response.contains("TOPSECRET"), path + " leaked a secret");
        assertFalse(response.contains(f.server().root.toString()), path + " named a server path");
        return response;
    }
}
