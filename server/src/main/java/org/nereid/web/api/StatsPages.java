package org.nereid.web.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.web.Request;
import org.nereid.web.Route;
import org.nereid.web.StaticRoute;

/**
 * The statistics for server administrators, with the admin API's rules:
 * {@code /stats.json} (the {@code .stats} document) and the page that shows
 * it, {@code /stats.html} with its files under {@code /stats/}, served from
 * the static root only to administrators.
 */
public final class StatsPages implements Route {
    private static final String REALM = "Nereid statistics";

    private final AdminAuth auth;
    private final Supplier<String> json;
    private final StaticRoute files;

    /**
     * @param json  the statistics document, computed on every request
     * @param files the static root the page and its scripts come from
     */
    public StatsPages(GroupDirectory groups, ServerConfigFile config, AdminTokens tokens, Supplier<String> json,
                      StaticRoute files) {
        this.auth = new AdminAuth(config, groups, tokens);
        this.json = json;
        this.files = files;
    }

    @Override
    public FullHttpResponse respond(Request request) throws Exception {
        if (!request.isGetOrHead()) {
            return MetricsRoute.methodNotAllowed();
        }
        if (!auth.allowed(request, AdminAuth.credentials(request), null, null)) {
            return AdminAuth.challenge(REALM);
        }
        if (!request.path().segments().equals(List.of("stats.json"))) {
            return files.respond(request);
        }
        byte[] body = json.get().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = org.nereid.web.Responses.json(HttpResponseStatus.OK, request.isHead() ? new byte[0] : body);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }
}
