package org.nereid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.nereid.fuzz.FuzzTarget;
import org.nereid.model.StatefulToken;

/**
 * data/var/tokens.jsonl as a whole: whatever a line holds, the file is read, each bad line
 * set aside with a reason and a line number in the file, and every token read writes back to
 * a line that reads as the same token.
 */
class TokenFileFuzzTest {
    private static final TokenFile FILE = new TokenFile(Path.of("tokens.jsonl"));

    static {
        FuzzTarget.quiet(TokenFile.class);
    }

    @FuzzTest(maxDuration = "2s")
    @DictionaryEntries({"\\x0A", "{", "}", "\"token\"", "\"group\"", "\"expires\"", "\"permissions\"", "\\xEF\\xBB\\xBF"})
    void readsEveryLine(byte[] input) {
        FuzzTarget.check(input, () -> {
            String text = new String(input, StandardCharsets.UTF_8);
            TokenFile.Content content = FILE.parse(text);
            int lines = text.split("\n", -1).length;
            for (TokenFile.Rejected r : content.rejected()) {
                assertTrue(r.lineNumber() >= 1 && r.lineNumber() <= lines, "line " + r.lineNumber() + " of " + lines);
                assertTrue(!r.reason().isBlank(), "a reason");
            }
            for (StatefulToken t : content.tokens().values()) {
                assertEquals(t, StatefulToken.fromJson(t.toJsonLine()));
            }
        });
    }
}
