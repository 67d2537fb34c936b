package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.nereid.group.ServerConfigFile;
import org.nereid.model.ServerConfig;

/** Which route answers which path; shared by all connections. */
public final class Routes {
    /** The admin API lives under this first segment, as in Galène. */
    public static final String ADMIN_API = "galene-api";
    /** The invitation page's API lives under this first segment (Nereid only). */
    public static final String INVITATION = "invitation";

    private final StaticRoute staticRoute;
    private final GroupRoute groupRoute;
    private final Route adminApi;
    private final Route metrics;
    private final Route statsPages;
    private final Route recordings;
    private final Route invitations;
    private final ServerConfigFile config;
    private final WebSocketEndpoint webSocket;
    private final int maxFrameSize;

    /**
     * @param adminApi  answers everything under {@code /galene-api/}, or null (then 404)
     * @param metrics   answers {@code /metrics}, or null (then 404)
     * @param statsPages answers /stats.json, /stats.html and /stats/ (administrators only), or
     *                  null (then 404, so the page is never served without its guard)
     * @param recordings answers everything under {@code /recordings}, or null (then 404)
     * @param invitations answers everything under {@code /invitation/}, or null (then 404)
     * @param webSocket receives {@code /ws} connections, or null (then 404)
     */
    public Routes(StaticRoute staticRoute, GroupRoute groupRoute, Route adminApi, Route metrics,
                  Route statsPages, Route recordings, Route invitations,
            ServerConfigFile config, WebSocketEndpoint webSocket, int maxFrameSize) {
        this.staticRoute = staticRoute;
        this.groupRoute = groupRoute;
        this.adminApi = adminApi;
        this.metrics = metrics;
        this.statsPages = statsPages;
        this.recordings = recordings;
        this.invitations = invitations;
        this.config = config;
        this.webSocket = webSocket;
        this.maxFrameSize = maxFrameSize;
    }

    FullHttpResponse respond(Request request) throws Exception {
        RequestPath path = request.path();
        if (path.segments().size() == 1 && !path.trailingSlash() && path.startsWith("public-groups.json")) {
            return groupRoute.publicGroups(request);
        }
        if (path.startsWith(ADMIN_API)) {
            return adminApi == null ? staticRoute.notFound() : adminApi.respond(request);
        }
        if (metrics != null && path.segments().equals(java.util.List.of("metrics")) && !path.trailingSlash()) {
            return metrics.respond(request);
        }
        if (isStatsPath(path)) {
            return statsPages == null ? staticRoute.notFound() : statsPages.respond(request);
        }
        if (path.startsWith(INVITATION)) {
            return invitations == null ? staticRoute.notFound() : invitations.respond(request);
        }
        if (path.segments().equals(java.util.List.of("ws"))) {
            return staticRoute.notFound(); // /ws without an endpoint, or /ws/
        }
        FullHttpResponse redirect = canonicalHostRedirect(request);
        if (redirect != null) {
            return redirect;
        }
        if (path.startsWith(RecordingsRoute.PREFIX)) {
            return recordings == null ? staticRoute.notFound() : recordings.respond(request);
        }
        if (path.startsWith("group")) {
            return groupRoute.respond(request);
        }
        return staticRoute.respond(request);
    }

    /** /stats.json, /stats.html and everything under /stats/. */
    private static boolean isStatsPath(RequestPath path) {
        java.util.List<String> s = path.segments();
        return !s.isEmpty() && (s.get(0).equals("stats") ? s.size() > 1 || path.trailingSlash()
                : s.size() == 1 && (s.get(0).equals("stats.json") || s.get(0).equals("stats.html")));
    }

    /** Galène redirects pages (not the API, not /ws) to https://canonicalHost/ when another name was used. */
    private FullHttpResponse canonicalHostRedirect(Request request) {
        String canonical = config.current().canonicalHost();
        if (canonical.isEmpty() || canonical.equalsIgnoreCase(request.host())) {
            return null;
        }
        return Responses.redirect(HttpResponseStatus.MOVED_PERMANENTLY, "https://" + canonical + request.path().encoded());
    }

    boolean originAllowed(Request request, boolean admin) {
        ServerConfig current = config.current();
        return Cors.allowed(request, current, admin);
    }

    WebSocketEndpoint webSocket() {
        return webSocket;
    }

    int maxFrameSize() {
        return maxFrameSize;
    }
}
