package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A stateful token: a line of {@code data/var/tokens.jsonl}, and the token object of the
 * admin API, with Galène's field names. Like Galène, readers ignore fields they do not
 * know here, so that a newer server's tokens file stays readable.
 *
 * @param token            the secret that goes into invitation links
 * @param group            the group, or {@code ""} for the root of all groups
 * @param includeSubgroups whether the token also admits to every group below {@code group}
 * @param username         the username forced on whoever uses the token; null lets them choose
 * @param permissions      internal permissions granted (never null)
 * @param expires          after this the token admits nobody; null: never valid (as in Galène)
 * @param notBefore        before this the token admits nobody; null: no lower bound
 * @param issuedAt         when it was made; informative
 * @param issuedBy         who made it; informative
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"token", "group", "includeSubgroups", "username", "permissions", "expires", "not-before",
        "issuedAt", "issuedBy"})
public record StatefulToken(
        @JsonProperty("token") String token,
        @JsonProperty("group") String group,
        @JsonProperty("includeSubgroups") @JsonInclude(Include.NON_DEFAULT) boolean includeSubgroups,
        @JsonProperty("username") @JsonInclude(Include.NON_NULL) String username,
        @JsonProperty("permissions") List<String> permissions,
        @JsonProperty("expires") @JsonInclude(Include.NON_NULL) @JsonSerialize(using = Rfc3339.Writer.class)
        @JsonDeserialize(using = Rfc3339.Reader.class) OffsetDateTime expires,
        @JsonProperty("not-before") @JsonInclude(Include.NON_NULL) @JsonSerialize(using = Rfc3339.Writer.class)
        @JsonDeserialize(using = Rfc3339.Reader.class) OffsetDateTime notBefore,
        @JsonProperty("issuedAt") @JsonInclude(Include.NON_NULL) @JsonSerialize(using = Rfc3339.Writer.class)
        @JsonDeserialize(using = Rfc3339.Reader.class) OffsetDateTime issuedAt,
        @JsonProperty("issuedBy") @JsonInclude(Include.NON_NULL) String issuedBy) {

    public StatefulToken {
        token = Objects.requireNonNullElse(token, "");
        group = Objects.requireNonNullElse(group, "");
        permissions = permissions == null ? List.of()
                : permissions.stream().map(p -> Objects.requireNonNullElse(p, "")).toList();
    }

    /**
     * Whether the token admits to {@code groupName}, as Galène decides: its own group, and
     * with {@code includeSubgroups} every group below it (every group at all for the root).
     */
    public boolean appliesTo(String groupName) {
        if (groupName.isEmpty()) {
            return includeSubgroups && group.isEmpty();
        }
        if (groupName.equals(group)) {
            return true;
        }
        return includeSubgroups && (group.isEmpty() || groupName.startsWith(group + "/"));
    }

    /** True if the user must supply a username (the token does not carry one). */
    public boolean needsUsername() {
        return username == null;
    }

    /** True if the token has expired at {@code now}, or never had an expiry (Galène refuses those). */
    public boolean expiredAt(Instant now) {
        return expires == null || now.isAfter(expires.toInstant());
    }

    /** True if {@code now} is before the token's not-before time. */
    public boolean notYetValidAt(Instant now) {
        return notBefore != null && now.isBefore(notBefore.toInstant());
    }

    /** The same token with another expiry (revoking sets it in the past). */
    public StatefulToken withExpires(OffsetDateTime newExpires) {
        return new StatefulToken(token, group, includeSubgroups, username, permissions, newExpires, notBefore,
                issuedAt, issuedBy);
    }

    /** The same token with other permissions. */
    public StatefulToken withPermissions(List<String> newPermissions) {
        return new StatefulToken(token, group, includeSubgroups, username, newPermissions, expires, notBefore,
                issuedAt, issuedBy);
    }

    /** The token as the admin API shows it: without its secret and group, which the URL carries. */
    public StatefulToken withoutTokenAndGroup() {
        return new StatefulToken("", "", includeSubgroups, username, permissions, expires, notBefore, issuedAt,
                issuedBy);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "StatefulToken[group=" + group + ", username=" + username + ", permissions=" + permissions
                + ", expires=" + expires + "]";
    }
}
