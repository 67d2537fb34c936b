package org.nereid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.nereid.fuzz.FuzzTarget;

/** A line of tokens.jsonl: refused with a sentence, or read; what is read writes back to the same. */
class StatefulTokenFuzzTest {
    @FuzzTest(maxDuration = "2s")
    @DictionaryEntries({"\"token\"", "\"group\"", "\"includeSubgroups\"", "\"username\"", "\"permissions\"",
            "\"expires\"", "\"not-before\"", "\"issuedAt\"", "\"issuedBy\"", "\"max-uses\"", "\"uses\"",
            "\"revoked\"", "\"kind\"", "\"2026-02-30T24:00:00Z\"", "+99:99", ".999999999999", "null", "true"})
    void readsOrRefuses(byte[] input) {
        FuzzTarget.check(input, () -> {
            StatefulToken read = StatefulToken.fromJson(new String(input, StandardCharsets.UTF_8));
            assertEquals(read, StatefulToken.fromJson(read.toJsonLine()));
        }, IllegalArgumentException.class);
    }
}
