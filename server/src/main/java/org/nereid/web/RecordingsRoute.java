package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nereid.json.Json;
import org.nereid.record.RecordingDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /recordings/GROUP/}: the group's recording files listed (Galène's HTML
 * table, or JSON when asked), served with range requests, and deleted (Galène's
 * form POST {@code q=delete&filename=NAME}, or DELETE on the file). Open to the
 * group's users with the record permission (HTTP Basic) and to administrators,
 * as {@link RecordingsAccess} decides.
 */
public final class RecordingsRoute implements Route {
    private static final Logger log = LoggerFactory.getLogger(RecordingsRoute.class);
    public static final String PREFIX = "recordings";

    private final RecordingDirectory recordings;
    private final RecordingsAccess access;

    public RecordingsRoute(RecordingDirectory recordings, RecordingsAccess access) {
        this.recordings = recordings;
        this.access = access;
    }

    @Override
    public FullHttpResponse respond(Request request) throws IOException {
        RequestPath path = request.path();
        List<String> rest = path.segments().subList(1, path.segments().size());
        if (rest.isEmpty()) {
            return path.trailingSlash()
                    ? Responses.text(HttpResponseStatus.NOT_FOUND, "Give a group: /recordings/GROUP/.")
                    : Responses.redirect(HttpResponseStatus.PERMANENT_REDIRECT, "/recordings/");
        }
        String group;
        String file;
        if (path.trailingSlash()) {
            group = String.join("/", rest);
            file = null;
        } else {
            group = String.join("/", rest.subList(0, rest.size() - 1));
            file = rest.get(rest.size() - 1);
            if (group.isEmpty() || recordings.directory(String.join("/", rest)).isPresent()) {
                return Responses.redirect(HttpResponseStatus.PERMANENT_REDIRECT,
                        "/recordings/" + RequestPath.encodePath(String.join("/", rest)) + "/");
            }
        }
        RecordingsAccess.Decision decision = access.decide(group, request);
        if (decision != RecordingsAccess.Decision.ALLOWED) {
            return refused(group, decision);
        }
        return file == null ? directory(request, group) : file(request, group, file);
    }

    private static FullHttpResponse refused(String group, RecordingsAccess.Decision decision) {
        if (decision == RecordingsAccess.Decision.NO_CREDENTIALS) {
            FullHttpResponse r = Responses.text(HttpResponseStatus.UNAUTHORIZED, "Authentication required: use the"
                    + " name and password of a user of this group with the record permission, or an administrator's.");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"recordings/" + group + "\"");
            return r;
        }
        return Responses.text(HttpResponseStatus.FORBIDDEN, "These credentials do not give access to the recordings"
                + " of this group: it takes a user of the group with the record permission, or an administrator.");
    }

    private FullHttpResponse directory(Request request, String group) throws IOException {
        if (request.method().equals(HttpMethod.POST)) {
            return formDelete(request, group);
        }
        if (!request.isGetOrHead()) {
            return Responses.methodNotAllowed("GET, HEAD, POST");
        }
        List<RecordingDirectory.Entry> entries = recordings.list(group);
        FullHttpResponse r;
        if (wantsJson(request)) {
            r = Responses.json(HttpResponseStatus.OK, (Json.write(entries) + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            r = Responses.bytes(HttpResponseStatus.OK, "text/html; charset=utf-8",
                    RecordingsPage.html(group, entries).getBytes(StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        }
        if (request.isHead()) {
            r.content().clear();
        }
        return r;
    }

    private static boolean wantsJson(Request request) {
        String accept = request.header(HttpHeaderNames.ACCEPT);
        return new QueryStringDecoder("?" + request.path().query()).parameters().getOrDefault("format", List.of())
                .contains("json") || accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    /** Galène's form: POST q=delete&filename=NAME, answered by 303 back to the listing. */
    private FullHttpResponse formDelete(Request request, String group) throws IOException {
        QueryStringDecoder form = new QueryStringDecoder("?" + request.http().content().toString(StandardCharsets.UTF_8));
        List<String> q = form.parameters().getOrDefault("q", List.of());
        List<String> name = form.parameters().getOrDefault("filename", List.of());
        if (!q.equals(List.of("delete"))) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "Unknown request: send q=delete and a filename.");
        }
        if (name.size() != 1) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "Give the name of the file to delete (filename).");
        }
        FullHttpResponse failed = delete(request, group, name.get(0));
        return failed != null ? failed
                : Responses.redirect(HttpResponseStatus.SEE_OTHER, "/recordings/" + RequestPath.encodePath(group) + "/");
    }

    /** Deletes a file; null when done, else the answer saying why not. */
    private FullHttpResponse delete(Request request, String group, String name) throws IOException {
        if (!recordings.delete(group, name)) {
            return Responses.text(HttpResponseStatus.NOT_FOUND, "There is no recording " + name + " in this group.");
        }
        log.info("recordings of {}: {} deleted by a request from {}", group, name, request.remote());
        return null;
    }

    private FullHttpResponse file(Request request, String group, String name) throws IOException {
        if (request.method().equals(HttpMethod.DELETE)) {
            FullHttpResponse failed = delete(request, group, name);
            return failed != null ? failed : Responses.empty(HttpResponseStatus.NO_CONTENT);
        }
        if (!request.isGetOrHead()) {
            return Responses.methodNotAllowed("GET, HEAD, DELETE");
        }
        Optional<Path> found = recordings.file(group, name);
        if (found.isEmpty()) {
            return Responses.text(HttpResponseStatus.NOT_FOUND, "There is no recording " + name + " in this group.");
        }
        Path f = found.get();
        long size = Files.size(f);
        String type = ContentTypes.forName(name);
        ByteRange range;
        try {
            range = ByteRange.parse(request.header(HttpHeaderNames.RANGE), size);
        } catch (ByteRange.Unsatisfiable e) {
            return ByteRange.unsatisfiable(size);
        }
        FileResponse r = range == null
                ? new FileResponse(HttpResponseStatus.OK, type, f, 0, size)
                : new FileResponse(HttpResponseStatus.PARTIAL_CONTENT, type, f, range.first(), range.length());
        if (range != null) {
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(size));
        }
        r.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        // a file still being written changes: only an older one may be cached (as Galène)
        boolean settled = Files.getLastModifiedTime(f).toInstant().isBefore(java.time.Instant.now().minusSeconds(60));
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, settled ? "private, max-age=3600" : "no-cache");
        r.headers().set("X-Content-Type-Options", "nosniff");
        return r;
    }
}
