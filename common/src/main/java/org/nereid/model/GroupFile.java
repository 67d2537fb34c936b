package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.nereid.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group file exactly as written, obsolete fields included. {@link #upgrade} turns it into
 * a {@link GroupDescription} the way Galène upgrades old files when it reads them: the
 * lists {@code op}, {@code presenter} and {@code other} become users, {@code allow-subgroups}
 * becomes {@code auto-subgroups}. Nereid also accepts
 * {@code fallback-users} (briefly documented by Galène before 0.9) and makes its first
 * entry the wildcard user.
 */
record GroupFile(
        @JsonProperty("displayName") String displayName,
        @JsonProperty("description") String description,
        @JsonProperty("contact") String contact,
        @JsonProperty("comment") String comment,
        @JsonProperty("public") boolean isPublic,
        @JsonProperty("redirect") String redirect,
        @JsonProperty("max-clients") int maxClients,
        @JsonProperty("max-history-age") int maxHistoryAge,
        @JsonProperty("expires") @JsonDeserialize(using = Rfc3339.Reader.class) OffsetDateTime expires,
        @JsonProperty("not-before") @JsonDeserialize(using = Rfc3339.Reader.class) OffsetDateTime notBefore,
        @JsonProperty("allow-recording") boolean allowRecording,
        @JsonProperty("allow-anonymous") boolean allowAnonymous,
        @JsonProperty("unrestricted-tokens") boolean unrestrictedTokens,
        @JsonProperty("allow-user-invites") boolean allowUserInvites,
        @JsonProperty("auto-subgroups") boolean autoSubgroups,
        @JsonProperty("autolock") boolean autolock,
        @JsonProperty("autokick") boolean autokick,
        @JsonProperty("users") Map<String, UserDescription> users,
        @JsonProperty("wildcard-user") UserDescription wildcardUser,
        @JsonProperty("authKeys") List<Map<String, Object>> authKeys,
        @JsonProperty("authServer") String authServer,
        @JsonProperty("authPortal") String authPortal,
        @JsonProperty("codecs") List<String> codecs,
        @JsonProperty("op") List<LegacyUser> op,
        @JsonProperty("presenter") List<LegacyUser> presenter,
        @JsonProperty("other") List<LegacyUser> other,
        @JsonProperty("allow-subgroups") boolean allowSubgroups,
        @JsonProperty("fallback-users") List<UserDescription> fallbackUsers) {

    private static final Logger LOG = LoggerFactory.getLogger(GroupFile.class);

    GroupDescription upgrade(Consumer<String> warn) {
        Map<String, UserDescription> allUsers = new TreeMap<>();
        if (users != null) {
            users.forEach((name, user) -> allUsers.put(name, user == null ? UserDescription.EMPTY : user));
        }
        UserDescription[] wildcard = {wildcardUser};
        Consumer<UserDescription> setWildcard = user -> {
            if (wildcard[0] != null) {
                warn.accept("duplicate wildcard user, ignored");
            } else {
                wildcard[0] = user;
            }
        };
        upgradeLegacy(op, "op", allUsers, setWildcard, warn);
        upgradeLegacy(presenter, "present", allUsers, setWildcard, warn);
        upgradeLegacy(other, "message", allUsers, setWildcard, warn);
        if (fallbackUsers != null) {
            for (UserDescription user : fallbackUsers) {
                setWildcard.accept(user == null ? UserDescription.EMPTY : user);
            }
        }
        return new GroupDescription(displayName, description, contact, comment, isPublic, redirect,
                maxClients, maxHistoryAge, expires, notBefore, allowRecording, allowAnonymous, unrestrictedTokens,
                allowUserInvites, autoSubgroups || allowSubgroups, autolock, autokick, allUsers, wildcard[0], authKeys,
                authServer, authPortal, codecs);
    }

    private static void upgradeLegacy(List<LegacyUser> patterns, String permissionSet,
                                      Map<String, UserDescription> users, Consumer<UserDescription> setWildcard,
                                      Consumer<String> warn) {
        if (patterns == null) {
            return;
        }
        for (LegacyUser pattern : patterns) {
            if (pattern == null || pattern.isWildcard()) {
                setWildcard.accept((pattern == null ? new LegacyUser(null, null) : pattern).upgrade(permissionSet));
            } else if (users.containsKey(pattern.username())) {
                warn.accept("duplicate user " + pattern.username() + ", ignored");
            } else {
                users.put(pattern.username(), pattern.upgrade(permissionSet));
            }
        }
    }

    /** Reads a group file through {@link GroupFile}, logging upgrade warnings with the file's name. */
    static final class Reader extends StdDeserializer<GroupDescription> {
        Reader() {
            super(GroupDescription.class);
        }

        @Override
        public GroupDescription deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            GroupFile file = ctxt.readValue(p, GroupFile.class);
            Object source = ctxt.getAttribute(Json.SOURCE_ATTRIBUTE);
            String where = source == null ? "group description" : source.toString();
            return file.upgrade(warning -> LOG.warn("{}: {}", where, warning));
        }
    }
}
