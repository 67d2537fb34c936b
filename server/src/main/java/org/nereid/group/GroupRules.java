package org.nereid.group;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The part of a group's description that governs a group at run time.
 * Built from the group file by whoever loads it; a subgroup created on the
 * fly inherits its parent's rules through {@link #asSubgroup()}.
 *
 * @param maxClients    0 means unlimited
 * @param notBefore     null when the group has no opening time
 * @param expires       null when the group never closes
 * @param maxHistoryAge how long chat messages are kept (Galène's default is 4 hours)
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
        boolean autoSubgroups,
        boolean autolock,
        boolean autokick,
        List<String> codecs,
        String authServer,
        String authPortal) {

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
    }

    /** A group with every rule at Galène's default: open, unlimited, never expiring. */
    public static GroupRules defaults() {
        return new GroupRules("", "", false, "", 0, null, null, null,
                false, false, false, false, List.of(), "", "");
    }

    /** The rules an automatically created subgroup runs under: its parent's, but never public. */
    public GroupRules asSubgroup() {
        return new GroupRules(displayName, "", false, redirect, maxClients, maxHistoryAge, notBefore,
                expires, allowRecording, autoSubgroups, autolock, autokick, codecs, authServer, authPortal);
    }

    public GroupRules withMaxClients(int n) {
        return new GroupRules(displayName, description, isPublic, redirect, n, maxHistoryAge, notBefore,
                expires, allowRecording, autoSubgroups, autolock, autokick, codecs, authServer, authPortal);
    }

    public GroupRules withOpeningHours(Instant opens, Instant closes) {
        return new GroupRules(displayName, description, isPublic, redirect, maxClients, maxHistoryAge, opens,
                closes, allowRecording, autoSubgroups, autolock, autokick, codecs, authServer, authPortal);
    }

    public GroupRules withOperatorRules(boolean lockWithoutOps, boolean kickWithoutOps) {
        return new GroupRules(displayName, description, isPublic, redirect, maxClients, maxHistoryAge, notBefore,
                expires, allowRecording, autoSubgroups, lockWithoutOps, kickWithoutOps, codecs, authServer,
                authPortal);
    }

    public GroupRules withHistoryAge(Duration age) {
        return new GroupRules(displayName, description, isPublic, redirect, maxClients, age, notBefore,
                expires, allowRecording, autoSubgroups, autolock, autokick, codecs, authServer, authPortal);
    }

    public GroupRules withAutoSubgroups(boolean on) {
        return new GroupRules(displayName, description, isPublic, redirect, maxClients, maxHistoryAge, notBefore,
                expires, allowRecording, on, autolock, autokick, codecs, authServer, authPortal);
    }
}
