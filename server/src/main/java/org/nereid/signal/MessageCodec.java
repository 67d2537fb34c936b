package org.nereid.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Galène's JSON message syntax. Reading is strict about the type of every
 * known field (a number where a string belongs is refused, not coerced) and
 * ignores unknown fields, as Galène does. Writing leaves out absent, empty
 * and false fields like Go's {@code omitempty}, except {@code username},
 * which Galène always sends once it is known, even when empty.
 */
public final class MessageCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MessageCodec() {
    }

    public static JsonNode text(String s) {
        return TextNode.valueOf(s);
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Converts a plain value (records, maps, lists) to a JSON tree. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static Message parse(String text) throws BadMessageException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadMessageException("The server could not read your message: it is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new BadMessageException("The server could not read your message: it must be a JSON object.");
        }
        String type = string(root, "type");
        if (type == null || type.isEmpty()) {
            throw new BadMessageException("The server could not read your message: it has no \"type\" field.");
        }
        return Message.of(type)
                .version(strings(root, "version"))
                .kind(string(root, "kind"))
                .error(string(root, "error"))
                .id(string(root, "id"))
                .replace(string(root, "replace"))
                .source(string(root, "source"))
                .dest(string(root, "dest"))
                .username(string(root, "username"))
                .password(string(root, "password"))
                .token(string(root, "token"))
                .privileged(bool(root, "privileged"))
                .permissions(strings(root, "permissions"))
                .status(any(root, "status"))
                .data(object(root, "data"))
                .group(string(root, "group"))
                .value(any(root, "value"))
                .noecho(bool(root, "noecho"))
                .time(string(root, "time"))
                .sdp(string(root, "sdp"))
                .candidate(object(root, "candidate"))
                .label(string(root, "label"))
                .request(any(root, "request"))
                .rtcConfiguration(any(root, "rtcConfiguration"))
                .rejoin(string(root, "rejoin"))
                .build();
    }

    public static String write(Message m) {
        ObjectNode o = NODES.objectNode();
        o.put("type", m.type());
        putStrings(o, "version", m.version());
        put(o, "kind", m.kind());
        put(o, "error", m.error());
        put(o, "id", m.id());
        put(o, "replace", m.replace());
        put(o, "source", m.source());
        put(o, "dest", m.dest());
        if (m.username() != null) {
            o.put("username", m.username());
        }
        put(o, "password", m.password());
        put(o, "token", m.token());
        if (m.privileged()) {
            o.put("privileged", true);
        }
        putStrings(o, "permissions", m.permissions());
        put(o, "status", m.status());
        put(o, "data", m.data());
        put(o, "group", m.group());
        put(o, "value", m.value());
        if (m.noecho()) {
            o.put("noecho", true);
        }
        put(o, "time", m.time());
        put(o, "sdp", m.sdp());
        put(o, "candidate", m.candidate());
        put(o, "label", m.label());
        put(o, "request", m.request());
        put(o, "rtcConfiguration", m.rtcConfiguration());
        put(o, "rejoin", m.rejoin());
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void put(ObjectNode o, String name, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(name, value);
        }
    }

    private static void put(ObjectNode o, String name, JsonNode value) {
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            o.set(name, value);
        }
    }

    private static void putStrings(ObjectNode o, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
        }
    }

    private static JsonNode present(JsonNode root, String name) {
        JsonNode n = root.get(name);
        return n == null || n.isNull() ? null : n;
    }

    private static String string(JsonNode root, String name) throws BadMessageException {
        JsonNode n = present(root, name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw wrongType(name, "a string");
        }
        return n.textValue();
    }

    private static boolean bool(JsonNode root, String name) throws BadMessageException {
        JsonNode n = present(root, name);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw wrongType(name, "true or false");
        }
        return n.booleanValue();
    }

    private static List<String> strings(JsonNode root, String name) throws BadMessageException {
        JsonNode n = present(root, name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw wrongType(name, "a list of strings");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw wrongType(name, "a list of strings");
            }
            out.add(e.textValue());
        }
        return List.copyOf(out);
    }

    private static JsonNode object(JsonNode root, String name) throws BadMessageException {
        JsonNode n = present(root, name);
        if (n != null && !n.isObject()) {
            throw wrongType(name, "a JSON object");
        }
        return n;
    }

    private static JsonNode any(JsonNode root, String name) {
        return present(root, name);
    }

    private static BadMessageException wrongType(String field, String expected) {
        return new BadMessageException(
                "The server could not read your message: the field \"" + field + "\" must be " + expected + ".");
    }
}
