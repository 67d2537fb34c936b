package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.testing.RunningServer;

/**
 * {@code -static} pointed at a folder laid out as Galène's {@code static/} (the file names
 * Galène's webserver serves, with contents this test writes): group pages are
 * {@code galene.html}, the rest are files, with Galène's redirects, caching and 404 page.
 */
class GaleneStaticFolderIT {
    @TempDir
    Path dir;
    Path site;
    RunningServer server;

    @BeforeEach
    void start() throws Exception {
        site = dir.resolve("galene-static");
        write("galene.html", "<!DOCTYPE html><title>galene page</title>");
        write("index.html", "<!DOCTYPE html><title>galene landing</title>");
        write("change-password.html", "<!DOCTYPE html><title>galene password</title>");
        write("404.html", "<!DOCTYPE html><title>galene not found</title>");
        write("galene.css", "body {}");
        write("third-party/toastify/toastify.css", ".toastify {}");
        Files.createDirectories(site.resolve("example"));
        server = RunningServer.start(dir.resolve("server"), o -> o.withStaticDir(site));
        server.writeGroup("meet", "{\"users\": {\"bob\": {\"password\": \"1234\"}}}");
        server.writeGroup("sub/room", "{\"authServer\": \"https://auth.example\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void write(String name, String content) throws Exception {
        Path p = site.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    @Test
    void groupPagesAreGalenesPageCachedAsGaleneCachesIt() throws Exception {
        HttpResponse<String> page = server.get("/group/meet/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("galene page"), page.body());
        assertEquals("text/html; charset=utf-8", header(page, "content-type"));
        assertEquals("max-age=1800", header(page, "cache-control"));
        assertTrue(header(page, "etag").startsWith("\""), "a validator, as Galène sends");
        assertEquals("no-referrer", header(page, "referrer-policy"));
        HttpResponse<String> again = server.send(HttpRequest.newBuilder(server.uri("/group/meet/"))
                .header("If-None-Match", header(page, "etag")));
        assertEquals(304, again.statusCode());

        HttpResponse<String> nested = server.get("/group/sub/room/");
        assertTrue(nested.body().contains("galene page"));
        assertTrue(header(nested, "content-security-policy").contains("connect-src https://auth.example "));
        assertEquals(308, server.get("/group/meet").statusCode());
        assertEquals("/group/meet/", header(server.get("/group/meet"), "location"));
    }

    @Test
    void galenesOtherPagesAreFiles() throws Exception {
        assertTrue(server.get("/").body().contains("galene landing"));
        assertTrue(server.get("/change-password.html").body().contains("galene password"));
        assertEquals("text/css; charset=utf-8", header(server.get("/galene.css"), "content-type"));
        assertEquals("max-age=1800", header(server.get("/galene.css"), "cache-control"));
        HttpResponse<String> lib = server.get("/third-party/toastify/toastify.css");
        assertEquals(200, lib.statusCode());
        assertEquals("max-age=86400", header(lib, "cache-control"), "Galène caches its libraries a day");
        assertEquals(308, server.get("/third-party").statusCode());
    }

    @Test
    void missingThingsGetGalenesAnswers() throws Exception {
        HttpResponse<String> unknownGroup = server.get("/group/nope/");
        assertEquals(404, unknownGroup.statusCode());
        assertTrue(unknownGroup.body().contains("galene not found"), "the folder's own 404 page");
        assertEquals(404, server.get("/no-such-file.js").statusCode());
        assertTrue(server.get("/no-such-file.js").body().contains("galene not found"));
        assertEquals(403, server.get("/example/").statusCode(), "a directory without index.html is not listed");
        assertEquals(403, server.get("/third-party/").statusCode());
    }

    @Test
    void withoutGalenesPageTheMeetingPageIsNereids() throws Exception {
        Files.delete(site.resolve("galene.html"));
        HttpResponse<String> page = server.get("/group/meet/");
        assertEquals(404, page.statusCode(), "this folder has neither galene.html nor meeting.html");
        write("meeting.html", "<!DOCTYPE html><title>own page</title>");
        HttpResponse<String> own = server.get("/group/meet/");
        assertTrue(own.body().contains("own page"));
        assertEquals("no-cache", header(own, "cache-control"));
    }
}
