package org.nereid.console.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Galène's user permissions: a named set ("op", "present", …) or an explicit list of
 * permissions. Converts between the JSON and the text the operator types.
 */
public final class UserPermissions {
    public static final List<String> NAMED = List.of("op", "present", "message", "observe", "caption", "admin");
    public static final List<String> SINGLE = List.of("op", "present", "message", "caption", "token", "record", "admin");
    public static final String HELP = "A named set — op (everything), present (send media and chat), message"
            + " (chat only), observe (watch only), caption, admin — or a list such as \"present, record\".";

    private UserPermissions() {
    }

    public static String text(JsonNode permissions) {
        if (permissions == null || permissions.isMissingNode() || permissions.isNull()) {
            return "";
        }
        if (permissions.isArray()) {
            List<String> all = new ArrayList<>();
            permissions.forEach(p -> all.add(p.asText()));
            return "[" + String.join(", ", all) + "]";
        }
        return permissions.asText();
    }

    /** Parses what the operator typed; a single known set name stays a name, anything else a list. */
    public static JsonNode parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        boolean list = s.startsWith("[");
        s = s.replace("[", "").replace("]", "").strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("Choose the user's permissions. " + HELP);
        }
        if (!list && NAMED.contains(s)) {
            return JsonNodeFactory.instance.textNode(s);
        }
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (String p : s.split("[,\\s]+")) {
            if (!SINGLE.contains(p)) {
                throw new IllegalArgumentException("\"" + p + "\" is not a permission. " + HELP);
            }
            a.add(p);
        }
        return a;
    }
}
