package org.nereid.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Thrown by Nereid's own deserializers when a value has the right JSON type but a
 * meaning Nereid refuses (an unknown permission set, a malformed time). Its message is
 * a sentence meant for the person who edits the file; {@link Json} adds file and line.
 */
public final class BadValueException extends JsonMappingException {
    private static final long serialVersionUID = 1L;

    public BadValueException(JsonParser parser, String message) {
        super(parser, message);
    }
}
