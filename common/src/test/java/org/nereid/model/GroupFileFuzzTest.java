package org.nereid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nereid.fuzz.FuzzTarget;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;

/** Group files: refused with a sentence naming the file, or read; what is read writes back to the same. */
class GroupFileFuzzTest {
    static {
        FuzzTarget.quiet(GroupFile.class);
    }

    @FuzzTest(maxDuration = "2s")
    @DictionaryEntries({"\"users\"", "\"permissions\"", "\"password\"", "\"type\"", "\"wildcard\"", "\"pbkdf2\"",
            "\"bcrypt\"", "\"op\"", "\"present\"", "\"admin\"", "\"authKeys\"", "\"kty\"", "\"alg\"", "\"expires\"",
            "\"not-before\"", "\"max-clients\"", "\"codecs\"", "\"presenter\"", "\"other\"", "\"fallback-users\"",
            "\"wildcard-user\"", "\"allow-subgroups\"", "\"2026-13-45T25:61:61Z\"", "null", "true", "1e999"})
    void readsOrRefuses(byte[] input) {
        FuzzTarget.check(input, () -> {
            GroupDescription read = Json.parse(input, GroupDescription.class, "groups/fuzz.json");
            assertEquals(read, Json.parse(Json.write(read), GroupDescription.class, "written"));
        }, JsonFileException.class);
    }
}
