package org.nereid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nereid.fuzz.FuzzTarget;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;

/** data/config.json: refused with a sentence naming the file, or read; what is read writes back to the same. */
class ServerConfigFuzzTest {
    @FuzzTest(maxDuration = "2s")
    @DictionaryEntries({"\"users\"", "\"permissions\"", "\"password\"", "\"admin\"", "\"writableGroups\"",
            "\"allowOrigin\"", "\"allowAdminOrigin\"", "\"proxyURL\"", "\"canonicalHost\"", "\"publicServer\"",
            "\"type\"", "\"pbkdf2\"", "\"wildcard\"", "\"http://[::1\"", "\"https://\"", "null", "true"})
    void readsOrRefuses(byte[] input) {
        FuzzTarget.check(input, () -> {
            ServerConfig read = Json.parse(input, ServerConfig.class, "data/config.json");
            assertEquals(read, Json.parse(Json.write(read), ServerConfig.class, "written"));
        }, JsonFileException.class);
    }
}
