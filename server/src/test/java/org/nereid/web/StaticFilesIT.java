package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nereid.testing.RunningServer;

/** The static root (the jar's pages) over real HTTP: types, validators, HEAD, 304, byte ranges, refusals. */
class StaticFilesIT {
    @TempDir
    static Path dir;
    static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start(dir);
        // a secret next to the groups: no request may ever reach it
        Files.writeString(server.data.resolve("config.json"), "{\"users\":{\"admin\":{\"password\":\"secret\"}}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void landingPageIsHtmlWithValidatorsAndPolicy() throws Exception {
        HttpResponse<String> r = server.get("/");
        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertTrue(r.body().contains("Public groups"));
        assertTrue(r.headers().firstValue("etag").isPresent());
        assertTrue(r.headers().firstValue("last-modified").isPresent());
        assertEquals("max-age=1800", r.headers().firstValue("cache-control").orElseThrow());
        assertTrue(r.headers().firstValue("content-security-policy").orElseThrow().contains("default-src 'self'"));
        assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElseThrow());
    }

    @Test
    void contentTypesFollowExtensions() throws Exception {
        assertEquals("text/css; charset=utf-8", server.get("/landing.css").headers().firstValue("content-type").orElseThrow());
        assertEquals("text/javascript; charset=utf-8", server.get("/landing.js").headers().firstValue("content-type").orElseThrow());
        assertEquals("text/html; charset=utf-8", server.get("/index.html").headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void conditionalRequestsAnswer304() throws Exception {
        HttpResponse<String> first = server.get("/landing.js");
        String etag = first.headers().firstValue("etag").orElseThrow();
        HttpResponse<String> byTag = server.send(HttpRequest.newBuilder(server.uri("/landing.js")).header("If-None-Match", etag));
        assertEquals(304, byTag.statusCode());
        assertEquals("", byTag.body());
        assertEquals(etag, byTag.headers().firstValue("etag").orElseThrow());
        HttpResponse<String> byDate = server.send(HttpRequest.newBuilder(server.uri("/landing.js"))
                .header("If-Modified-Since", first.headers().firstValue("last-modified").orElseThrow()));
        assertEquals(304, byDate.statusCode());
        HttpResponse<String> otherTag = server.send(HttpRequest.newBuilder(server.uri("/landing.js")).header("If-None-Match", "\"other\""));
        assertEquals(200, otherTag.statusCode());
        assertEquals(first.body(), otherTag.body());
    }

    @Test
    void headHasHeadersButNoBody() throws Exception {
        HttpResponse<String> get = server.get("/landing.css");
        HttpResponse<String> head = server.send(HttpRequest.newBuilder(server.uri("/landing.css"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                head.headers().firstValue("content-length").orElseThrow());
    }

    @Test
    void oneRangeIsServedAs206WithExactlyThoseBytes() throws Exception {
        byte[] whole = wholeOf("/landing.js");
        int len = whole.length;
        assertTrue(len > 100, "landing.js is big enough to cut");
        HttpResponse<byte[]> part = range("GET", "/landing.js", "bytes=10-49");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 10-49/" + len, part.headers().firstValue("content-range").orElseThrow());
        assertEquals("40", part.headers().firstValue("content-length").orElseThrow());
        assertEquals("text/javascript; charset=utf-8", part.headers().firstValue("content-type").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(whole, 10, 50), part.body());

        HttpResponse<byte[]> suffix = range("GET", "/landing.js", "bytes=-10");
        assertEquals(206, suffix.statusCode());
        assertEquals("bytes " + (len - 10) + "-" + (len - 1) + "/" + len, suffix.headers().firstValue("content-range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(whole, len - 10, len), suffix.body());

        HttpResponse<byte[]> open = range("GET", "/landing.js", "bytes=5-");
        assertEquals(206, open.statusCode());
        assertEquals("bytes 5-" + (len - 1) + "/" + len, open.headers().firstValue("content-range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(whole, 5, len), open.body());
    }

    @Test
    void aRangePastTheEndIs416WithTheLength() throws Exception {
        int len = wholeOf("/landing.js").length;
        HttpResponse<byte[]> r = range("GET", "/landing.js", "bytes=" + len + "-");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */" + len, r.headers().firstValue("content-range").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=abc", "bytes=5", "items=0-9", "bytes=9-3", "bytes=0-1,5-6", "0-9"})
    void malformedOrMultipleRangesGetTheWholeFile(String header) throws Exception {
        byte[] whole = wholeOf("/landing.js");
        HttpResponse<byte[]> r = range("GET", "/landing.js", header);
        assertEquals(200, r.statusCode(), header);
        assertFalse(r.headers().firstValue("content-range").isPresent());
        assertArrayEquals(whole, r.body());
    }

    @Test
    void headWithRangeHasThePartialHeadersButNoBody() throws Exception {
        int len = wholeOf("/landing.css").length;
        HttpResponse<byte[]> r = range("HEAD", "/landing.css", "bytes=0-9");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 0-9/" + len, r.headers().firstValue("content-range").orElseThrow());
        assertEquals("10", r.headers().firstValue("content-length").orElseThrow());
        assertEquals(0, r.body().length);
        assertEquals(416, range("HEAD", "/landing.css", "bytes=" + len + "-").statusCode());
    }

    @Test
    void ifRangeHonoursTheRangeOnlyWhileTheFileIsUnchanged() throws Exception {
        HttpResponse<byte[]> first = bytes(HttpRequest.newBuilder(server.uri("/landing.js")));
        String etag = first.headers().firstValue("etag").orElseThrow();
        String date = first.headers().firstValue("last-modified").orElseThrow();
        HttpResponse<byte[]> same = bytes(HttpRequest.newBuilder(server.uri("/landing.js"))
                .header("Range", "bytes=0-9").header("If-Range", etag));
        assertEquals(206, same.statusCode());
        HttpResponse<byte[]> sameDate = bytes(HttpRequest.newBuilder(server.uri("/landing.js"))
                .header("Range", "bytes=0-9").header("If-Range", date));
        assertEquals(206, sameDate.statusCode());
        HttpResponse<byte[]> changed = bytes(HttpRequest.newBuilder(server.uri("/landing.js"))
                .header("Range", "bytes=0-9").header("If-Range", "\"other\""));
        assertEquals(200, changed.statusCode());
        assertArrayEquals(first.body(), changed.body());
    }

    /** The whole file by a plain GET, which must announce that ranges are accepted. */
    private static byte[] wholeOf(String path) throws Exception {
        HttpResponse<byte[]> r = bytes(HttpRequest.newBuilder(server.uri(path)));
        assertEquals(200, r.statusCode());
        assertEquals("bytes", r.headers().firstValue("accept-ranges").orElseThrow());
        return r.body();
    }

    private static HttpResponse<byte[]> range(String method, String path, String range) throws Exception {
        return bytes(HttpRequest.newBuilder(server.uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Range", range));
    }

    private static HttpResponse<byte[]> bytes(HttpRequest.Builder request) throws Exception {
        return server.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void unknownPathsGetThe404Page() throws Exception {
        HttpResponse<String> r = server.get("/no-such-file.html");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("Not found"));
        assertEquals(404, server.get("/landing.css/").statusCode());
        assertEquals(404, server.get("/.hidden").statusCode());
    }

    @Test
    void wrongMethodsGet405WithAllow() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/index.html"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void webSocketWithoutEndpointIs404() throws Exception {
        assertEquals(404, server.get("/ws").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../data/config.json", "/group/../data/config.json", "/%2e%2e/data/config.json",
        "/group/%2e%2e/data/config.json", "/group/%2E%2E%2Fdata%2Fconfig.json", "/..%2fdata%2fconfig.json",
        "/..%5cdata%5cconfig.json", "/..\\data\\config.json", "/group/..\\..\\data\\config.json",
        "/index.html%00.css", "/%00", "/a/./../../data/config.json", "//data/config.json",
        "/%c0%ae%c0%ae/data/config.json",
    })
    void traversalIsRefusedWith400(String target) throws Exception {
        String response = server.raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), target + " -> " + response.lines().findFirst().orElse(""));
        assertFalse(response.contains("secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/%252e%252e/data/config.json", "/%252e%252e%252fdata%252fconfig.json", "/data/config.json",
        "/group/%252e%252e/data/config.json", "/groups/example.json", "/config.json",
    })
    void doubleEncodedAndOutsideNamesAreJustNotFound(String target) throws Exception {
        String response = server.raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 "), target + " -> " + response.lines().findFirst().orElse(""));
        assertFalse(response.contains("secret"));
    }

    @Test
    void malformedRequestLineIs400() throws Exception {
        String response = server.raw("GET\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
    }
}
