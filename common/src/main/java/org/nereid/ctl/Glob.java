package org.nereid.ctl;

import java.util.regex.Pattern;

/**
 * Shell patterns as Go's {@code path.Match} reads them, which galenectl uses to filter
 * lists: {@code *} and {@code ?} never match {@code /}, {@code [a-z]} and {@code [^a-z]}
 * are classes (which, as in Go, may match {@code /}), a backslash quotes the next character.
 */
final class Glob {
    private final Pattern regex;

    private Glob(Pattern regex) {
        this.regex = regex;
    }

    static Glob compile(String pattern) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i++);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i >= pattern.length()) {
                        throw bad(pattern);
                    }
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(i++))));
                }
                case '[' -> i = appendClass(pattern, i, re);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    boolean matches(String s) {
        return regex.matcher(s).matches();
    }

    /** Appends the class that starts after '[' at {@code i}; returns the index after ']'. */
    private static int appendClass(String pattern, int i, StringBuilder re) {
        StringBuilder cls = new StringBuilder("[");
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            cls.append('^');
            i++;
        }
        boolean any = false;
        while (true) {
            if (i >= pattern.length()) {
                throw bad(pattern);
            }
            char c = pattern.charAt(i);
            if (c == ']' && any) {
                i++;
                break;
            }
            char lo = c == '\\' ? charAt(pattern, ++i) : c;
            i++;
            cls.append(quoted(lo));
            if (i < pattern.length() && pattern.charAt(i) == '-') {
                char hi = charAt(pattern, ++i);
                if (hi == '\\') {
                    hi = charAt(pattern, ++i);
                } else if (hi == ']') {
                    throw bad(pattern);
                }
                i++;
                if (hi < lo) {
                    throw bad(pattern);
                }
                cls.append('-').append(quoted(hi));
            }
            any = true;
        }
        re.append(cls).append(']');
        return i;
    }

    private static char charAt(String pattern, int i) {
        if (i >= pattern.length()) {
            throw bad(pattern);
        }
        return pattern.charAt(i);
    }

    private static String quoted(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    private static IllegalArgumentException bad(String pattern) {
        return new IllegalArgumentException("\"" + pattern + "\" is not a valid pattern");
    }
}
