package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One line of Nereid's audit trail ({@code data/var/audit.jsonl}): who did what to what,
 * from where, and how it ended. Galène keeps no such file; the format is Nereid's own.
 * Every text an outsider can choose (names, reasons) is cut to {@link #MAX_TEXT}
 * characters when the entry is made, so a hostile name cannot grow the file or a listing.
 *
 * @param time       when, to the microsecond, as {@link Instant#toString()} writes it
 * @param actor      who did it
 * @param action     what was done, e.g. {@code kick}, {@code group.put}, {@code login}
 * @param group      the group it concerns, or null
 * @param target     whom or what it was done to (a user, a token, a path), or null
 * @param outcome    {@link #OK}, {@link #REFUSED} or {@link #FAILED}
 * @param reason     why it was refused or failed, or a detail; null when there is nothing to say
 * @param suppressed how many similar refusals were left out before this one (floods), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(String time, Actor actor, String action, String group, String target, String outcome,
                         String reason, Integer suppressed) {
    public static final String OK = "ok";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";
    public static final int MAX_TEXT = 200;

    /**
     * @param kind    {@code admin} (the admin API), {@code user} (a group member), {@code token}
     *                (a member who came with a token), {@code guest} (not yet authenticated) or
     *                {@code system}
     * @param name    the user name, or null
     * @param address the remote address it came from, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Actor(String kind, String name, String address) {
        public Actor {
            name = bounded(name);
            address = bounded(address);
        }
    }

    public AuditEntry {
        group = bounded(group);
        target = bounded(target);
        reason = bounded(reason);
    }

    /** An entry stamped now. */
    public static AuditEntry of(Instant now, Actor actor, String action, String group, String target,
                                String outcome, String reason) {
        return new AuditEntry(now.toString(), actor, action, group, target, outcome, reason, null);
    }

    public AuditEntry withSuppressed(int count) {
        return new AuditEntry(time, actor, action, group, target, outcome, reason, count == 0 ? null : count);
    }

    private static String bounded(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        int end = MAX_TEXT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** When it happened. */
    public Instant instant() {
        return Instant.parse(time);
    }
}
