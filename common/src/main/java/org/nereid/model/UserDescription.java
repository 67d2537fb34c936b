package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An entry of {@code users} or the {@code wildcard-user} of a group file, or an
 * administrator in config.json. Either part may be absent (null), as in Galène.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserDescription(
        @JsonProperty("password") Password password,
        @JsonProperty("permissions") Permissions permissions) {

    public static final UserDescription EMPTY = new UserDescription(null, null);

    public UserDescription withPassword(Password newPassword) {
        return new UserDescription(newPassword, permissions);
    }

    public UserDescription withPermissions(Permissions newPermissions) {
        return new UserDescription(password, newPermissions);
    }

    /** The internal permissions this user gets in a group (null: none). */
    public List<String> permissionsIn(GroupDescription group) {
        return permissions == null ? List.of() : permissions.expand(group);
    }
}
