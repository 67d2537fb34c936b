package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nereid.testing.RunningServer;

/** The static root (the jar's pages) over real HTTP: types, validators, HEAD, 304, refusals. */
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
