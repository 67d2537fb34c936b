package org.nereid.web.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nereid.audit.AuditQuery;
import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.web.Cors;
import org.nereid.web.Request;
import org.nereid.web.Responses;
import org.nereid.web.Route;

/**
 * Nereid's extension of the admin API: {@code GET /galene-api/v0/.audit}, the audit trail
 * newest first, filtered and paged by {@link AuditQuery}'s parameters; for the server's
 * administrators only. Every other path goes on to the admin API.
 */
public final class AuditResource implements Route {
    static final List<String> PATH = List.of("galene-api", "v0", ".audit");

    private final Route api;
    private final ServerConfigFile config;
    private final AdminAuth auth;
    private final Supplier<List<java.nio.file.Path>> files;

    public AuditResource(Route api, GroupDirectory groups, ServerConfigFile config, AdminTokens tokens,
                         Supplier<List<java.nio.file.Path>> files) {
        this.api = api;
        this.config = config;
        this.auth = new AdminAuth(config, groups, tokens);
        this.files = files;
    }

    @Override
    public FullHttpResponse respond(Request request) throws Exception {
        if (!request.path().segments().equals(PATH)) {
            return api.respond(request);
        }
        FullHttpResponse response = answer(request);
        Cors.addHeaders(response.headers(), request, config.current(), true);
        return response;
    }

    private FullHttpResponse answer(Request request) throws Exception {
        if (request.method().equals(HttpMethod.OPTIONS)) {
            return ApiResponses.preflight("HEAD, GET");
        }
        if (!auth.allowed(request, AdminAuth.credentials(request), null, null)) {
            return AdminAuth.challenge("/galene-api/");
        }
        if (!request.isGetOrHead()) {
            return Responses.methodNotAllowed("HEAD, GET");
        }
        AuditQuery query;
        try {
            query = AuditQuery.of(parameters(request));
        } catch (AuditQuery.BadQueryException e) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        return ApiResponses.json(request, HttpResponseStatus.OK, query.read(files.get()));
    }

    private static Map<String, String> parameters(Request request) throws AuditQuery.BadQueryException {
        Map<String, String> single = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> p : new QueryStringDecoder("?" + request.path().query()).parameters()
                .entrySet()) {
            if (p.getValue().size() != 1) {
                throw new AuditQuery.BadQueryException("Give each parameter once.");
            }
            single.put(p.getKey(), p.getValue().get(0));
        }
        return single;
    }
}
