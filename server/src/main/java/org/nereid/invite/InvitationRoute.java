package org.nereid.invite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.group.GroupDirectory;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.group.GroupFileWriter;
import org.nereid.group.ServerConfigFile;
import org.nereid.json.Json;
import org.nereid.model.GroupDescription;
import org.nereid.model.ServerConfig;
import org.nereid.model.StatefulToken;
import org.nereid.web.BaseUrl;
import org.nereid.web.Request;
import org.nereid.web.Responses;
import org.nereid.web.Route;

/**
 * The invitation endpoints under {@code /invitation/ID}, for the invitation page: the
 * token in the path is the only credential. {@code GET /invitation/ID} describes it
 * ({@link InvitationView}), {@code POST /invitation/ID/register} creates the account a
 * registration invitation offers ({@link Registrations}), {@code GET
 * /invitation/ID/qr.svg} is the QR code of its link. Answers are never cached.
 */
public final class InvitationRoute implements Route {
    /** A username and a password fit in far less. */
    static final int MAX_BODY_BYTES = 4096;

    private final TokenStore tokens;
    private final GroupDirectory groups;
    private final ServerConfigFile config;
    private final Registrations registrations;
    private final Clock clock;

    public InvitationRoute(TokenStore tokens, GroupDirectory groups, ServerConfigFile config,
                           Registrations registrations, Clock clock) {
        this.tokens = tokens;
        this.groups = groups;
        this.config = config;
        this.registrations = registrations;
        this.clock = clock;
    }

    /** The route over these parts, registering users through its own (shared-lock) group file writer. */
    public static InvitationRoute of(TokenStore tokens, GroupDirectory groups, ServerConfigFile config, Clock clock) {
        return new InvitationRoute(tokens, groups, config,
                new Registrations(tokens, new GroupFileWriter(groups), config, clock), clock);
    }

    @Override
    public FullHttpResponse respond(Request request) throws Exception {
        List<String> segments = request.path().segments();
        if (segments.size() < 2 || segments.size() > 3 || request.path().trailingSlash()) {
            return json(HttpResponseStatus.NOT_FOUND, error("There is no such page; an invitation link looks like"
                    + " /group/NAME/?token=ID."));
        }
        String id = segments.get(1);
        String action = segments.size() == 3 ? segments.get(2) : "";
        FullHttpResponse response = switch (action) {
            case "" -> request.isGetOrHead() ? describe(id) : Responses.methodNotAllowed("GET, HEAD");
            case "qr.svg" -> request.isGetOrHead() ? qr(request, id) : Responses.methodNotAllowed("GET, HEAD");
            case "register" -> request.method().equals(HttpMethod.POST) ? register(request, id)
                    : Responses.methodNotAllowed("POST");
            default -> json(HttpResponseStatus.NOT_FOUND, error("There is no such page under an invitation."));
        };
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("Referrer-Policy", "no-referrer");
        response.headers().set("X-Content-Type-Options", "nosniff");
        if (request.isHead()) {
            response.content().clear();
        }
        return response;
    }

    private FullHttpResponse describe(String id) throws IOException {
        Optional<StatefulToken> token = tokens.get(id);
        if (token.isEmpty()) {
            return json(HttpResponseStatus.NOT_FOUND, InvitationView.unknown());
        }
        return json(HttpResponseStatus.OK, InvitationView.of(token.get(), description(token.get().group()),
                clock.instant()));
    }

    private FullHttpResponse qr(Request request, String id) throws IOException, URISyntaxException {
        Optional<StatefulToken> token = tokens.get(id);
        if (token.isEmpty()) {
            return json(HttpResponseStatus.NOT_FOUND, InvitationView.unknown());
        }
        String link = TokenActions.invitationLink(linkBase(request), token.get().group(), id);
        return Responses.bytes(HttpResponseStatus.OK, "image/svg+xml",
                QrSvg.of(link).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The root of the link: how the request came in, or the proxyURL; failing that, the
     * canonicalHost over HTTPS, where Galène sends everyone who arrives by another name.
     */
    private URI linkBase(Request request) throws URISyntaxException {
        ServerConfig c = config.current();
        if (c.proxyURL().isEmpty() && !c.canonicalHost().isEmpty()) {
            return new URI("https://" + c.canonicalHost());
        }
        return BaseUrl.of(request, c);
    }

    private FullHttpResponse register(Request request, String id) throws IOException {
        try {
            JsonNode body = body(request);
            Registrations.Registered r = registrations.register(id, text(body, "username"), text(body, "password"));
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("group", r.group());
            o.put("username", r.username());
            return json(HttpResponseStatus.CREATED, o);
        } catch (InvitationException e) {
            return json(HttpResponseStatus.valueOf(e.status()), error(e.getMessage()));
        }
    }

    private static JsonNode body(Request request) throws InvitationException {
        String type = request.header(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw new InvitationException(415, "Send the username and password as application/json.");
        }
        if (request.http().content().readableBytes() > MAX_BODY_BYTES) {
            throw new InvitationException(413, "The request is too large for a username and a password.");
        }
        try {
            JsonNode node = Json.mapper().readTree(request.http().content().toString(StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new InvitationException(400, "Send a JSON object with \"username\" and \"password\".");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvitationException(400, "The request is not valid JSON: " + e.getOriginalMessage() + ".");
        }
    }

    private static String text(JsonNode body, String name) throws InvitationException {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvitationException(400, "The field \"" + name + "\" must be a string.");
        }
        return v.textValue();
    }

    /** The description of the token's group, or null when it has none (the root, a deleted or broken file). */
    private GroupDescription description(String group) {
        if (group.isEmpty()) {
            return null;
        }
        try {
            return groups.find(group).map(GroupEntry::description).orElse(null);
        } catch (GroupFileException | IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode error(String sentence) {
        return JsonNodeFactory.instance.objectNode().put("error", sentence);
    }

    private static FullHttpResponse json(HttpResponseStatus status, JsonNode body) {
        try {
            return Responses.json(status, Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
