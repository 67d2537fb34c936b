package org.nereid.web;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Serves the static root with validators (ETag, Last-Modified), conditional requests
 * (304, If-Range), single byte ranges (206, 416) and HEAD; also the 404 page every route shares.
 */
public final class StaticRoute implements Route {
    private static final String CACHE_CONTROL = "max-age=1800";
    /** Galène's libraries under /third-party/ change only with a release, so they are cached a day. */
    private static final String THIRD_PARTY_CACHE_CONTROL = "max-age=86400";
    private static final byte[] FALLBACK_404 = "<!DOCTYPE html>\n<p>Not found.</p>\n".getBytes(StandardCharsets.UTF_8);

    private final StaticFiles files;

    public StaticRoute(StaticFiles files) {
        this.files = files;
    }

    @Override
    public FullHttpResponse respond(Request request) throws IOException {
        if (!request.isGetOrHead()) {
            return Responses.methodNotAllowed("GET, HEAD");
        }
        List<String> segments = request.path().segments();
        if (files.isDirectory(segments)) {
            if (!request.path().trailingSlash()) {
                return Responses.redirect(HttpResponseStatus.PERMANENT_REDIRECT, request.path().path() + "/");
            }
            List<String> index = new ArrayList<>(segments);
            index.add("index.html");
            if (files.file(index).isEmpty()) {
                // as Galène: a directory without an index is not listed
                return Responses.text(HttpResponseStatus.FORBIDDEN, "Forbidden");
            }
            return serve(request, index, null);
        }
        if (request.path().trailingSlash()) {
            return notFound();
        }
        return serve(request, segments, null);
    }

    /** Serves one named file of the root (e.g. the meeting page), with a page policy for connections. */
    public FullHttpResponse serve(Request request, List<String> segments, String extraConnectSource) throws IOException {
        Optional<StaticFile> found = files.file(segments);
        if (found.isEmpty()) {
            return notFound();
        }
        StaticFile file = found.get();
        FullHttpResponse response = notModified(request, file)
                ? Responses.empty(HttpResponseStatus.NOT_MODIFIED)
                : content(request, file);
        response.headers().set(HttpHeaderNames.ETAG, file.etag());
        response.headers().set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(Date.from(file.lastModified())));
        boolean thirdParty = segments.size() > 1 && segments.get(0).equals("third-party");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, thirdParty ? THIRD_PARTY_CACHE_CONTROL : CACHE_CONTROL);
        Responses.pageSecurityHeaders(response.headers(), extraConnectSource);
        return response;
    }

    /** True when the root has this file (e.g. Galène's galene.html when {@code -static} names Galène's folder). */
    public boolean has(List<String> segments) throws IOException {
        return files.file(segments).isPresent();
    }

    /** The file, or the one range of it asked for (206), or 416; HEAD gets the same headers without a body. */
    private static FullHttpResponse content(Request request, StaticFile file) {
        byte[] whole = file.content();
        ByteRange range;
        try {
            range = ByteRange.parse(rangeHeader(request, file), whole.length);
        } catch (ByteRange.Unsatisfiable e) {
            return ByteRange.unsatisfiable(whole.length);
        }
        byte[] body = range == null ? whole : Arrays.copyOfRange(whole, (int) range.first(), (int) range.last() + 1);
        FullHttpResponse r = Responses.bytes(range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT,
                file.contentType(), request.isHead() ? new byte[0] : body);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (range != null) {
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(whole.length));
        }
        r.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        return r;
    }

    /**
     * RFC 9110 §13.1.5: a Range under an If-Range that no longer matches the file
     * (by strong ETag or exact date) is ignored, so a client never splices two versions.
     */
    private static String rangeHeader(Request request, StaticFile file) {
        String range = request.header(HttpHeaderNames.RANGE);
        String ifRange = request.header(HttpHeaderNames.IF_RANGE);
        if (range == null || ifRange == null) {
            return range;
        }
        String validator = ifRange.trim();
        if (validator.startsWith("\"")) {
            return validator.equals(file.etag()) ? range : null;
        }
        Date date = DateFormatter.parseHttpDate(validator);
        Instant modified = file.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return date != null && date.toInstant().equals(modified) ? range : null;
    }

    /** The 404 page from the static root, or a one-line fallback when the root has none. */
    public FullHttpResponse notFound() throws IOException {
        byte[] page = files.file(List.of("404.html")).map(StaticFile::content).orElse(FALLBACK_404);
        FullHttpResponse r = Responses.bytes(HttpResponseStatus.NOT_FOUND, "text/html; charset=utf-8", page);
        Responses.pageSecurityHeaders(r.headers(), null);
        return r;
    }

    /** RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since. */
    private static boolean notModified(Request request, StaticFile file) {
        String ifNoneMatch = request.header(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || t.equals(file.etag()) || t.equals("W/" + file.etag())) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = request.header(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ifModifiedSince != null) {
            Date since = DateFormatter.parseHttpDate(ifModifiedSince);
            Instant modified = file.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            return since != null && !modified.isAfter(since.toInstant());
        }
        return false;
    }
}
