package org.nereid.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.web.RequestPath;

class ApiPathAndPreconditionsTest {

    private static ApiPath parse(String path) throws Exception {
        return ApiPath.parse(RequestPath.parse(path));
    }

    @Test
    void theRootGroupsTokensAreUnderGroupsDotTokens() throws Exception {
        ApiPath list = parse("/galene-api/v0/.groups/.tokens/");
        assertEquals(ApiPath.Kind.TOKENS, list.kind());
        assertEquals("", list.group());
        assertEquals(java.util.List.of(), list.rest());
        ApiPath one = parse("/galene-api/v0/.groups/.tokens/abc");
        assertEquals("", one.group());
        assertEquals(java.util.List.of("abc"), one.rest());
        ApiPath sub = parse("/galene-api/v0/.groups/a/b/.tokens/abc");
        assertEquals("a/b", sub.group());
        assertEquals(null, parse("/galene-api/v0/.groups/.users/"));
    }

    @Test
    void pathsNameTheirResources() throws Exception {
        assertEquals(ApiPath.Kind.STATS, parse("/galene-api/v0/.stats").kind());
        assertEquals(ApiPath.Kind.GROUPS, parse("/galene-api/v0/.groups/").kind());
        assertEquals(ApiPath.Kind.GROUPS, parse("/galene-api/v0/.groups").kind());
        ApiPath group = parse("/galene-api/v0/.groups/teaching/networking/");
        assertEquals(ApiPath.Kind.GROUP, group.kind());
        assertEquals("teaching/networking", group.group());
        assertEquals(ApiPath.Kind.KEYS, parse("/galene-api/v0/.groups/g/.keys").kind());
        assertEquals(ApiPath.Kind.USERS, parse("/galene-api/v0/.groups/g/.users/").kind());
        ApiPath user = parse("/galene-api/v0/.groups/a/b/.users/bob");
        assertEquals(ApiPath.Kind.USER, user.kind());
        assertEquals("a/b", user.group());
        assertEquals("bob", user.user());
        assertEquals(ApiPath.Kind.PASSWORD, parse("/galene-api/v0/.groups/g/.users/bob/.password").kind());
        ApiPath empty = parse("/galene-api/v0/.groups/g/.empty-user");
        assertEquals(ApiPath.Kind.USER, empty.kind());
        assertEquals("", empty.user());
        assertEquals(ApiPath.Kind.WILDCARD_USER, parse("/galene-api/v0/.groups/g/.wildcard-user").kind());
        assertEquals(ApiPath.Kind.WILDCARD_PASSWORD, parse("/galene-api/v0/.groups/g/.wildcard-user/.password").kind());
        ApiPath tokens = parse("/galene-api/v0/.groups/g/.tokens/abc");
        assertEquals(ApiPath.Kind.TOKENS, tokens.kind());
        assertEquals(List.of("abc"), tokens.rest());
        assertNull(tokens.user());
        ApiPath userTokens = parse("/galene-api/v0/.groups/g/.users/bob/.tokens/");
        assertEquals(ApiPath.Kind.TOKENS, userTokens.kind());
        assertEquals("bob", userTokens.user());
        assertEquals(List.of(), userTokens.rest());
        assertTrue(userTokens.trailingSlash());
        ApiPath userToken = parse("/galene-api/v0/.groups/g/.users/bob/.tokens/abc");
        assertEquals("bob", userToken.user());
        assertEquals(List.of("abc"), userToken.rest());
    }

    @Test
    void oddPathsAreUnknownOrNothing() throws Exception {
        assertNull(parse("/galene-api/v1/.groups/"));
        assertNull(parse("/galene-api/v0/.stats/"));
        assertNull(parse("/galene-api/v0/.other"));
        assertNull(parse("/galene-api/v0/.groups/.users/"));
        assertEquals(ApiPath.Kind.UNKNOWN, parse("/galene-api/v0/.groups/g/.users").kind());
        assertEquals(ApiPath.Kind.UNKNOWN, parse("/galene-api/v0/.groups/g/.users/bob/").kind());
        assertEquals(ApiPath.Kind.UNKNOWN, parse("/galene-api/v0/.groups/g/.keys/x").kind());
        assertEquals(ApiPath.Kind.UNKNOWN, parse("/galene-api/v0/.groups/g/.users/bob/.other").kind());
        assertEquals(ApiPath.Kind.UNKNOWN, parse("/galene-api/v0/.groups/g/.nothing").kind());
    }

    @Test
    void preconditionsAsGaleneEvaluatesThem() {
        String tag = "\"12-34\"";
        assertNull(Preconditions.check("PUT", null, null, tag));
        assertNull(Preconditions.check("PUT", null, "*", ""));
        assertEquals(HttpResponseStatus.PRECONDITION_FAILED, Preconditions.check("PUT", null, "*", tag));
        assertEquals(HttpResponseStatus.NOT_MODIFIED, Preconditions.check("GET", null, tag, tag));
        assertEquals(HttpResponseStatus.NOT_MODIFIED, Preconditions.check("HEAD", null, "\"x\", W/" + tag, tag));
        assertNull(Preconditions.check("GET", null, "\"x\"", tag));
        assertNull(Preconditions.check("PUT", tag, null, tag));
        assertNull(Preconditions.check("PUT", "\"a\", " + tag, null, tag));
        assertNull(Preconditions.check("DELETE", "*", null, tag));
        assertEquals(HttpResponseStatus.PRECONDITION_FAILED, Preconditions.check("PUT", "*", null, ""));
        assertEquals(HttpResponseStatus.PRECONDITION_FAILED, Preconditions.check("PUT", "\"old\"", null, tag));
        assertEquals(HttpResponseStatus.PRECONDITION_FAILED, Preconditions.check("PUT", tag, null, ""));
    }
}
