package org.nereid.web;

import java.util.List;
import org.nereid.record.RecordingDirectory;

/**
 * The HTML listing of a group's recordings, in Galène's shape (a table row per
 * file: a link {@code ./NAME}, the size in bytes, a delete form) so that tools
 * that read Galène's listing read this one.
 */
final class RecordingsPage {
    private RecordingsPage() {
    }

    static String html(String group, List<RecordingDirectory.Entry> entries) {
        StringBuilder b = new StringBuilder(256 + 200 * entries.size());
        String action = "/recordings/" + escape(RequestPath.encodePath(group)) + "/";
        b.append("<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\">\n<title>Recordings for group ")
                .append(escape(group)).append("</title>\n")
                .append("<link rel=\"stylesheet\" type=\"text/css\" href=\"/common.css\"/>")
                .append("</head><body>\n<h1>Recordings for group ").append(escape(group)).append("</h1>\n");
        if (entries.isEmpty()) {
            b.append("<p>No recordings yet.</p>\n");
        }
        b.append("<table>\n");
        for (RecordingDirectory.Entry e : entries) {
            String name = escape(e.name());
            b.append("<tr><td><a href=\"./").append(name).append("\">").append(name).append("</a></td><td>")
                    .append(e.size()).append("</td>")
                    .append("<td><form action=\"").append(action).append("\" method=\"post\">")
                    .append("<input type=\"hidden\" name=\"filename\" value=\"").append(name).append("\">")
                    .append("<button type=\"submit\" name=\"q\" value=\"delete\">Delete</button>")
                    .append("</form></td></tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        return b.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
