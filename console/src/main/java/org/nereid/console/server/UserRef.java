package org.nereid.console.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A user of a group as the admin API addresses it: a named user, the wildcard user or the empty user. */
public record UserRef(Kind kind, String name) {
    public enum Kind { NAMED, WILDCARD, EMPTY }

    public static UserRef named(String name) {
        if (name == null || name.isEmpty()) {
            return empty();
        }
        return new UserRef(Kind.NAMED, name);
    }

    public static UserRef wildcard() {
        return new UserRef(Kind.WILDCARD, "");
    }

    public static UserRef empty() {
        return new UserRef(Kind.EMPTY, "");
    }

    /** Path below {@code .groups/NAME/}. */
    String path() {
        return switch (kind) {
            case NAMED -> ".users/" + AdminApi.segment(name);
            case WILDCARD -> ".wildcard-user";
            case EMPTY -> ".empty-user";
        };
    }

    /** What the operator sees in lists. */
    public String label() {
        return switch (kind) {
            case NAMED -> name;
            case WILDCARD -> "(any user name)";
            case EMPTY -> "(empty user name)";
        };
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
