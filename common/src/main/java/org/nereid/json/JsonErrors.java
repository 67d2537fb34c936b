package org.nereid.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/** Turns Jackson's exceptions into sentences naming the source, the line and the field. */
final class JsonErrors {
    private JsonErrors() {
    }

    static JsonFileException explain(JacksonException e, String source, byte[] json) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? -1 : loc.getLineNr();
        if (e instanceof UnrecognizedPropertyException u) {
            line = lineOfField(json, u.getPath()).orElse(line);
        }
        String where = source + (line > 0 ? " line " + line : "");
        String path = e instanceof JsonMappingException m ? fieldPath(m) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            String field = u.getPropertyName();
            String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
            message = "unknown field \"" + field + "\" in " + where
                    + (parent.isEmpty() ? "" : " (in " + parent + ")")
                    + suggestion(field, u.getKnownPropertyIds());
        } else if (e instanceof BadValueException) {
            message = where + (path.isEmpty() ? "" : ", \"" + path + "\"") + ": " + e.getOriginalMessage();
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = where + (path.isEmpty() ? "" : ", \"" + path + "\"") + ": expected "
                    + describe(m.getTargetType()) + ", " + found(e.getOriginalMessage());
        } else if (e instanceof JsonMappingException) {
            message = where + (path.isEmpty() ? "" : ", \"" + path + "\"") + ": " + firstLine(e.getOriginalMessage());
        } else {
            message = where + (loc != null && loc.getColumnNr() > 0 ? " column " + loc.getColumnNr() : "")
                    + ": malformed JSON: " + firstLine(e.getOriginalMessage());
        }
        return new JsonFileException(source, line, message, e);
    }

    /**
     * Jackson reports unknown fields of records at the end of the enclosing object, so the
     * line is found again by scanning the document for the field's path.
     */
    private static OptionalInt lineOfField(byte[] json, List<JsonMappingException.Reference> path) {
        JsonPointer target = JsonPointer.empty();
        for (JsonMappingException.Reference ref : path) {
            target = ref.getFieldName() != null ? target.appendProperty(ref.getFieldName())
                    : target.appendIndex(ref.getIndex());
        }
        try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.getParsingContext().pathAsPointer().equals(target)) {
                    return OptionalInt.of(p.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            // The document was parsed once already; if it cannot be scanned, keep Jackson's line.
        }
        return OptionalInt.empty();
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.getName().startsWith("org.nereid.model.Password")) {
            return "a password (a string or an object)";
        }
        if (type.getName().startsWith("org.nereid.model.Permissions")) {
            return "a permission set name or a list of permissions";
        }
        return "an object";
    }

    private static String found(String jacksonMessage) {
        String m = jacksonMessage == null ? "" : jacksonMessage;
        if (m.contains("String value") || m.contains("VALUE_STRING") || m.contains("from String")) {
            return "found a string";
        }
        if (m.contains("Floating-point") || m.contains("VALUE_NUMBER_FLOAT") || m.contains("fractional")) {
            return "found a number with a fraction";
        }
        if (m.contains("Integer value") || m.contains("VALUE_NUMBER_INT") || m.contains("from Integer")) {
            return "found a number";
        }
        if (m.contains("Boolean") || m.contains("VALUE_TRUE") || m.contains("VALUE_FALSE")) {
            return "found true or false";
        }
        if (m.contains("START_ARRAY") || m.contains("Array value")) {
            return "found a list";
        }
        if (m.contains("START_OBJECT") || m.contains("Object value")) {
            return "found an object";
        }
        if (m.contains("No content") || m.contains("end-of-input")) {
            return "found nothing (the file is empty)";
        }
        return "found something else (" + firstLine(m) + ")";
    }

    private static String suggestion(String field, Collection<Object> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object k : known) {
            String candidate = k.toString();
            int d = distance(field.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance > Math.max(2, field.length() / 3)) {
            return "";
        }
        return "; did you mean \"" + best + "\"?";
    }

    /** Levenshtein distance, small strings only. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
