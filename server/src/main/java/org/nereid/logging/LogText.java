package org.nereid.logging;

/**
 * Makes attacker-sent text (names, hosts, origins, paths) safe to log: at most
 * {@value #MAX} characters, control and format characters escaped, so a client can neither
 * grow the log faster than it sends nor forge log lines.
 */
public final class LogText {
    /** Long enough for any honest name; a megabyte name is logged as its first 100 characters. */
    public static final int MAX = 100;

    private LogText() {
    }

    /** The text to put in a log line; "null" for null. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        int end = Math.min(s.length(), MAX);
        if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never cut a character in two
        }
        StringBuilder b = null;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            // bidi overrides and zero-width characters are FORMAT: they could disguise a line
            boolean unsafe = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
            if (unsafe && b == null) {
                b = new StringBuilder(end + 16).append(s, 0, i);
            }
            if (b != null) {
                if (unsafe) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        String shown = b == null ? s.substring(0, end) : b.toString();
        return s.length() > MAX ? shown + "…(" + s.length() + " chars)" : shown;
    }
}
