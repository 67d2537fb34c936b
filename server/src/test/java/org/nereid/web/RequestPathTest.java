package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @Test
    void rootHasNoSegmentsAndATrailingSlash() throws Exception {
        RequestPath p = RequestPath.parse("/");
        assertEquals(List.of(), p.segments());
        assertTrue(p.trailingSlash());
        assertEquals("/", p.path());
    }

    @Test
    void decodesSegmentsAndKeepsTheQuery() throws Exception {
        RequestPath p = RequestPath.parse("/group/teaching/caf%C3%A9/?x=1");
        assertEquals(List.of("group", "teaching", "café"), p.segments());
        assertTrue(p.trailingSlash());
        assertEquals("x=1", p.query());
        assertEquals("/group/teaching/café/", p.path());
        assertTrue(p.startsWith("group"));
        assertEquals("teaching/café", p.joinFrom(1));
    }

    @Test
    void withoutTrailingSlash() throws Exception {
        RequestPath p = RequestPath.parse("/group/a");
        assertFalse(p.trailingSlash());
        assertEquals("/group/a", p.path());
    }

    @Test
    void doubleEncodingStaysLiteral() throws Exception {
        RequestPath p = RequestPath.parse("/%252e%252e/data");
        assertEquals(List.of("%2e%2e", "data"), p.segments());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../data/config.json", "/group/../data/config.json", "/./index.html",
        "/%2e%2e/data/config.json", "/group/%2E%2E/data/config.json", "/%2e/x",
        "/group/..%2fdata%2fconfig.json", "/a%2Fb", "/a%5cb", "/a\\b", "/..\\data",
        "/a%00b", "/a%0ab", "/a%7fb", "//etc/passwd", "/a//b", "/a%", "/a%2", "/a%zz",
        "/a%c0%ae%c0%ae/b", "/a b", "relative", "", "/a#b", "/caf\u00e9",
    })
    void refusesTraversalAndMalformedPaths(String target) {
        assertThrows(RequestPath.BadPathException.class, () -> RequestPath.parse(target));
    }
}
