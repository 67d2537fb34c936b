package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An entry of the lists {@code op}, {@code presenter} and {@code other} of group files
 * written before Galène 0.9 (and {@code admin} in config.json). An empty username stood
 * for any user; an absent password for any password.
 */
record LegacyUser(@JsonProperty("username") String username, @JsonProperty("password") Password password) {

    UserDescription upgrade(String permissionSet) {
        return new UserDescription(password == null ? Password.wildcard() : password,
                Permissions.named(permissionSet));
    }

    boolean isWildcard() {
        return username == null || username.isEmpty();
    }
}
