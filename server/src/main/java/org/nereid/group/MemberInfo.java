package org.nereid.group;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What the others in a group know of a member: the name it was granted, its
 * permissions and the free-form data it set. Treated as immutable (never modify
 * {@code data()}): a change publishes a new one.
 */
public record MemberInfo(String username, List<String> permissions, ObjectNode data) {

    public MemberInfo {
        username = username == null ? "" : username;
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
        data = data == null ? null : data.deepCopy();
    }

    public boolean has(String permission) {
        return permissions.contains(permission);
    }

    public boolean isOp() {
        return has(Permission.OP);
    }

    public MemberInfo withPermissions(List<String> newPermissions) {
        return new MemberInfo(username, newPermissions, data);
    }

    public MemberInfo withData(ObjectNode newData) {
        return new MemberInfo(username, permissions, newData);
    }
}
