package org.nereid.web.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.nereid.json.Json;
import org.nereid.web.Request;
import org.nereid.web.Responses;

/** Answers Nereid's extensions of the admin API (.audit, .health, .cluster) share. */
final class ApiResponses {
    private ApiResponses() {
    }

    /** The CORS preflight of an admin API path that allows {@code methods}. */
    static FullHttpResponse preflight(String methods) {
        FullHttpResponse preflight = Responses.empty(HttpResponseStatus.NO_CONTENT);
        preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "OPTIONS, " + methods);
        preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
        return preflight;
    }

    /** {@code body} as JSON (no body for HEAD), never cached: it changes with every request. */
    static FullHttpResponse json(Request request, HttpResponseStatus status, Object body) {
        byte[] json = (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = Responses.json(status, request.isHead() ? new byte[0] : json);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }
}
