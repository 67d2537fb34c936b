package org.nereid.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import org.nereid.model.Rfc3339;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The token group actions of Galène's protocol ({@code maketoken}, {@code edittoken},
 * {@code listtokens}) as a joined client asks them, with Galène's checks: creating needs
 * the {@code token} permission and never grants more than the creator has; editing and
 * listing need both {@code op} and {@code token}. Each returns the {@link Reply} that
 * signalling sends back as a privileged {@code usermessage}.
 */
public final class TokenActions {
    private static final Logger log = LoggerFactory.getLogger(TokenActions.class);
    /** Validity of an invitation that names no expiry (Galène's /invite, per its announcement). */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
    private static final Set<String> EDITABLE = Set.of("token", "expires", "not-before");

    /**
     * What to send back: {@code {type: "usermessage", kind, privileged: true, error, value}}.
     *
     * @param kind  {@code "token"} or {@code "tokenlist"}
     * @param error null on success, else {@code "not-authorised"} or {@code "error"}
     * @param value the token (its JSON), the list of tokens, or on error a sentence
     */
    public record Reply(String kind, String error, JsonNode value) {
        static Reply failure(String kind, String error, String message) {
            return new Reply(kind, error, TextNode.valueOf(message));
        }
    }

    /** Who asks: the joined client's group, username and permissions. */
    public record Requester(String group, String username, List<String> permissions) {
        public Requester {
            permissions = List.copyOf(permissions);
        }

        boolean has(String permission) {
            return permissions.contains(permission);
        }
    }

    /**
     * What decides who may make registration invitations beyond the requester's permissions.
     *
     * @param allowUserInvites   whether the group (its own file or the one it inherits) sets
     *                           {@code allow-user-invites}: then members with {@code present} may
     * @param whyNoRegistrations for a group, why accounts cannot be created there (a sentence:
     *                           group files are not writable, the group has no file of its own),
     *                           or null when they can
     */
    public record InvitePolicy(Predicate<String> allowUserInvites, Function<String, String> whyNoRegistrations) {
        /** No registration invitations at all: Galène's behaviour. */
        public static final InvitePolicy NONE = new InvitePolicy(group -> false,
                group -> "This server does not offer registration invitations.");
    }

    private final TokenStore store;
    private final Clock clock;
    private final InvitePolicy policy;

    /** Token actions without registration invitations, as in Galène. */
    public TokenActions(TokenStore store, Clock clock) {
        this(store, clock, InvitePolicy.NONE);
    }

    public TokenActions(TokenStore store, Clock clock, InvitePolicy policy) {
        this.store = store;
        this.clock = clock;
        this.policy = policy;
    }

    /**
     * {@code maketoken}: {@code value} holds {@code group} (the requester's), optionally
     * {@code username}, {@code permissions}, {@code expires} and {@code not-before}
     * (RFC 3339, or a number of milliseconds from now), and Nereid's {@code kind}
     * ({@code "join"} or {@code "register"}) and {@code max-uses}. {@code userExists} says
     * whether a name belongs to a user of the group's file: such a name cannot be given away.
     */
    public Reply make(Requester who, JsonNode value, Predicate<String> userExists) {
        String kind = "token";
        try {
            if (value == null || !value.isObject()) {
                throw new BadRequest("The request needs a token description (a JSON object).");
            }
            TokenKind tokenKind = tokenKind(value);
            String refusal = mayMake(who, tokenKind);
            if (refusal != null) {
                return Reply.failure(kind, JoinDecision.NOT_AUTHORISED, refusal);
            }
            if (text(value, "token") != null) {
                throw new BadRequest("The server chooses the token itself; leave \"token\" out.");
            }
            if (value.hasNonNull(StatefulToken.USES) || value.hasNonNull(StatefulToken.REVOKED)) {
                throw new BadRequest("The server counts the uses of an invitation itself; leave out \"uses\""
                        + " and \"revoked\".");
            }
            String group = Optional.ofNullable(text(value, "group")).orElse("");
            if (!group.equals(who.group())) {
                throw new BadRequest("An invitation can only be made for the group you are in (" + who.group() + ").");
            }
            if (value.path("includeSubgroups").asBoolean(false)) {
                throw new BadRequest("Invitations made from a meeting cannot cover subgroups.");
            }
            String username = text(value, "username");
            if (username != null && userExists.test(username)) {
                throw new BadRequest("The name \"" + username + "\" belongs to a user of this group; choose another.");
            }
            if (tokenKind == TokenKind.REGISTER) {
                requireRegistrable(group, username);
            }
            List<String> permissions = strings(value, "permissions");
            for (String p : permissions == null ? List.<String>of() : permissions) {
                if (!who.has(p)) {
                    return Reply.failure(kind, JoinDecision.NOT_AUTHORISED,
                            "You cannot grant the permission \"" + p + "\", which you do not have.");
                }
            }
            Instant now = clock.instant();
            OffsetDateTime expires = time(value, "expires", now);
            if (expires == null) {
                expires = OffsetDateTime.ofInstant(now.plus(DEFAULT_VALIDITY), ZoneOffset.UTC);
            }
            StatefulToken token = new StatefulToken(TokenStore.newTokenId(), group, false, username,
                    permissions, expires, time(value, "not-before", now),
                    OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                    who.username() == null || who.username().isEmpty() ? null : who.username())
                    .withKind(tokenKind).withMaxUses(maxUses(value));
            store.add(token);
            return new Reply(kind, null, token.toJson());
        } catch (BadRequest e) {
            return Reply.failure(kind, "error", e.getMessage());
        } catch (IOException | TokenStore.ConflictException e) {
            log.error("group '{}': cannot store a token made by {}: {}", who.group(), who.username(), e.toString());
            return Reply.failure(kind, "error", "The invitation could not be saved; try again or tell the administrator.");
        }
    }

    /**
     * Why the requester may not make an invitation of this kind, or null if they may: a join
     * invitation needs the {@code token} permission (as in Galène); a registration invitation
     * needs {@code op}, or {@code present} where the group sets {@code allow-user-invites}.
     */
    private String mayMake(Requester who, TokenKind kind) {
        if (kind == TokenKind.JOIN) {
            return who.has("token") ? null : "You may not create invitations in this group.";
        }
        if (who.has("op") || who.has("present") && policy.allowUserInvites().test(who.group())) {
            return null;
        }
        return "You may not create invitations that register new users in this group; only operators may,"
                + " unless the group sets allow-user-invites.";
    }

    private void requireRegistrable(String group, String username) throws BadRequest {
        String obstacle = policy.whyNoRegistrations().apply(group);
        if (obstacle != null) {
            throw new BadRequest(obstacle);
        }
        if (username != null && username.isEmpty()) {
            throw new BadRequest("A registration invitation cannot give the empty name; name a user or leave"
                    + " \"username\" out so the guest chooses.");
        }
    }

    /**
     * {@code edittoken}: {@code value} holds {@code token} and {@code expires} and/or
     * {@code not-before}; nothing else may change. Only tokens of the requester's group.
     * Revoking is an edit with an expiry in the past.
     */
    public Reply edit(Requester who, JsonNode value) {
        String kind = "token";
        if (!who.has("op") || !who.has("token")) {
            return Reply.failure(kind, JoinDecision.NOT_AUTHORISED, "Only operators may change invitations.");
        }
        try {
            if (value == null || !value.isObject()) {
                throw new BadRequest("The request needs a token description (a JSON object).");
            }
            for (var field : value.properties()) {
                if (!EDITABLE.contains(field.getKey()) && !field.getValue().isNull()) {
                    throw new BadRequest("The field \"" + field.getKey() + "\" of an invitation cannot be edited.");
                }
            }
            String id = text(value, "token");
            Instant now = clock.instant();
            OffsetDateTime expires = time(value, "expires", now);
            OffsetDateTime notBefore = time(value, "not-before", now);
            Optional<StatefulToken> current = id == null ? Optional.empty() : store.get(id);
            if (current.isEmpty() || !current.get().group().equals(who.group())) {
                throw new BadRequest("There is no such invitation in this group.");
            }
            // an expiry now or in the past is how Galène's client revokes; a later one lifts that
            Optional<StatefulToken> edited = store.edit(id, t -> {
                StatefulToken e = expires == null ? t
                        : t.withExpires(expires).withRevoked(!expires.toInstant().isAfter(now));
                return notBefore == null ? e : e.withNotBefore(notBefore);
            });
            if (edited.isEmpty()) {
                throw new BadRequest("There is no such invitation in this group.");
            }
            log.info("group '{}': token {} edited by {}", who.group(), TokenStore.shortId(edited.get()), who.username());
            return new Reply(kind, null, edited.get().toJson());
        } catch (BadRequest e) {
            return Reply.failure(kind, "error", e.getMessage());
        } catch (IOException e) {
            log.error("group '{}': cannot edit a token: {}", who.group(), e.toString());
            return Reply.failure(kind, "error", "The invitation could not be saved; try again or tell the administrator.");
        }
    }

    /** {@code listtokens}: the tokens of the requester's group, soonest expiry first. */
    public Reply list(Requester who) {
        String kind = "tokenlist";
        if (!who.has("op") || !who.has("token")) {
            return Reply.failure(kind, JoinDecision.NOT_AUTHORISED, "Only operators may list invitations.");
        }
        try {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            store.list(who.group(), false).forEach(t -> a.add(t.toJson()));
            return new Reply(kind, null, a);
        } catch (IOException e) {
            log.error("group '{}': cannot read the tokens: {}", who.group(), e.toString());
            return Reply.failure(kind, "error", "The invitations could not be read; tell the administrator.");
        }
    }

    /**
     * The invitation link {@code BASE/group/NAME/?token=ID}; {@code base} is the server's
     * public root (the proxyURL when set, else the URL the client used), with or without
     * a trailing slash.
     */
    public static String invitationLink(URI base, String group, String tokenId) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        StringBuilder path = new StringBuilder("group/");
        for (String segment : group.split("/")) {
            path.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")).append('/');
        }
        return root + path + "?token=" + URLEncoder.encode(tokenId, StandardCharsets.UTF_8);
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private static String text(JsonNode value, String name) throws BadRequest {
        JsonNode v = value.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("The field \"" + name + "\" must be a string.");
        }
        return v.textValue();
    }

    private static List<String> strings(JsonNode value, String name) throws BadRequest {
        JsonNode v = value.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    break;
                }
                list.add(e.textValue());
            }
            if (list.size() == v.size()) {
                return list;
            }
        }
        throw new BadRequest("The field \"" + name + "\" must be a list of permission names.");
    }

    private static TokenKind tokenKind(JsonNode value) throws BadRequest {
        String name = text(value, StatefulToken.KIND);
        try {
            return name == null ? TokenKind.JOIN : TokenKind.of(name);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("The field \"kind\" must be \"join\" or \"register\".");
        }
    }

    private static Integer maxUses(JsonNode value) throws BadRequest {
        JsonNode v = value.get(StatefulToken.MAX_USES);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw new BadRequest("The field \"max-uses\" must be a whole number of at least 1 (leave it out for"
                    + " no limit).");
        }
        return v.intValue();
    }

    /** An RFC 3339 time, or as Galène's client sends it a number of milliseconds relative to now. */
    private static OffsetDateTime time(JsonNode value, String name, Instant now) throws BadRequest {
        JsonNode v = value.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return OffsetDateTime.ofInstant(now.plusMillis(v.asLong()), ZoneOffset.UTC);
        }
        if (v.isTextual()) {
            try {
                return Rfc3339.parse(v.textValue());
            } catch (DateTimeParseException e) {
                // fall through to the sentence below
            }
        }
        throw new BadRequest("The field \"" + name + "\" must be a time such as 2026-01-31T18:00:00Z"
                + " or a number of milliseconds from now.");
    }
}
