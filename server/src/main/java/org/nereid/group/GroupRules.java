package org.nereid.group;

import org.nereid.model.GroupDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The part of a group's description that governs a group at run time.
 * Built from the group file by whoever loads it; a subgroup created on the
 * fly inherits its parent's rules through {@link #asSubgroup()}.
 *
 * @param maxClients    0 means unlimited
 * @param notBefore     null when the group has no opening time
 * @param expires       null when the group never closes
 * @param maxHistoryAge how long chat messages are kept (Galène's default is 4 hours)
 * @param allowUserInvites Nereid's allow-user-invites: members with present may invite people to register
 * @param users         the names of the users the file lists (not their passwords)
 */
public record GroupRules(
        String displayName,
        String description,
        boolean isPublic,
        String redirect,
        int maxClients,
        Duration maxHistoryAge,
        Instant notBefore,
        Instant expires,
        boolean allowRecording,
        boolean allowUserInvites,
        boolean autoSubgroups,
        boolean autolock,
        boolean autokick,
        List<String> codecs,
        String authServer,
        String authPortal,
        Set<String> users) {

    public static final Duration DEFAULT_MAX_HISTORY_AGE = Duration.ofHours(4);

    public GroupRules {
        displayName = displayName == null ? "" : displayName;
        description = description == null ? "" : description;
        redirect = redirect == null ? "" : redirect;
        maxHistoryAge = maxHistoryAge == null || maxHistoryAge.isZero() || maxHistoryAge.isNegative()
                ? DEFAULT_MAX_HISTORY_AGE : maxHistoryAge;
        codecs = codecs == null ? List.of() : List.copyOf(codecs);
        authServer = authServer == null ? "" : authServer;
        authPortal = authPortal == null ? "" : authPortal;
        users = users == null ? Set.of() : Set.copyOf(users);
    }

    /** The run-time rules of a group file. */
    public static GroupRules of(GroupDescription d) {
        return new GroupRules(d.displayName(), d.description(), d.isPublic(), d.redirect(), d.maxClients(),
                d.historyAge(), d.notBefore() == null ? null : d.notBefore().toInstant(),
                d.expires() == null ? null : d.expires().toInstant(), d.allowRecording(), d.allowUserInvites(),
                d.autoSubgroups(),
                d.autolock(), d.autokick(), d.codecs(), d.authServer(), d.authPortal(), d.users().keySet());
    }

    /** Whether {@code username} is one of the users the group file names (a name a token may not give away). */
    public boolean hasUser(String username) {
        return users.contains(username);
    }

    /** A group with every rule at Galène's default: open, unlimited, never expiring. */
    public static GroupRules defaults() {
        return new GroupRules("", "", false, "", 0, null, null, null,
                false, false, false, false, false, List.of(), "", "", Set.of());
    }

    /** The rules an automatically created subgroup runs under: its parent's, but never public. */
    public GroupRules asSubgroup() {
        return with(b -> {
            b.description = "";
            b.isPublic = false;
            b.allowUserInvites = false;
        });
    }

    public GroupRules withMaxClients(int n) {
        return with(b -> b.maxClients = n);
    }

    public GroupRules withOpeningHours(Instant opens, Instant closes) {
        return with(b -> {
            b.notBefore = opens;
            b.expires = closes;
        });
    }

    public GroupRules withOperatorRules(boolean lockWithoutOps, boolean kickWithoutOps) {
        return with(b -> {
            b.autolock = lockWithoutOps;
            b.autokick = kickWithoutOps;
        });
    }

    public GroupRules withHistoryAge(Duration age) {
        return with(b -> b.maxHistoryAge = age);
    }

    public GroupRules withAllowRecording(boolean on) {
        return with(b -> b.allowRecording = on);
    }

    public GroupRules withAutoSubgroups(boolean on) {
        return with(b -> b.autoSubgroups = on);
    }

    /** A copy of these rules with {@code change} applied: the one place the with-methods build a record. */
    private GroupRules with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The rules' fields, mutable while a with-method changes some of them. */
    private static final class Builder {
        String displayName;
        String description;
        boolean isPublic;
        String redirect;
        int maxClients;
        Duration maxHistoryAge;
        Instant notBefore;
        Instant expires;
        boolean allowRecording;
        boolean allowUserInvites;
        boolean autoSubgroups;
        boolean autolock;
        boolean autokick;
        List<String> codecs;
        String authServer;
        String authPortal;
        Set<String> users;

        Builder(GroupRules r) {
            displayName = r.displayName;
            description = r.description;
            isPublic = r.isPublic;
            redirect = r.redirect;
            maxClients = r.maxClients;
            maxHistoryAge = r.maxHistoryAge;
            notBefore = r.notBefore;
            expires = r.expires;
            allowRecording = r.allowRecording;
            allowUserInvites = r.allowUserInvites;
            autoSubgroups = r.autoSubgroups;
            autolock = r.autolock;
            autokick = r.autokick;
            codecs = r.codecs;
            authServer = r.authServer;
            authPortal = r.authPortal;
            users = r.users;
        }

        GroupRules build() {
            return new GroupRules(displayName, description, isPublic, redirect, maxClients, maxHistoryAge,
                    notBefore, expires, allowRecording, allowUserInvites, autoSubgroups, autolock, autokick,
                    codecs, authServer, authPortal, users);
        }
    }
}
