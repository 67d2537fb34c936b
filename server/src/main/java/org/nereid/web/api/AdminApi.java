package org.nereid.web.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.nereid.group.GroupDirectory;
import org.nereid.group.GroupFileWriter;
import org.nereid.group.ServerConfigFile;
import org.nereid.json.Json;
import org.nereid.logging.LogText;
import org.nereid.logging.Throttle;
import org.nereid.record.RecordingDirectory;
import org.nereid.web.Cors;
import org.nereid.web.Request;
import org.nereid.web.Responses;
import org.nereid.web.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Galène's administrative API under {@code /galene-api/v0/}: statistics, group
 * definitions, keys, users and passwords (tokens through {@link TokenApi}). Every answer
 * carries the CORS headers of {@code allowAdminOrigin}; everything but a preflight needs
 * authentication ({@link AdminAuth}); writes need {@code writableGroups}.
 */
public final class AdminApi implements Route {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final Throttle REFUSED = new Throttle(1_000);

    private final ServerConfigFile config;
    private final AdminAuth auth;
    private final GroupResources resources;
    private final Supplier<Object> stats;
    private final TokenApi tokenApi;
    private final RecordingDirectory recordings;

    /**
     * @param stats    the {@code .stats} document (the statistics package supplies it); null gives []
     * @param tokens   bearer-token checks; {@link AdminTokens#NONE} until the auth package supplies them
     * @param tokenApi the {@code .tokens} endpoints, or null (404)
     */
    public AdminApi(GroupDirectory groups, ServerConfigFile config, Supplier<Object> stats, AdminTokens tokens,
            TokenApi tokenApi) {
        this(groups, config, stats, tokens, tokenApi, null);
    }

    /** @param recordings the recordings listed at {@code .recordings/}, or null (404) */
    public AdminApi(GroupDirectory groups, ServerConfigFile config, Supplier<Object> stats, AdminTokens tokens,
            TokenApi tokenApi, RecordingDirectory recordings) {
        this.recordings = recordings;
        this.config = config;
        this.auth = new AdminAuth(config, groups, Objects.requireNonNull(tokens));
        this.resources = new GroupResources(groups, new GroupFileWriter(groups));
        this.stats = stats == null ? List::of : stats;
        this.tokenApi = tokenApi;
    }

    @Override
    public FullHttpResponse respond(Request request) throws Exception {
        FullHttpResponse response = answer(request);
        Cors.addHeaders(response.headers(), request, config.current(), true);
        return response;
    }

    private FullHttpResponse answer(Request request) throws Exception {
        ApiPath path = ApiPath.parse(request.path());
        if (path == null) {
            return Responses.text(HttpResponseStatus.NOT_FOUND, "Not found.");
        }
        if (request.method().equals(HttpMethod.OPTIONS)) {
            FullHttpResponse preflight = Responses.empty(HttpResponseStatus.NO_CONTENT);
            preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "OPTIONS, " + path.kind().methods);
            preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
            return preflight;
        }
        AdminAuth.Credentials credentials = AdminAuth.credentials(request);
        // the root group's tokens (group "") are the server administrators' business
        String authGroup = "".equals(path.group()) ? null : path.group();
        long wait = auth.waitMillis(request, credentials);
        if (wait > 0) {
            return tooManyFailures(wait);
        }
        if (!auth.allowed(request, credentials, authGroup, path.isPassword() && !path.isWildcard() ? path.user() : null)) {
            if (credentials.username() != null || credentials.bearer() != null) {
                REFUSED.log(n -> log.info("admin API: {} {} refused for {} from {}{}", request.method(),
                        LogText.of(request.path().path()),
                        credentials.username() != null ? "user " + LogText.of(credentials.username()) : "a bearer token",
                        request.remote(), Throttle.leftOut(n)));
            }
            FullHttpResponse r = Responses.text(HttpResponseStatus.UNAUTHORIZED, "Authentication required: use the "
                    + "name and password of an administrator (a config.json user with permission \"admin\").");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"/galene-api/\"");
            return r;
        }
        ApiRequest r = new ApiRequest(request);
        try {
            if (!r.isRead() && path.kind() != ApiPath.Kind.TOKENS && !config.current().writableGroups()) {
                methodsAllowed(r, path.kind());
                throw new ApiException(HttpResponseStatus.FORBIDDEN, "This server does not allow changing groups "
                        + "through the API; set \"writableGroups\": true in data/config.json to allow it.");
            }
            GroupResources.Reply reply = dispatch(r, path);
            if (reply == null) {
                return tokenApi.respond(request, path.group(), path.user(), path.rest(), path.trailingSlash());
            }
            if (!r.isRead()) {
                log.info("admin API: {} {} by {}: {}", r.method(), LogText.of(request.path().path()),
                        credentials.username() != null ? credentials.username() : "bearer token", reply.status().code());
            }
            return toResponse(r, reply);
        } catch (ApiException e) {
            FullHttpResponse response = e.getMessage().isEmpty()
                    ? Responses.empty(e.status())
                    : Responses.text(e.status(), e.getMessage());
            e.headers().forEach(response.headers()::set);
            return response;
        }
    }

    private static FullHttpResponse tooManyFailures(long waitMillis) {
        long seconds = (waitMillis + 999) / 1000;
        FullHttpResponse r = Responses.text(HttpResponseStatus.TOO_MANY_REQUESTS, "Too many wrong passwords from"
                + " this address or for this user: try again in " + seconds + " s.");
        r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        return r;
    }

    /** Null means: hand over to the token endpoints. */
    private GroupResources.Reply dispatch(ApiRequest r, ApiPath path) throws Exception {
        switch (path.kind()) {
            case STATS -> {
                methodsAllowed(r, path.kind());
                return new GroupResources.Reply(HttpResponseStatus.OK, stats.get(), null);
            }
            case GROUPS -> {
                methodsAllowed(r, path.kind());
                return new GroupResources.Reply(HttpResponseStatus.OK, resources.names(), null);
            }
            case GROUP -> {
                return resources.group(r, path.group());
            }
            case KEYS -> {
                return resources.keys(r, path.group());
            }
            case USERS -> {
                methodsAllowed(r, path.kind());
                return resources.users(r, path.group());
            }
            case USER, WILDCARD_USER -> {
                return resources.user(r, path.group(), path.user());
            }
            case PASSWORD, WILDCARD_PASSWORD -> {
                return resources.password(r, path.group(), path.user());
            }
            case RECORDINGS -> {
                methodsAllowed(r, path.kind());
                if (recordings == null) {
                    throw new ApiException(HttpResponseStatus.NOT_FOUND, "This server keeps no recordings.");
                }
                return new GroupResources.Reply(HttpResponseStatus.OK, recordings.list(path.group()), null);
            }
            case TOKENS -> {
                if (tokenApi == null) {
                    throw new ApiException(HttpResponseStatus.NOT_FOUND, "Token administration is not available on this server yet.");
                }
                return null;
            }
            default -> throw ApiException.notFound();
        }
    }

    private static void methodsAllowed(ApiRequest r, ApiPath.Kind kind) throws ApiException {
        if (!List.of(kind.methods.split(", ")).contains(r.method())) {
            throw ApiException.methodNotAllowed(kind.methods);
        }
    }

    static FullHttpResponse toResponse(ApiRequest r, GroupResources.Reply reply) {
        FullHttpResponse response;
        if (reply.body() == null) {
            response = Responses.empty(reply.status());
        } else {
            byte[] json = (Json.write(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
            response = Responses.json(reply.status(), r.isHead() ? new byte[0] : json);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        }
        if (reply.etag() != null) {
            response.headers().set(HttpHeaderNames.ETAG, reply.etag());
        }
        return response;
    }
}
