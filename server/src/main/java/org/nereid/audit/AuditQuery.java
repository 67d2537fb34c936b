package org.nereid.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.nereid.json.Json;
import org.nereid.model.AuditEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A page of the audit trail, newest first: entries matching every filter given, older
 * than {@code before} (the previous page's last time) and not older than {@code since}.
 *
 * @param action an exact action, or one ending in {@code .} or {@code *} for a family (e.g. {@code token.})
 * @param actor  the actor's name, exactly
 * @param group  the group, exactly
 * @param limit  how many at most (1 to {@link #MAX_LIMIT})
 */
public record AuditQuery(String action, String actor, String group, Instant since, Instant before, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Thrown for a query parameter that makes no sense, with a sentence for the client. */
    public static final class BadQueryException extends Exception {
        public BadQueryException(String message) {
            super(message);
        }
    }

    /** Reads the query from URL parameters ({@code action, actor, group, since, before, limit}). */
    public static AuditQuery of(Map<String, String> parameters) throws BadQueryException {
        for (String name : parameters.keySet()) {
            if (!List.of("action", "actor", "group", "since", "before", "limit").contains(name)) {
                throw new BadQueryException("Unknown parameter \"" + bounded(name)
                        + "\"; use action, actor, group, since, before or limit.");
            }
        }
        int limit = DEFAULT_LIMIT;
        String l = parameters.get("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new BadQueryException("limit must be a number from 1 to " + MAX_LIMIT + ".");
            }
        }
        return new AuditQuery(parameters.get("action"), parameters.get("actor"), parameters.get("group"),
                time(parameters, "since"), time(parameters, "before"), limit);
    }

    /** The matching entries of the trail's files (oldest file first), newest entry first. */
    public List<AuditEntry> read(List<Path> files) throws IOException {
        List<AuditEntry> page = new ArrayList<>();
        for (int f = files.size() - 1; f >= 0; f--) {
            List<String> lines;
            try {
                lines = Files.readAllLines(files.get(f), StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException rotatedMeanwhile) {
                continue;
            }
            for (int i = lines.size() - 1; i >= 0; i--) {
                AuditEntry e = parse(lines.get(i));
                if (e == null) {
                    continue;
                }
                Instant t = e.instant();
                if (since != null && t.isBefore(since)) {
                    return page;
                }
                if (matches(e, t)) {
                    page.add(e);
                    if (page.size() == limit) {
                        return page;
                    }
                }
            }
        }
        return page;
    }

    private boolean matches(AuditEntry e, Instant t) {
        if (before != null && !t.isBefore(before)) {
            return false;
        }
        if (group != null && !group.equals(e.group())) {
            return false;
        }
        if (actor != null && (e.actor() == null || !actor.equals(e.actor().name()))) {
            return false;
        }
        if (action == null) {
            return true;
        }
        if (action.endsWith("*") || action.endsWith(".")) {
            String family = action.endsWith("*") ? action.substring(0, action.length() - 1) : action;
            return e.action() != null && e.action().startsWith(family);
        }
        return action.equals(e.action());
    }

    private static AuditEntry parse(String line) {
        try {
            AuditEntry e = Json.lenientMapper().readValue(line, AuditEntry.class);
            e.instant();
            return e;
        } catch (JsonProcessingException | DateTimeParseException | NullPointerException e) {
            return null; // not ours, or damaged by hand: the rest of the trail still reads
        }
    }

    private static Instant time(Map<String, String> parameters, String name) throws BadQueryException {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadQueryException(name + " must be a time such as 2026-12-06T08:00:00Z.");
        }
    }

    private static String bounded(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
