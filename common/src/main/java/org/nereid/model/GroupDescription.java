package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A group file ({@code groups/NAME.json}) with Galène's field names. Written back, empty and
 * default fields are left out as Galène leaves them out, and obsolete fields (read through
 * {@link GroupFile}) are written in their modern form. Strings are never null ({@code ""}
 * means absent), collections never null and unmodifiable, users sorted by name.
 *
 * <p>{@code allow-anonymous} is kept and means what Galène's manual says (an empty username
 * may join), although Galène 0.9 and later drop the field as obsolete.
 *
 * <p>{@code allow-user-invites} is Nereid's: members (with {@code present}) may make
 * registration invitations. Galène refuses a group file with a field it does not
 * know, so a file that sets it is Nereid's only.
 */
@JsonDeserialize(using = GroupFile.Reader.class)
@JsonPropertyOrder({"displayName", "description", "contact", "comment", "public", "redirect", "max-clients",
        "max-history-age", "expires", "not-before", "allow-recording", "allow-anonymous", "unrestricted-tokens",
        "allow-user-invites", "auto-subgroups",
        "autolock", "autokick", "users", "wildcard-user", "authKeys", "authServer", "authPortal", "codecs"})
public record GroupDescription(
        @JsonProperty("displayName") @JsonInclude(Include.NON_EMPTY) String displayName,
        @JsonProperty("description") @JsonInclude(Include.NON_EMPTY) String description,
        @JsonProperty("contact") @JsonInclude(Include.NON_EMPTY) String contact,
        @JsonProperty("comment") @JsonInclude(Include.NON_EMPTY) String comment,
        @JsonProperty("public") @JsonInclude(Include.NON_DEFAULT) boolean isPublic,
        @JsonProperty("redirect") @JsonInclude(Include.NON_EMPTY) String redirect,
        @JsonProperty("max-clients") @JsonInclude(Include.NON_DEFAULT) int maxClients,
        @JsonProperty("max-history-age") @JsonInclude(Include.NON_DEFAULT) int maxHistoryAge,
        @JsonProperty("expires") @JsonInclude(Include.NON_NULL) @JsonSerialize(using = Rfc3339.Writer.class)
        OffsetDateTime expires,
        @JsonProperty("not-before") @JsonInclude(Include.NON_NULL) @JsonSerialize(using = Rfc3339.Writer.class)
        OffsetDateTime notBefore,
        @JsonProperty("allow-recording") @JsonInclude(Include.NON_DEFAULT) boolean allowRecording,
        @JsonProperty("allow-anonymous") @JsonInclude(Include.NON_DEFAULT) boolean allowAnonymous,
        @JsonProperty("unrestricted-tokens") @JsonInclude(Include.NON_DEFAULT) boolean unrestrictedTokens,
        @JsonProperty("allow-user-invites") @JsonInclude(Include.NON_DEFAULT) boolean allowUserInvites,
        @JsonProperty("auto-subgroups") @JsonInclude(Include.NON_DEFAULT) boolean autoSubgroups,
        @JsonProperty("autolock") @JsonInclude(Include.NON_DEFAULT) boolean autolock,
        @JsonProperty("autokick") @JsonInclude(Include.NON_DEFAULT) boolean autokick,
        @JsonProperty("users") @JsonInclude(Include.NON_EMPTY) Map<String, UserDescription> users,
        @JsonProperty("wildcard-user") @JsonInclude(Include.NON_NULL) UserDescription wildcardUser,
        @JsonProperty("authKeys") @JsonInclude(Include.NON_EMPTY) List<Map<String, Object>> authKeys,
        @JsonProperty("authServer") @JsonInclude(Include.NON_EMPTY) String authServer,
        @JsonProperty("authPortal") @JsonInclude(Include.NON_EMPTY) String authPortal,
        @JsonProperty("codecs") @JsonInclude(Include.NON_EMPTY) List<String> codecs) {

    /** Chat history is kept this long unless {@code max-history-age} says otherwise. */
    public static final Duration DEFAULT_HISTORY_AGE = Duration.ofHours(4);

    /** A group file with nothing in it: {@code {}}. */
    public static final GroupDescription EMPTY = builder().build();

    public GroupDescription {
        displayName = Objects.requireNonNullElse(displayName, "");
        description = Objects.requireNonNullElse(description, "");
        contact = Objects.requireNonNullElse(contact, "");
        comment = Objects.requireNonNullElse(comment, "");
        redirect = Objects.requireNonNullElse(redirect, "");
        authServer = Objects.requireNonNullElse(authServer, "");
        authPortal = Objects.requireNonNullElse(authPortal, "");
        users = copyUsers(users);
        authKeys = copyKeys(authKeys);
        codecs = codecs == null ? List.of() : codecs.stream().map(c -> Objects.requireNonNullElse(c, "")).toList();
    }

    /** How long chat history is kept. */
    public Duration historyAge() {
        return maxHistoryAge != 0 ? Duration.ofSeconds(maxHistoryAge) : DEFAULT_HISTORY_AGE;
    }

    /** True if this file holds users, a wildcard user or keys (which the admin API edits separately). */
    public boolean hasSecrets() {
        return !users.isEmpty() || wildcardUser != null || !authKeys.isEmpty();
    }

    /** What the admin API publishes of a group: everything but users, wildcard user and keys. */
    public GroupDescription withoutSecrets() {
        return toBuilder().users(Map.of()).wildcardUser(null).authKeys(List.of()).build();
    }

    /** This description with the users, wildcard user and keys of {@code old} (as Galène's API PUT does). */
    public GroupDescription withSecretsOf(GroupDescription old) {
        return toBuilder().users(old.users).wildcardUser(old.wildcardUser).authKeys(old.authKeys).build();
    }

    /** The description an automatic subgroup inherits: never public, no description. */
    public GroupDescription asSubgroup() {
        return toBuilder().isPublic(false).description("").build();
    }

    public GroupDescription withUser(String name, UserDescription user) {
        Map<String, UserDescription> changed = new TreeMap<>(users);
        changed.put(Objects.requireNonNull(name), Objects.requireNonNull(user));
        return toBuilder().users(changed).build();
    }

    public GroupDescription withoutUser(String name) {
        Map<String, UserDescription> changed = new TreeMap<>(users);
        changed.remove(name);
        return toBuilder().users(changed).build();
    }

    public GroupDescription withWildcardUser(UserDescription user) {
        return toBuilder().wildcardUser(user).build();
    }

    public GroupDescription withAuthKeys(List<Map<String, Object>> keys) {
        return toBuilder().authKeys(keys).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static Map<String, UserDescription> copyUsers(Map<String, UserDescription> users) {
        if (users == null || users.isEmpty()) {
            return Map.of();
        }
        Map<String, UserDescription> copy = new TreeMap<>();
        users.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNullElse(v,
                UserDescription.EMPTY)));
        return Collections.unmodifiableMap(copy);
    }

    private static List<Map<String, Object>> copyKeys(List<Map<String, Object>> keys) {
        if (keys == null) {
            return List.of();
        }
        List<Map<String, Object>> copy = new ArrayList<>(keys.size());
        for (Map<String, Object> key : keys) {
            copy.add(key == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(key)));
        }
        return List.copyOf(copy);
    }

    /** Mutable builder, for editors (console, nereidctl, admin API) that change a few fields. */
    public static final class Builder {
        private String displayName;
        private String description;
        private String contact;
        private String comment;
        private boolean isPublic;
        private String redirect;
        private int maxClients;
        private int maxHistoryAge;
        private OffsetDateTime expires;
        private OffsetDateTime notBefore;
        private boolean allowRecording;
        private boolean allowAnonymous;
        private boolean unrestrictedTokens;
        private boolean allowUserInvites;
        private boolean autoSubgroups;
        private boolean autolock;
        private boolean autokick;
        private Map<String, UserDescription> users;
        private UserDescription wildcardUser;
        private List<Map<String, Object>> authKeys;
        private String authServer;
        private String authPortal;
        private List<String> codecs;

        private Builder() {
        }

        private Builder(GroupDescription d) {
            displayName = d.displayName;
            description = d.description;
            contact = d.contact;
            comment = d.comment;
            isPublic = d.isPublic;
            redirect = d.redirect;
            maxClients = d.maxClients;
            maxHistoryAge = d.maxHistoryAge;
            expires = d.expires;
            notBefore = d.notBefore;
            allowRecording = d.allowRecording;
            allowAnonymous = d.allowAnonymous;
            unrestrictedTokens = d.unrestrictedTokens;
            allowUserInvites = d.allowUserInvites;
            autoSubgroups = d.autoSubgroups;
            autolock = d.autolock;
            autokick = d.autokick;
            users = d.users;
            wildcardUser = d.wildcardUser;
            authKeys = d.authKeys;
            authServer = d.authServer;
            authPortal = d.authPortal;
            codecs = d.codecs;
        }

        public Builder displayName(String v) { displayName = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder contact(String v) { contact = v; return this; }
        public Builder comment(String v) { comment = v; return this; }
        public Builder isPublic(boolean v) { isPublic = v; return this; }
        public Builder redirect(String v) { redirect = v; return this; }
        public Builder maxClients(int v) { maxClients = v; return this; }
        public Builder maxHistoryAge(int v) { maxHistoryAge = v; return this; }
        public Builder expires(OffsetDateTime v) { expires = v; return this; }
        public Builder notBefore(OffsetDateTime v) { notBefore = v; return this; }
        public Builder allowRecording(boolean v) { allowRecording = v; return this; }
        public Builder allowAnonymous(boolean v) { allowAnonymous = v; return this; }
        public Builder unrestrictedTokens(boolean v) { unrestrictedTokens = v; return this; }
        public Builder allowUserInvites(boolean v) { allowUserInvites = v; return this; }
        public Builder autoSubgroups(boolean v) { autoSubgroups = v; return this; }
        public Builder autolock(boolean v) { autolock = v; return this; }
        public Builder autokick(boolean v) { autokick = v; return this; }
        public Builder users(Map<String, UserDescription> v) { users = v; return this; }
        public Builder wildcardUser(UserDescription v) { wildcardUser = v; return this; }
        public Builder authKeys(List<Map<String, Object>> v) { authKeys = v; return this; }
        public Builder authServer(String v) { authServer = v; return this; }
        public Builder authPortal(String v) { authPortal = v; return this; }
        public Builder codecs(List<String> v) { codecs = v; return this; }

        public GroupDescription build() {
            return new GroupDescription(displayName, description, contact, comment, isPublic, redirect, maxClients,
                    maxHistoryAge, expires, notBefore, allowRecording, allowAnonymous, unrestrictedTokens,
                    allowUserInvites, autoSubgroups, autolock, autokick, users, wildcardUser, authKeys, authServer, authPortal, codecs);
        }
    }
}
