package org.nereid.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import org.nereid.json.BadValueException;

/**
 * Times as Go writes and reads them: RFC 3339 with seconds, an optional fraction
 * (trailing zeros dropped when written) and an offset, {@code Z} for UTC. The offset is
 * kept so that a time reads back as it was written.
 */
public final class Rfc3339 {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private Rfc3339() {
    }

    public static String format(OffsetDateTime time) {
        return FORMAT.format(time);
    }

    /** Parses an RFC 3339 time; throws DateTimeParseException with the offending text. */
    public static OffsetDateTime parse(String text) {
        return OffsetDateTime.parse(text, FORMAT);
    }

    static final class Writer extends StdSerializer<OffsetDateTime> {
        Writer() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime t, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(t));
        }
    }

    static final class Reader extends StdDeserializer<OffsetDateTime> {
        Reader() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (OffsetDateTime) ctxt.handleUnexpectedToken(OffsetDateTime.class, p);
            }
            try {
                return parse(p.getText());
            } catch (DateTimeParseException e) {
                throw new BadValueException(p, "\"" + p.getText()
                        + "\" is not a time in RFC 3339 format such as \"2026-11-22T18:00:00+01:00\"");
            }
        }
    }
}
