package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stateful token, as Galène stores it in {@code data/var/tokens.jsonl}.
 *
 * <p>The JSON form is Galène's: {@code token, group, includeSubgroups, username,
 * permissions, expires, not-before, issuedAt, issuedBy}, in that order, times in
 * RFC 3339 with their original offset. Fields this version does not know are kept
 * in {@link #extra} and written back after the known ones, so a line survives a
 * read–write cycle unchanged and Nereid's own fields do not upset older readers.
 *
 * <p>Nereid's invitation fields live in {@link #extra} too, so Galène (which ignores
 * unknown token fields) still reads the file: {@code "kind"} ({@code "register"}, or
 * absent or {@code "join"}), {@code "max-uses"} (a positive number, absent for no limit),
 * {@code "uses"} (how many times it was used, absent for 0) and {@code "revoked"}
 * ({@code true} when Nereid revoked it). They are checked when a token is built: a
 * wrong type or value is refused with a sentence naming the field.
 *
 * @param token            the secret that goes into {@code ?token=}; {@code ""} only in the
 *                         admin API's view, where the URL carries it
 * @param group            the group it admits to; {@code ""} is the root of the hierarchy
 * @param includeSubgroups whether it also admits to every group below {@link #group}
 * @param username         the username it imposes; {@code null} when the joiner chooses
 *                         one, {@code ""} for an explicitly anonymous token
 * @param permissions      Galène's internal permissions it grants, as stored
 *                         ({@code null} when the file says {@code null} or nothing)
 * @param expires          when it stops working; {@code null} means already unusable
 * @param notBefore        when it starts working, or {@code null}
 * @param issuedAt         when it was minted, or {@code null}
 * @param issuedBy         who minted it, or {@code null}
 * @param extra            fields not listed above, in file order, preserved verbatim
 */
public record StatefulToken(
        String token,
        String group,
        boolean includeSubgroups,
        String username,
        List<String> permissions,
        OffsetDateTime expires,
        OffsetDateTime notBefore,
        OffsetDateTime issuedAt,
        String issuedBy,
        Map<String, JsonNode> extra) {

    private static final Set<String> KNOWN = Set.of("token", "group", "includeSubgroups",
            "username", "permissions", "expires", "not-before", "issuedAt", "issuedBy");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The names of Nereid's invitation fields, stored among the {@link #extra} ones. */
    public static final String KIND = "kind";
    public static final String MAX_USES = "max-uses";
    public static final String USES = "uses";
    public static final String REVOKED = "revoked";

    public StatefulToken {
        token = token == null ? "" : token;
        group = group == null ? "" : group;
        permissions = permissions == null ? null : List.copyOf(permissions);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        checkInvitationFields(extra);
    }

    /** A token with only Galène's fields. */
    public StatefulToken(String token, String group, boolean includeSubgroups, String username,
                         List<String> permissions, OffsetDateTime expires, OffsetDateTime notBefore,
                         OffsetDateTime issuedAt, String issuedBy) {
        this(token, group, includeSubgroups, username, permissions, expires, notBefore,
                issuedAt, issuedBy, Map.of());
    }

    /** The granted permissions, never null. */
    public List<String> permissionList() {
        return permissions == null ? List.of() : permissions;
    }

    /** Whether the joiner must supply a username (the token imposes none). */
    public boolean needsUsername() {
        return username == null;
    }

    /** Whether {@code now} is past the expiry; a token without expiry counts as expired, as in Galène. */
    public boolean expiredAt(Instant now) {
        return expires == null || now.isAfter(expires.toInstant());
    }

    /** Whether {@code now} is before the start of validity. */
    public boolean notYetValidAt(Instant now) {
        return notBefore != null && now.isBefore(notBefore.toInstant());
    }

    /**
     * Whether this token admits to {@code groupName}: its own group, or with
     * {@code includeSubgroups} any group below it; a root token ({@code group ""})
     * with {@code includeSubgroups} admits everywhere, including the root itself.
     */
    public boolean appliesTo(String groupName) {
        if (groupName.isEmpty()) {
            return includeSubgroups && group.isEmpty();
        }
        if (groupName.equals(group)) {
            return true;
        }
        if (!includeSubgroups) {
            return false;
        }
        return group.isEmpty() || groupName.startsWith(group + "/");
    }

    /** What the token lets its holder do; {@link TokenKind#JOIN} unless it says {@code "kind": "register"}. */
    public TokenKind kind() {
        JsonNode k = extra.get(KIND);
        return k == null || k.isNull() ? TokenKind.JOIN : TokenKind.of(k.textValue());
    }

    /** How many times it may be used, or null for no limit. */
    public Integer maxUses() {
        JsonNode n = extra.get(MAX_USES);
        return n == null || n.isNull() ? null : n.intValue();
    }

    /** How many times it was used (a join admitted, or a user registered). */
    public int uses() {
        JsonNode n = extra.get(USES);
        return n == null || n.isNull() ? 0 : n.intValue();
    }

    /** How many uses are left, or null for no limit. */
    public Integer remainingUses() {
        Integer max = maxUses();
        return max == null ? null : Math.max(0, max - uses());
    }

    /** Whether Nereid marked it revoked (as opposed to merely expired). */
    public boolean revoked() {
        JsonNode r = extra.get(REVOKED);
        return r != null && r.booleanValue();
    }

    /** Whether {@code now} it is revoked, used up, expired, not yet valid, or valid (first that applies). */
    public TokenState stateAt(Instant now) {
        if (revoked()) {
            return TokenState.REVOKED;
        }
        Integer remaining = remainingUses();
        if (remaining != null && remaining == 0) {
            return TokenState.USED_UP;
        }
        if (expiredAt(now)) {
            return TokenState.EXPIRED;
        }
        return notYetValidAt(now) ? TokenState.NOT_YET_VALID : TokenState.VALID;
    }

    /** The same token of another kind; a join token carries no {@code kind} field, as Galène writes it. */
    public StatefulToken withKind(TokenKind kind) {
        return withExtra(KIND, kind == TokenKind.JOIN ? null : TextNode.valueOf(kind.jsonName()));
    }

    /** The same token with another use limit; null removes the limit. */
    public StatefulToken withMaxUses(Integer maxUses) {
        return withExtra(MAX_USES, maxUses == null ? null : IntNode.valueOf(maxUses));
    }

    /** The same token with another use count; 0 removes the field. */
    public StatefulToken withUses(int uses) {
        return withExtra(USES, uses == 0 ? null : IntNode.valueOf(uses));
    }

    /** The same token marked revoked, or with the mark removed. */
    public StatefulToken withRevoked(boolean revoked) {
        return withExtra(REVOKED, revoked ? BooleanNode.TRUE : null);
    }

    /** The same token with one extra field set (at its old place if it had one), or removed when {@code value} is null. */
    private StatefulToken withExtra(String name, JsonNode value) {
        Map<String, JsonNode> changed = new LinkedHashMap<>(extra);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new StatefulToken(token, group, includeSubgroups, username, permissions,
                expires, notBefore, issuedAt, issuedBy, changed);
    }

    public StatefulToken withExpires(OffsetDateTime newExpires) {
        return new StatefulToken(token, group, includeSubgroups, username, permissions,
                newExpires, notBefore, issuedAt, issuedBy, extra);
    }

    public StatefulToken withNotBefore(OffsetDateTime newNotBefore) {
        return new StatefulToken(token, group, includeSubgroups, username, permissions,
                expires, newNotBefore, issuedAt, issuedBy, extra);
    }

    /** The same token with other permissions. */
    public StatefulToken withPermissions(List<String> newPermissions) {
        return new StatefulToken(token, group, includeSubgroups, username, newPermissions,
                expires, notBefore, issuedAt, issuedBy, extra);
    }

    /** The token as the admin API shows it: without its secret and group, which the URL carries. */
    public StatefulToken withoutTokenAndGroup() {
        return new StatefulToken("", "", includeSubgroups, username, permissions,
                expires, notBefore, issuedAt, issuedBy, extra);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "StatefulToken[group=" + group + ", username=" + username + ", permissions=" + permissions
                + ", expires=" + expires + "]";
    }

    /**
     * Reads one token from its JSON object. Unknown fields are kept; a known field
     * of the wrong type is refused with a message naming it, and so is a number beyond a
     * double anywhere (Jackson would keep it as Infinity and write it back as the string
     * "Infinity"; Galène refuses such a line too). Jackson uses it too.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static StatefulToken fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a token must be a JSON object");
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!KNOWN.contains(field.getKey())) {
                extra.put(field.getKey(), field.getValue());
            }
        }
        if (!finite(node)) {
            throw new IllegalArgumentException("a token holds a number too large to keep");
        }
        return new StatefulToken(
                string(node, "token"),
                string(node, "group"),
                bool(node, "includeSubgroups"),
                string(node, "username"),
                stringList(node, "permissions"),
                time(node, "expires"),
                time(node, "not-before"),
                time(node, "issuedAt"),
                string(node, "issuedBy"),
                extra);
    }

    private static boolean finite(JsonNode n) {
        if (n.isNumber()) {
            return !n.isFloatingPointNumber() || Double.isFinite(n.doubleValue());
        }
        for (JsonNode child : n) {
            if (!finite(child)) {
                return false;
            }
        }
        return true;
    }

    /** Parses one line of {@code tokens.jsonl}. */
    public static StatefulToken fromJson(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromJson(node);
    }

    /** This token as Galène writes it, unknown fields last. Jackson uses it too. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("token", token);
        o.put("group", group);
        if (includeSubgroups) {
            o.put("includeSubgroups", true);
        }
        if (username != null) {
            o.put("username", username);
        }
        if (permissions == null) {
            o.putNull("permissions");
        } else {
            ArrayNode a = o.putArray("permissions");
            permissions.forEach(a::add);
        }
        putTime(o, "expires", expires);
        putTime(o, "not-before", notBefore);
        putTime(o, "issuedAt", issuedAt);
        if (issuedBy != null) {
            o.put("issuedBy", issuedBy);
        }
        extra.forEach(o::set);
        return o;
    }

    /** One line of {@code tokens.jsonl}, without the newline. */
    public String toJsonLine() {
        try {
            return MAPPER.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void checkInvitationFields(Map<String, JsonNode> extra) {
        JsonNode kind = extra.get(KIND);
        if (kind != null && !kind.isNull()) {
            if (!kind.isTextual()) {
                throw new IllegalArgumentException("field \"kind\" must be \"join\" or \"register\"");
            }
            TokenKind.of(kind.textValue());
        }
        checkCount(extra.get(MAX_USES), MAX_USES, 1);
        checkCount(extra.get(USES), USES, 0);
        JsonNode revoked = extra.get(REVOKED);
        if (revoked != null && !revoked.isNull() && !revoked.isBoolean()) {
            throw new IllegalArgumentException("field \"revoked\" must be true or false");
        }
    }

    private static void checkCount(JsonNode n, String name, int least) {
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.isIntegralNumber() && n.intValue() >= least)) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a whole number of at least " + least);
        }
    }

    private static void putTime(ObjectNode o, String name, OffsetDateTime t) {
        if (t != null) {
            o.put(name, Rfc3339.format(t));
        }
    }

    private static String string(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a string");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be true or false");
        }
        return v.booleanValue();
    }

    private static List<String> stringList(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a list of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("field \"" + name + "\" must be a list of strings");
            }
            list.add(e.textValue());
        }
        return list;
    }

    private static OffsetDateTime time(JsonNode node, String name) {
        String s = string(node, name);
        if (s == null) {
            return null;
        }
        try {
            return Rfc3339.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field \"" + name
                    + "\" must be an RFC 3339 time such as 2026-01-31T18:00:00Z, not \"" + s + "\"", e);
        }
    }
}
