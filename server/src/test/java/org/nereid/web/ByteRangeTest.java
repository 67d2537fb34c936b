package org.nereid.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteRangeTest {

    @Test
    void theThreeFormsOfOneRange() throws Exception {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=900-", 1000));
        assertEquals(new ByteRange(990, 999), ByteRange.parse("bytes=-10", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000), "a suffix longer than the file");
        assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-5000", 1000), "an end past the file");
        assertEquals(100, new ByteRange(0, 99).length());
    }

    @Test
    void whatCannotBeSatisfiedIs416() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=2000-3000", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-10", 0));
    }

    @Test
    void anythingElseMeansTheWholeFile() throws Exception {
        assertNull(ByteRange.parse(null, 1000));
        assertNull(ByteRange.parse("items=0-1", 1000));
        assertNull(ByteRange.parse("bytes=0-1,5-6", 1000), "several ranges");
        assertNull(ByteRange.parse("bytes=5-1", 1000));
        assertNull(ByteRange.parse("bytes=a-b", 1000));
        assertNull(ByteRange.parse("bytes=7", 1000));
    }
}
