package org.nereid.admin;

import java.util.Objects;

/**
 * Which user of a group an admin API call is about: a named user, the user with the empty
 * username, or the wildcard user.
 */
public record UserRef(String username, boolean wildcard) {

    public UserRef {
        Objects.requireNonNull(username);
        if (wildcard && !username.isEmpty()) {
            throw new IllegalArgumentException("the wildcard user has no username");
        }
    }

    public static UserRef named(String username) {
        return new UserRef(username, false);
    }

    public static UserRef wildcardUser() {
        return new UserRef("", true);
    }

    /** The path below the group, as Galène's API names it. */
    String path() {
        if (wildcard) {
            return ".wildcard-user";
        }
        return username.isEmpty() ? ".empty-user" : ".users/" + AdminClient.encodePath(username);
    }

    /** For messages: {@code user "bob"}, {@code the wildcard user}. */
    String describe() {
        if (wildcard) {
            return "the wildcard user";
        }
        return username.isEmpty() ? "the user with the empty name" : "user \"" + username + "\"";
    }
}
