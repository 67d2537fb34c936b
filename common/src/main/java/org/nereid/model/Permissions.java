package org.nereid.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nereid.json.BadValueException;

/**
 * A user's permissions as written in a group file: either the name of a permission set
 * ({@code "op"}, {@code "present"}, {@code "message"}, {@code "observe"}, {@code "caption"},
 * {@code "admin"}) or an array of internal permissions (not recommended by Galène, and
 * taken as written). Exactly one of {@code name} and {@code list} is non-null.
 */
@JsonSerialize(using = Permissions.Writer.class)
@JsonDeserialize(using = Permissions.Reader.class)
public record Permissions(String name, List<String> list) {

    /** The internal permissions of each named set, in Galène's order. */
    private static final Map<String, List<String>> SETS = Map.of(
            "op", List.of("op", "present", "message", "caption", "token"),
            "present", List.of("present", "message"),
            "message", List.of("message"),
            "observe", List.of(),
            "caption", List.of("caption"),
            "admin", List.of("admin"));

    /** The names of the permission sets, for help texts and error messages. */
    public static final List<String> SET_NAMES = List.of("op", "present", "message", "observe", "caption", "admin");

    public Permissions {
        if ((name == null) == (list == null)) {
            throw new IllegalArgumentException("permissions are either a set name or a list, not both or neither");
        }
        if (name != null && !SETS.containsKey(name)) {
            throw new IllegalArgumentException(unknownSet(name));
        }
        list = list == null ? null : List.copyOf(list);
    }

    /** A named set; refuses names Galène does not know. */
    public static Permissions named(String name) {
        return new Permissions(name, null);
    }

    /** An explicit list of internal permissions. */
    public static Permissions of(List<String> permissions) {
        return new Permissions(null, permissions);
    }

    public static boolean isSetName(String name) {
        return SETS.containsKey(name);
    }

    /**
     * The internal permissions this grants in a group, expanded as Galène does: a set that
     * includes {@code op} also gets {@code record} if the group allows recording, and a set
     * that includes {@code present} also gets {@code token} if the group has unrestricted
     * tokens. An explicit list is returned unchanged.
     */
    public List<String> expand(boolean allowRecording, boolean unrestrictedTokens) {
        if (name == null) {
            return list;
        }
        List<String> perms = SETS.get(name);
        List<String> result = new ArrayList<>(perms);
        if (allowRecording && perms.contains("op") && !perms.contains("record")) {
            result.add(0, "record");
        }
        if (unrestrictedTokens && perms.contains("present") && !perms.contains("token")) {
            result.add(0, "token");
        }
        return List.copyOf(result);
    }

    /** {@link #expand(boolean, boolean)} with the group's settings; null means no group. */
    public List<String> expand(GroupDescription group) {
        return group == null ? expand(false, false) : expand(group.allowRecording(), group.unrestrictedTokens());
    }

    @Override
    public String toString() {
        return name != null ? name : list.toString();
    }

    private static String unknownSet(String name) {
        return "unknown permission set \"" + name + "\"; use one of " + String.join(", ", SET_NAMES)
                + " or an array of permissions";
    }

    static final class Writer extends StdSerializer<Permissions> {
        Writer() {
            super(Permissions.class);
        }

        @Override
        public void serialize(Permissions p, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (p.name() != null) {
                gen.writeString(p.name());
            } else {
                gen.writeStartArray();
                for (String s : p.list()) {
                    gen.writeString(s);
                }
                gen.writeEndArray();
            }
        }
    }

    static final class Reader extends StdDeserializer<Permissions> {
        private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

        Reader() {
            super(Permissions.class);
        }

        @Override
        public Permissions deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String name = p.getText();
                if (!SETS.containsKey(name)) {
                    throw new BadValueException(p, unknownSet(name));
                }
                return named(name);
            }
            if (p.currentToken() == JsonToken.START_ARRAY) {
                List<String> list = ctxt.readValue(p, ctxt.getTypeFactory().constructType(STRINGS));
                if (list.contains(null)) {
                    throw new BadValueException(p, "a permission in the list is null");
                }
                return of(list);
            }
            return (Permissions) ctxt.handleUnexpectedToken(Permissions.class, p);
        }
    }
}
