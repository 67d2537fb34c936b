package org.nereid.whip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ETagsTest {
    @Test
    void matchesAsRfc7232AndGalene() {
        assertTrue(ETags.match("\"a\"", "\"a\""));
        assertTrue(ETags.match("\"a\"", "\"x\", \"a\""));
        assertTrue(ETags.match("\"a\"", "*"));
        assertFalse(ETags.match(null, "*"), "* names an existing resource only");
        assertFalse(ETags.match("\"a\"", "\"b\""));
        assertFalse(ETags.match("\"a\"", "a"), "an unquoted tag is no tag");
        assertFalse(ETags.match("\"a\"", ""));
        assertFalse(ETags.match("\"a\"", "\"unterminated"));
        assertFalse(ETags.match("\"a\"", "W/\"a\""), "a weak tag is another tag");
    }
}
