package org.nereid.json;

import java.io.IOException;

/**
 * A JSON file or document that Nereid refuses, with a message that names the source,
 * the line and what is wrong, e.g. {@code unknown field "max_clients" in groups/x.json
 * line 3; did you mean "max-clients"?}.
 */
public final class JsonFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    public JsonFileException(String source, int line, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.line = line;
    }

    /** The file (or other source) the document came from. */
    public String source() {
        return source;
    }

    /** The line of the error, counted from 1, or -1 when unknown. */
    public int line() {
        return line;
    }
}
