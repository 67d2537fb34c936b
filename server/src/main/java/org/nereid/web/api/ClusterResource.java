package org.nereid.web.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.nereid.cluster.ClusterView;
import org.nereid.cluster.NodeLoad;
import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;
import org.nereid.web.Cors;
import org.nereid.web.Request;
import org.nereid.web.Responses;
import org.nereid.web.Route;

/**
 * Nereid's extension of the admin API for a cluster (docs/cluster.md), for the server's
 * administrators only: {@code GET /galene-api/v0/.cluster} lists the nodes, their load and
 * the groups each hosts; {@code POST /galene-api/v0/.cluster/.drain} with
 * {@code {"node": "10.0.0.2:5701", "seconds": 600}} makes a node drain. Every other path goes
 * on to the admin API. Mounted only with {@code -cluster}.
 */
public final class ClusterResource implements Route {
    static final List<String> PATH = List.of("galene-api", "v0", ".cluster");
    static final List<String> DRAIN = List.of("galene-api", "v0", ".cluster", ".drain");
    static final Duration DEFAULT_DRAIN = Duration.ofHours(2);

    private final Route api;
    private final ServerConfigFile config;
    private final AdminAuth auth;
    private final ClusterView cluster;
    private final Clock clock;

    /** The document {@code GET .cluster} answers. */
    public record Document(@JsonProperty("self") String self, @JsonProperty("nodes") List<NodeLoad> nodes) {
    }

    /** The body of {@code POST .cluster/.drain}; seconds 0 or absent: {@link #DEFAULT_DRAIN}. */
    public record DrainRequest(@JsonProperty("node") String node, @JsonProperty("seconds") long seconds) {
    }

    public ClusterResource(Route api, GroupDirectory groups, ServerConfigFile config, AdminTokens tokens,
                           ClusterView cluster, Clock clock) {
        this.api = api;
        this.config = config;
        this.auth = new AdminAuth(config, groups, tokens);
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    public FullHttpResponse respond(Request request) throws Exception {
        List<String> segments = request.path().segments();
        boolean drain = segments.equals(DRAIN);
        if (!drain && !segments.equals(PATH)) {
            return api.respond(request);
        }
        FullHttpResponse response = answer(request, drain);
        Cors.addHeaders(response.headers(), request, config.current(), true);
        return response;
    }

    private FullHttpResponse answer(Request request, boolean drain) throws Exception {
        String methods = drain ? "POST" : "HEAD, GET";
        if (request.method().equals(HttpMethod.OPTIONS)) {
            return ApiResponses.preflight(methods);
        }
        if (!auth.allowed(request, AdminAuth.credentials(request), null, null)) {
            return AdminAuth.challenge("/galene-api/");
        }
        if (!drain) {
            if (!request.isGetOrHead()) {
                return Responses.methodNotAllowed(methods);
            }
            return ApiResponses.json(request, HttpResponseStatus.OK, new Document(cluster.self(), cluster.nodes()));
        }
        if (!request.method().equals(HttpMethod.POST)) {
            return Responses.methodNotAllowed(methods);
        }
        DrainRequest body;
        try {
            body = Json.parse(new ApiRequest(request).body("application/json"), DrainRequest.class, "request body");
        } catch (ApiException e) {
            FullHttpResponse r = Responses.text(e.status(), e.getMessage());
            e.headers().forEach(r.headers()::set);
            return r;
        } catch (JsonFileException e) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        if (body.node() == null || body.seconds() < 0) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST,
                    "Send {\"node\": \"host:port\", \"seconds\": N}: the node's cluster address and how long to wait.");
        }
        Duration wait = body.seconds() == 0 ? DEFAULT_DRAIN : Duration.ofSeconds(body.seconds());
        if (!cluster.drain(body.node(), clock.instant().plus(wait))) {
            return Responses.text(HttpResponseStatus.NOT_FOUND, "No live node is called \"" + body.node()
                    + "\"; GET .cluster lists them.");
        }
        return ApiResponses.json(request, HttpResponseStatus.ACCEPTED,
                Map.of("node", body.node(), "deadline", clock.instant().plus(wait).toString()));
    }
}
