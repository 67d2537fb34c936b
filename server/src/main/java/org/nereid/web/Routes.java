package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.nereid.group.ServerConfigFile;
import org.nereid.model.ServerConfig;

import java.util.List;
import java.util.Map;

/** Which route answers which path; shared by all connections. */
public final class Routes {
    private final StaticRoute staticRoute;
    private final GroupRoute groupRoute;
    private final Map<Mount, Route> mounted;
    private final ServerConfigFile config;
    private final WebSocketEndpoint webSocket;
    private final int maxFrameSize;

    /**
     * @param mounted   the route at each mount point that has one
     * @param webSocket receives {@code /ws} connections, or null (then 404)
     */
    public Routes(StaticRoute staticRoute, GroupRoute groupRoute, Map<Mount, Route> mounted,
            ServerConfigFile config, WebSocketEndpoint webSocket, int maxFrameSize) {
        this.staticRoute = staticRoute;
        this.groupRoute = groupRoute;
        this.mounted = Map.copyOf(mounted);
        this.config = config;
        this.webSocket = webSocket;
        this.maxFrameSize = maxFrameSize;
    }

    FullHttpResponse respond(Request request) throws Exception {
        RequestPath path = request.path();
        FullHttpResponse forged = CrossSiteWrites.check(request, config.current(), Mount.ADMIN_API.matches(path));
        if (forged != null) {
            return forged;
        }
        if (path.segments().size() == 1 && !path.trailingSlash() && path.startsWith("public-groups.json")) {
            return groupRoute.publicGroups(request);
        }
        FullHttpResponse api = mounted(request, true);
        if (api != null) {
            return api;
        }
        if (path.segments().equals(List.of("ws"))) {
            return staticRoute.notFound(); // /ws without an endpoint, or /ws/
        }
        FullHttpResponse redirect = canonicalHostRedirect(request);
        if (redirect != null) {
            return redirect;
        }
        FullHttpResponse page = mounted(request, false);
        if (page != null) {
            return page;
        }
        if (path.startsWith("group")) {
            return groupRoute.respond(request);
        }
        return staticRoute.respond(request);
    }

    /**
     * The answer of the mount point (before or after the canonical-host redirect) whose
     * paths these are: its route's, 404 when a guarded one has none, else null.
     */
    private FullHttpResponse mounted(Request request, boolean beforeRedirect) throws Exception {
        for (Mount mount : Mount.values()) {
            if (mount.beforeRedirect() == beforeRedirect && mount.matches(request.path())) {
                Route route = mounted.get(mount);
                if (route != null) {
                    return mount.mayBlock() ? BlockingRoutes.answer(route, request) : route.respond(request);
                }
                if (mount.guarded()) {
                    return staticRoute.notFound();
                }
            }
        }
        return null;
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
