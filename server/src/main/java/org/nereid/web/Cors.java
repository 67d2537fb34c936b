package org.nereid.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.nereid.model.ServerConfig;

/**
 * Galène's origin rule: a request without Origin is fine; an Origin whose host is the
 * request's Host is fine; otherwise it must be listed (case-insensitively) in
 * {@code allowOrigin}, or {@code allowAdminOrigin} for the admin API.
 */
public final class Cors {
    private Cors() {
    }

    public static boolean allowed(Request request, ServerConfig config, boolean admin) {
        String origin = request.header(HttpHeaderNames.ORIGIN);
        return origin == null || allowed(origin, request, config, admin);
    }

    /** Whether pages of {@code origin} may use this server: its own, or listed. */
    static boolean allowed(String origin, Request request, ServerConfig config, boolean admin) {
        try {
            String host = new URI(origin).getRawAuthority();
            if (host != null && host.equalsIgnoreCase(request.host())) {
                return true;
            }
        } catch (URISyntaxException e) {
            // not a URL: only an exact entry of the list can allow it
        }
        List<String> allow = admin ? config.allowAdminOrigin() : config.allowOrigin();
        return allow.stream().anyMatch(origin::equalsIgnoreCase);
    }

    /** Adds Vary: Origin, and Access-Control-Allow-Origin when the origin is allowed. */
    public static boolean addHeaders(HttpHeaders headers, Request request, ServerConfig config, boolean admin) {
        headers.add(HttpHeaderNames.VARY, "Origin");
        String origin = request.header(HttpHeaderNames.ORIGIN);
        if (origin == null || !allowed(request, config, admin)) {
            return origin == null;
        }
        headers.add(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        return true;
    }
}
