package org.nereid.web.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.web.Cors;
import org.nereid.web.Request;
import org.nereid.web.Responses;
import org.nereid.web.Route;

/**
 * A read-only Nereid extension of the admin API at one path ({@code .audit}, {@code .health}):
 * for the server's administrators only, GET and HEAD, a JSON answer that is never cached,
 * the admin API's CORS rules. Every other path goes on to the admin API.
 */
abstract class AdminReadResource implements Route {
    private final List<String> path;
    private final Route api;
    private final ServerConfigFile config;
    private final AdminAuth auth;

    AdminReadResource(List<String> path, Route api, GroupDirectory groups, ServerConfigFile config,
                      AdminTokens tokens) {
        this.path = List.copyOf(path);
        this.api = api;
        this.config = config;
        this.auth = new AdminAuth(config, groups, tokens);
    }

    /** The answer's JSON value; a {@link BadQueryException} becomes 400 with its message. */
    abstract Object read(Request request) throws Exception;

    /** A request this resource cannot answer as asked, with the sentence that says why. */
    static final class BadQueryException extends Exception {
        BadQueryException(String message) {
            super(message);
        }
    }

    @Override
    public final FullHttpResponse respond(Request request) throws Exception {
        if (!request.path().segments().equals(path)) {
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
        Object body;
        try {
            body = read(request);
        } catch (BadQueryException e) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        return ApiResponses.json(request, HttpResponseStatus.OK, body);
    }
}
