package org.nereid.console.users;

import org.nereid.admin.UserRef;

/** A user of a group as listed: who, and their permissions as text. */
public record UserRow(UserRef ref, String permissions) {
    public String label() {
        return label(ref);
    }

    /** What the operator sees for a user in lists and messages. */
    public static String label(UserRef ref) {
        return ref.wildcard() ? "(any user name)" : ref.username().isEmpty() ? "(empty user name)" : ref.username();
    }
}
