package org.nereid.console.users;

import org.nereid.console.server.UserRef;

/** A user of a group as listed: who, and their permissions as text. */
public record UserRow(UserRef ref, String permissions) {
    public String label() {
        return ref.label();
    }
}
