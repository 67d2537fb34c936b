package org.nereid.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.Set;
import org.nereid.auth.TokenStore;
import org.nereid.group.GroupDirectory;
import org.nereid.group.GroupFileException;
import org.nereid.json.Json;
import org.nereid.model.GroupNames;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenKind;
import org.nereid.web.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful-token endpoints as Galène's code serves them: {@code .groups/NAME/.tokens/}
 * lists the ids of the group's tokens (HEAD, GET) and creates one from a template (POST,
 * the new id in {@code Location}); {@code .groups/NAME/.tokens/ID} is one token without its
 * id and group (HEAD, GET with ETag), replaced by PUT and removed by DELETE, both checking
 * {@code If-Match} against the token file's ETag. {@code .groups/.tokens/} holds the tokens
 * of the root group {@code ""}. Not gated by {@code writableGroups}, as in Galène.
 * {@code .groups/NAME/.users/USER/.tokens/}, the form galene-api.md documents, is the same
 * restricted to the tokens that impose the username USER: it lists only those, and what it
 * creates or replaces imposes USER.
 */
public final class TokenResources implements TokenApi {
    private static final Logger log = LoggerFactory.getLogger(TokenResources.class);
    /** Galène's internal permissions, the only ones a token can grant. */
    static final Set<String> PERMISSIONS = Set.of("op", "present", "message", "caption", "token", "record", "admin");
    /** Galène's order for lists: tokens without expiry first, then by expiry. */
    private static final Comparator<StatefulToken> SOONEST_EXPIRY_FIRST = Comparator.comparing(StatefulToken::expires,
            Comparator.nullsFirst(Comparator.comparing(OffsetDateTime::toInstant)));
    private static final String LIST_METHODS = "HEAD, GET, POST";
    private static final String TOKEN_METHODS = "HEAD, GET, PUT, DELETE";

    private final TokenStore store;
    private final GroupDirectory groups;
    private final Clock clock;

    public TokenResources(TokenStore store, GroupDirectory groups, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.clock = clock;
    }

    @Override
    public FullHttpResponse respond(Request request, String group, String user, List<String> rest,
            boolean trailingSlash) throws Exception {
        ApiRequest r = new ApiRequest(request);
        if (rest.isEmpty() && !trailingSlash || rest.size() > 1 || rest.size() == 1 && trailingSlash) {
            throw ApiException.notFound();
        }
        requireGroup(group);
        return rest.isEmpty() ? list(r, group, user) : token(r, group, user, rest.get(0));
    }

    private FullHttpResponse list(ApiRequest r, String group, String user) throws ApiException, IOException {
        if (r.isRead()) {
            TokenStore.Snapshot snapshot = store.snapshot();
            List<String> ids = snapshot.tokens().values().stream().filter(t -> belongs(t, group, user))
                    .sorted(SOONEST_EXPIRY_FIRST).map(StatefulToken::token).toList();
            return reply(r, HttpResponseStatus.OK, ids, snapshot.etag().isEmpty() ? null : snapshot.etag());
        }
        if (!r.method().equals("POST")) {
            throw ApiException.methodNotAllowed(LIST_METHODS);
        }
        StatefulToken template = template(r);
        checkInvitation(template, group);
        StatefulToken token = new StatefulToken(TokenStore.newTokenId(), group, template.includeSubgroups(),
                imposedUsername(template, user), template.permissions(), template.expires(), template.notBefore(),
                template.issuedAt() != null ? template.issuedAt() : OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
                template.issuedBy(), template.extra());
        try {
            store.add(token);
        } catch (TokenStore.ConflictException e) {
            throw new IllegalStateException("a fresh random token id collided", e);
        }
        FullHttpResponse response = reply(r, HttpResponseStatus.CREATED, null, null);
        response.headers().set(HttpHeaderNames.LOCATION, token.token());
        return response;
    }

    private FullHttpResponse token(ApiRequest r, String group, String user, String id)
            throws ApiException, IOException {
        TokenStore.Snapshot snapshot = store.snapshot();
        StatefulToken old = snapshot.tokens().get(id);
        switch (r.method()) {
            case "HEAD", "GET" -> {
                StatefulToken token = inGroup(old, group, user);
                Preconditions.require(r, snapshot.etag());
                return reply(r, HttpResponseStatus.OK, token.withoutTokenAndGroup(), snapshot.etag());
            }
            case "PUT" -> {
                if (old != null && !old.group().equals(group)) {
                    throw new ApiException(HttpResponseStatus.CONFLICT, "This token belongs to another group; "
                            + "change it under that group's .tokens/.");
                }
                String etag = old == null ? "" : snapshot.etag();
                Preconditions.require(r, etag);
                StatefulToken body = template(r);
                checkInvitation(body, group);
                if (old != null && user != null) {
                    inGroup(old, group, user);
                }
                StatefulToken token = markRevocation(old, new StatefulToken(id, group, body.includeSubgroups(),
                        imposedUsername(body, user), body.permissions(), body.expires(), body.notBefore(),
                        body.issuedAt(), body.issuedBy(), body.extra()));
                write(() -> store.put(token, snapshot.etag()));
                log.info("admin API: token {} of group '{}' {}", shortId(id), group, old == null ? "created" : "replaced");
                return reply(r, old == null ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null);
            }
            case "DELETE" -> {
                inGroup(old, group, user);
                Preconditions.require(r, snapshot.etag());
                write(() -> store.delete(id, snapshot.etag()));
                log.info("admin API: token {} of group '{}' deleted", shortId(id), group);
                return reply(r, HttpResponseStatus.NO_CONTENT, null, null);
            }
            default -> throw ApiException.methodNotAllowed(TOKEN_METHODS);
        }
    }

    /** Enough of an id to tell tokens apart in a log, never the whole secret. */
    private static String shortId(String id) {
        return id.substring(0, Math.min(4, id.length())) + "…";
    }

    /**
     * The token if it exists in this group (and imposes {@code user}, when the path names one); a
     * token of another group is not found here, as in Galène.
     */
    private static StatefulToken inGroup(StatefulToken token, String group, String user) throws ApiException {
        if (token == null || !belongs(token, group, user)) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, user == null
                    ? "There is no such token in this group."
                    : "There is no such token for user \"" + user + "\" in this group.");
        }
        return token;
    }

    private static boolean belongs(StatefulToken token, String group, String user) {
        return token.group().equals(group) && (user == null || user.equals(token.username()));
    }

    /** The username a token made under {@code .users/USER/.tokens/} imposes: USER, which the body may repeat. */
    private static String imposedUsername(StatefulToken body, String user) throws ApiException {
        if (user == null) {
            return body.username();
        }
        if (body.username() != null && !body.username().equals(user)) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "This token is made for user \"" + user
                    + "\", as the URL says; leave out \"username\" or make it under that user's .tokens/.");
        }
        return user;
    }

    /** A request body as a token without id and group, with permissions and username checked. */
    private static StatefulToken template(ApiRequest r) throws ApiException {
        String body = r.body("application/json");
        StatefulToken t;
        try {
            JsonNode node = Json.mapper().readTree(body);
            t = StatefulToken.fromJson(node);
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "The request body is not a token: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                    + ". Send a JSON object with Galène's token fields.");
        }
        if (!t.token().isEmpty() || !t.group().isEmpty()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "Overspecified token: leave out \"token\" and "
                    + "\"group\", which the URL gives.");
        }
        for (String p : t.permissionList()) {
            if (!PERMISSIONS.contains(p)) {
                throw new ApiException(HttpResponseStatus.BAD_REQUEST, "\"" + p + "\" is not a permission a token "
                        + "can grant; use some of " + new TreeSet<>(PERMISSIONS) + ".");
            }
        }
        if (t.username() != null && !t.username().isEmpty() && !GroupNames.isValidUsername(t.username())) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "\"" + t.username() + "\" is not a valid username.");
        }
        return t;
    }

    /** A registration invitation must name one group and may not give away the empty name. */
    private static void checkInvitation(StatefulToken t, String group) throws ApiException {
        if (t.kind() != TokenKind.REGISTER) {
            return;
        }
        if (group.isEmpty() || t.includeSubgroups()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "A registration invitation (\"kind\": \"register\")"
                    + " adds a user to one group's file: make it under that group's .tokens/, without includeSubgroups.");
        }
        if ("".equals(t.username())) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "A registration invitation cannot give the empty"
                    + " username; name a user or leave \"username\" out so the guest chooses.");
        }
    }

    /**
     * Galène's API revokes by a PUT with an expiry now or in the past: when the body does not say
     * {@code "revoked"} itself, a PUT that ends a token still valid marks it revoked, so the
     * invitation page tells it from one that simply ran out.
     */
    private StatefulToken markRevocation(StatefulToken old, StatefulToken next) {
        Instant now = clock.instant();
        boolean ends = old != null && !old.expiredAt(now) && next.expiredAt(now);
        return ends && !next.extra().containsKey(StatefulToken.REVOKED) ? next.withRevoked(true) : next;
    }

    private void requireGroup(String group) throws ApiException {
        if (group.isEmpty()) {
            return;
        }
        try {
            if (groups.findFile(group).isEmpty()) {
                throw new ApiException(HttpResponseStatus.NOT_FOUND, "There is no group \"" + group + "\".");
            }
        } catch (GroupFileException e) {
            // the file exists but is broken: its tokens can still be managed
        }
    }

    private interface StoreWrite {
        Object run() throws IOException, TokenStore.ConflictException;
    }

    /** A write checked against the ETag read for the request: a change in between is a failed precondition. */
    private static void write(StoreWrite write) throws ApiException, IOException {
        try {
            write.run();
        } catch (TokenStore.ConflictException e) {
            throw ApiException.preconditionFailed();
        }
    }

    private static FullHttpResponse reply(ApiRequest r, HttpResponseStatus status, Object body, String etag) {
        return AdminApi.toResponse(r, new GroupResources.Reply(status, body, etag));
    }
}
