package org.nereid.web.api;

import java.util.List;
import org.nereid.web.RequestPath;

/**
 * An admin API path, {@code /galene-api/v0/...}, taken apart. Group names may have several
 * segments ({@code .groups/teaching/networking/.users/}); the first segment starting with a
 * dot says what the rest is.
 *
 * @param kind  what is addressed
 * @param group the group, or null for server-wide resources
 * @param user  the user ("" for {@code .empty-user}), or null; for tokens, the user whose tokens
 * @param rest  what follows {@code .tokens}
 */
record ApiPath(Kind kind, String group, String user, List<String> rest, boolean trailingSlash) {

    enum Kind {
        STATS("HEAD, GET"),
        GROUPS("HEAD, GET"),
        GROUP("HEAD, GET, PUT, DELETE"),
        KEYS("PUT, DELETE"),
        USERS("HEAD, GET"),
        USER("HEAD, GET, PUT, DELETE"),
        WILDCARD_USER("HEAD, GET, PUT, DELETE"),
        PASSWORD("PUT, POST, DELETE"),
        WILDCARD_PASSWORD("PUT, POST, DELETE"),
        TOKENS("HEAD, GET, POST, PUT, DELETE"),
        /** Nereid's: the group's recording files. */
        RECORDINGS("HEAD, GET"),
        /** Under a group but naming nothing: answered 404 after authentication. */
        UNKNOWN("HEAD, GET");

        final String methods;

        Kind(String methods) {
            this.methods = methods;
        }
    }

    /** Null when the path names nothing at all (answered 404 before authentication). */
    static ApiPath parse(RequestPath path) {
        List<String> s = path.segments();
        boolean slash = path.trailingSlash();
        if (s.size() < 3 || !s.get(0).equals("galene-api") || !s.get(1).equals("v0")) {
            return null;
        }
        if (s.size() == 3 && s.get(2).equals(".stats") && !slash) {
            return new ApiPath(Kind.STATS, null, null, List.of(), false);
        }
        if (!s.get(2).equals(".groups")) {
            return null;
        }
        if (s.size() == 3) {
            return new ApiPath(Kind.GROUPS, null, null, List.of(), slash);
        }
        int dot = 3;
        while (dot < s.size() && !s.get(dot).startsWith(".")) {
            dot++;
        }
        if (dot == 3) {
            // the tokens of the root group "", as Galène serves them
            return s.get(3).equals(".tokens")
                    ? new ApiPath(Kind.TOKENS, "", null, List.copyOf(s.subList(4, s.size())), slash) : null;
        }
        String group = String.join("/", s.subList(3, dot));
        if (dot == s.size()) {
            return new ApiPath(Kind.GROUP, group, null, List.of(), slash);
        }
        String kind = s.get(dot);
        List<String> after = s.subList(dot + 1, s.size());
        switch (kind) {
            case ".keys":
                return after.isEmpty() && !slash ? of(Kind.KEYS, group, null) : unknown(group);
            case ".users":
                return users(group, after, slash);
            case ".empty-user":
                return special(group, "", after, slash, Kind.USER, Kind.PASSWORD);
            case ".wildcard-user":
                return special(group, null, after, slash, Kind.WILDCARD_USER, Kind.WILDCARD_PASSWORD);
            case ".tokens":
                return new ApiPath(Kind.TOKENS, group, null, List.copyOf(after), slash);
            case ".recordings":
                return after.isEmpty() && slash ? new ApiPath(Kind.RECORDINGS, group, null, List.of(), true)
                        : unknown(group);
            default:
                return unknown(group);
        }
    }

    private static ApiPath users(String group, List<String> after, boolean slash) {
        if (after.isEmpty()) {
            return slash ? of(Kind.USERS, group, null) : unknown(group);
        }
        int dot = 0;
        while (dot < after.size() && !after.get(dot).startsWith(".")) {
            dot++;
        }
        if (dot == 0) {
            return unknown(group);
        }
        String user = String.join("/", after.subList(0, dot));
        boolean tokens = dot < after.size() && after.get(dot).equals(".tokens");
        if (slash && !tokens) {
            return unknown(group);
        }
        if (dot == after.size()) {
            return of(Kind.USER, group, user);
        }
        if (dot == after.size() - 1 && after.get(dot).equals(".password")) {
            return of(Kind.PASSWORD, group, user);
        }
        if (after.get(dot).equals(".tokens")) {
            // galene-api.md's per-user form of the group's .tokens/
            return new ApiPath(Kind.TOKENS, group, user, List.copyOf(after.subList(dot + 1, after.size())), slash);
        }
        return unknown(group);
    }

    private static ApiPath special(String group, String user, List<String> after, boolean slash, Kind userKind,
            Kind passwordKind) {
        if (slash) {
            return unknown(group);
        }
        if (after.isEmpty()) {
            return of(userKind, group, user);
        }
        if (after.equals(List.of(".password"))) {
            return of(passwordKind, group, user);
        }
        return unknown(group);
    }

    private static ApiPath of(Kind kind, String group, String user) {
        return new ApiPath(kind, group, user, List.of(), false);
    }

    private static ApiPath unknown(String group) {
        return of(Kind.UNKNOWN, group, null);
    }

    boolean isPassword() {
        return kind == Kind.PASSWORD || kind == Kind.WILDCARD_PASSWORD;
    }

    boolean isWildcard() {
        return kind == Kind.WILDCARD_USER || kind == Kind.WILDCARD_PASSWORD;
    }
}
