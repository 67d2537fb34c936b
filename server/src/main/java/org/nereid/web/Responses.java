package org.nereid.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builders for the responses every route needs; bodies are always complete (FullHttpResponse). */
public final class Responses {
    private Responses() {
    }

    public static FullHttpResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    public static FullHttpResponse empty(HttpResponseStatus status) {
        return bytes(status, null, new byte[0]);
    }

    /** A plain-text answer; errors are sentences that say what went wrong. */
    public static FullHttpResponse text(HttpResponseStatus status, String message) {
        return bytes(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static FullHttpResponse json(HttpResponseStatus status, byte[] json) {
        FullHttpResponse r = bytes(status, "application/json", json);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return r;
    }

    public static FullHttpResponse redirect(HttpResponseStatus status, String location) {
        FullHttpResponse r = empty(status);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        return r;
    }

    public static FullHttpResponse methodNotAllowed(String allowed) {
        FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed; use " + allowed + ".");
        r.headers().set(HttpHeaderNames.ALLOW, allowed);
        return r;
    }

    /**
     * Headers Galène sends with pages: a strict content security policy and no referrer; and,
     * a Nereid addition, no framing by other sites (clickjacking a moderator's buttons).
     */
    public static void pageSecurityHeaders(HttpHeaders headers, String extraConnectSource) {
        String connect = extraConnectSource == null || extraConnectSource.isEmpty()
                ? "connect-src ws: wss: 'self'; "
                : "connect-src " + extraConnectSource + " ws: wss: 'self'; ";
        headers.set("Content-Security-Policy", connect
                + "img-src 'self'; media-src blob: 'self'; script-src 'unsafe-eval' 'self'; default-src 'self'; "
                + "frame-ancestors 'self'");
        headers.set("X-Frame-Options", "SAMEORIGIN");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
    }
}
