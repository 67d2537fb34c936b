package org.nereid.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and durations as operators type them, and as Galène's JSON stores them
 * (RFC 3339 dates; durations in seconds).
 */
public final class TimeText {
    public static final String DATE_HELP = "Like 2026-12-24 18:00 (this computer's time zone), 2026-12-24,"
            + " or 2026-12-24T18:00:00+01:00. Leave empty for none.";
    public static final String DURATION_HELP = "Like 90s, 30m, 4h, 2d or 1h30m; a plain number is seconds.";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([dhms])");

    private TimeText() {
    }

    /** Parses a date typed by the operator; empty gives null. */
    public static Instant parseInstant(String text, ZoneId zone) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset: try the local forms
        }
        String local = s.replace(' ', 'T');
        try {
            return LocalDateTime.parse(local).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // try a bare date
        }
        try {
            return LocalDate.parse(s).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a date. " + DATE_HELP, e);
        }
    }

    /** How a date is shown to the operator (local time, minutes). */
    public static String show(Instant t, ZoneId zone) {
        return t == null ? "" : SHOWN.format(t.atZone(zone));
    }

    /** RFC 3339, as Galène writes it. */
    public static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static Instant fromJson(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    /** Parses "1h30m", "90s", "2d" or plain seconds; empty gives null. */
    public static Duration parseDuration(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return null;
        }
        if (s.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        Matcher m = DURATION.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (!s.substring(end, m.start()).isBlank()) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            throw new IllegalArgumentException("\"" + text.strip() + "\" is not a duration. " + DURATION_HELP);
        }
        return total;
    }

    /** The shortest "1h30m"-style text for a duration. */
    public static String show(Duration d) {
        if (d == null) {
            return "";
        }
        long s = d.getSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] units = {86400, 3600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                b.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return b.toString();
    }
}
