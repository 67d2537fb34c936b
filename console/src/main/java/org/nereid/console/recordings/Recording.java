package org.nereid.console.recordings;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nereid.admin.AdminClient.RecordingFile;

/**
 * A recording file of a group, listed by the admin API or, on Galène, on {@code /recordings/GROUP/}
 * as an HTML table (a link and the size in bytes per file); the date comes from the file name,
 * which Galène and Nereid start with the local start time.
 */
public record Recording(String name, long size, LocalDateTime started) {
    private static final Pattern ROW = Pattern.compile(
            "<a href=\"\\./([^\"]+)\">[^<]*</a>\\s*</td>\\s*<td>\\s*(\\d+)\\s*</td>");
    private static final Pattern START = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})T(\\d{2})[:-](\\d{2})[:-](\\d{2})");

    public static List<Recording> parseListing(String html) {
        List<Recording> out = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            String name = unescape(m.group(1));
            out.add(new Recording(name, Long.parseLong(m.group(2)), started(name)));
        }
        return out;
    }

    /** A file as the admin API lists it. */
    public static Recording of(RecordingFile file) {
        return new Recording(file.name(), file.size(), started(file.name()));
    }

    static LocalDateTime started(String name) {
        Matcher m = START.matcher(name);
        if (!m.find()) {
            return null;
        }
        try {
            return LocalDateTime.parse(m.group(1) + "T" + m.group(2) + ":" + m.group(3) + ":" + m.group(4));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String unescape(String s) {
        return s.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    public String sizeText() {
        if (size < 1024) {
            return size + " B";
        }
        if (size < 1024 * 1024) {
            return String.format("%.1f KiB", size / 1024.0);
        }
        if (size < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", size / 1048576.0);
        }
        return String.format("%.2f GiB", size / 1073741824.0);
    }

    public String startedText() {
        return started == null ? "" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(started);
    }
}
