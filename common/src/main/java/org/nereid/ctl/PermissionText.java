package org.nereid.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.nereid.json.Json;
import org.nereid.model.Permissions;

/** Permissions as galenectl takes them on the command line and shows them in listings. */
final class PermissionText {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private PermissionText() {
    }

    /**
     * A set name ({@code op}) or a JSON array ({@code ["present","message"]}). For users the
     * name is kept; for tokens ({@code expand}) it becomes the list of internal permissions.
     */
    static Object parse(String text, boolean expand) {
        String p = text.strip();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("the permissions are empty; use one of "
                    + String.join(", ", Permissions.SET_NAMES));
        }
        if (p.startsWith("[")) {
            try {
                return Json.mapper().readValue(p, STRINGS);
            } catch (IOException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not a JSON array of permissions", e);
            }
        }
        Permissions named = Permissions.named(p);
        return expand ? named.expand(false, false) : p;
    }

    /** A set's name, or the sorted initials of a list ({@code [mpt]}); {@code null} if none. */
    static String format(Permissions permissions) {
        if (permissions == null) {
            return "null";
        }
        if (permissions.name() != null) {
            return permissions.name();
        }
        return "[" + initials(permissions.list(), "") + "]";
    }

    /** The sorted initials of permissions together with the {@code extra} letters. */
    static String initials(List<String> permissions, String extra) {
        StringBuilder letters = new StringBuilder(extra);
        for (String p : permissions) {
            letters.append(p.isEmpty() ? '?' : p.charAt(0));
        }
        char[] sorted = letters.toString().toCharArray();
        Arrays.sort(sorted);
        return new String(sorted);
    }
}
