package org.nereid.web.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.web.Request;
import org.nereid.web.Responses;
import org.nereid.web.Route;

/**
 * {@code /metrics}: Prometheus text for server administrators only, with the admin API's
 * rules (HTTP Basic against config.json, or an admin bearer token).
 */
public final class MetricsRoute implements Route {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminAuth auth;
    private final Supplier<String> text;

    /** @param text the exposition text, computed on every request */
    public MetricsRoute(GroupDirectory groups, ServerConfigFile config, AdminTokens tokens, Supplier<String> text) {
        this.auth = new AdminAuth(config, groups, tokens);
        this.text = text;
    }

    static FullHttpResponse methodNotAllowed() {
        return Responses.methodNotAllowed("GET, HEAD");
    }

    @Override
    public FullHttpResponse respond(Request request) {
        if (!request.isGetOrHead()) {
            return methodNotAllowed();
        }
        if (!auth.allowed(request, AdminAuth.credentials(request), null, null)) {
            return AdminAuth.challenge("/metrics");
        }
        byte[] body = text.get().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = Responses.bytes(HttpResponseStatus.OK, CONTENT_TYPE,
                request.isHead() ? new byte[0] : body);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
