package org.nereid.web.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.nereid.fuzz.FuzzTarget;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;
import org.nereid.model.GroupDescription;
import org.nereid.model.Password;
import org.nereid.model.StatefulToken;
import org.nereid.model.UserDescription;
import org.nereid.web.RequestPath;

/**
 * Admin API requests: the request target taken apart (decoded once, traversal refused), the
 * API path read from it, and the body read as each kind of resource the API accepts (a group,
 * a user, a password, a token), as the handlers read them. The first line of a case is the
 * target, the rest the body.
 */
class AdminRequestFuzzTest {
    @FuzzTest(maxDuration = "2s")
    @DictionaryEntries({"/galene-api/v0/", ".groups/", ".users/", ".password", ".keys", ".tokens/", ".stats",
            ".empty-user", ".wildcard-user", ".recordings/", "%2e%2e", "%2F", "%00", "..", "//", "?", "#",
            "\"users\"", "\"permissions\"", "\"password\"", "\"type\"", "\"pbkdf2\"", "\"token\"", "\"expires\""})
    void readsOrRefuses(byte[] input) {
        FuzzTarget.check(input, () -> {
            String text = new String(input, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            String target = newline < 0 ? text : text.substring(0, newline);
            String body = newline < 0 ? "" : text.substring(newline + 1);
            path(target);
            body(body);
        });
    }

    private static void path(String target) {
        RequestPath path;
        try {
            path = RequestPath.parse(target);
        } catch (RequestPath.BadPathException e) {
            assertNotNull(e.getMessage());
            return;
        }
        for (String segment : path.segments()) {
            assertTrue(!segment.equals("..") && !segment.equals(".") && segment.indexOf('/') < 0,
                    "segment " + segment + " of " + target);
        }
        ApiPath api = ApiPath.parse(path);
        if (api != null && api.group() != null) {
            assertTrue(!api.group().startsWith("/") && !api.group().contains("//"), "group " + api.group());
        }
    }

    private static void body(String body) {
        for (Class<?> type : new Class<?>[] {GroupDescription.class, UserDescription.class, Password.class}) {
            try {
                Json.parse(body, type, "request body");
            } catch (JsonFileException e) {
                assertNotNull(e.getMessage());
            }
        }
        try {
            StatefulToken.fromJson(Json.mapper().readTree(body));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            assertNotNull(e.getMessage());
        }
    }
}
