package org.nereid.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one JSON setup of Nereid, strict like Galène's decoder: unknown fields are refused,
 * numbers are not strings and strings not numbers, a fraction is not an integer, nothing may
 * follow the document. Field names match regardless of case, as in Go. Maps are written with
 * sorted keys, as Go writes them.
 *
 * <p>Every error becomes a {@link JsonFileException} whose message names the source, the
 * line and the problem, with a suggestion for misspelt field names.
 */
public final class Json {
    /** Files larger than this are refused unread. */
    public static final long MAX_FILE_SIZE = 1 << 20;

    /** The deserialization attribute that holds the name of the source being read. */
    public static final String SOURCE_ATTRIBUTE = "org.nereid.json.source";

    private static final ObjectMapper MAPPER = createMapper();
    private static final ObjectMapper LENIENT = MAPPER.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final DefaultPrettyPrinter PRETTY = goIndent();
    private static final ConcurrentHashMap<Path, Object> WRITE_LOCKS = new ConcurrentHashMap<>();

    private Json() {
    }

    private static ObjectMapper createMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        // Go refuses a number where a string is expected; Jackson would turn it into text.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    private static DefaultPrettyPrinter goIndent() {
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("").withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    /** The shared strict mapper, for uses beyond whole files. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The same setup, except that unknown fields are ignored: for documents Galène reads
     * leniently, such as protocol messages. Do not reconfigure it.
     */
    public static ObjectMapper lenientMapper() {
        return LENIENT;
    }

    /**
     * Reads a JSON file into {@code type}, refusing files over {@link #MAX_FILE_SIZE}.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws JsonFileException   if the content is refused; the message names the file and line
     */
    public static <T> T readStrict(Path file, Class<T> type) throws IOException {
        return parse(readLimited(file), type, file.toString());
    }

    /** Parses a JSON document (an API body, a template) named {@code source} in error messages. */
    public static <T> T parse(String json, Class<T> type, String source) throws JsonFileException {
        return parse(json.getBytes(StandardCharsets.UTF_8), type, source);
    }

    /** Parses a JSON document named {@code source} in error messages. */
    public static <T> T parse(byte[] json, Class<T> type, String source) throws JsonFileException {
        try {
            T value = MAPPER.readerFor(type).withAttribute(SOURCE_ATTRIBUTE, source).readValue(json);
            if (value == null) {
                throw new JsonFileException(source, 1, source + ": expected a JSON object, found null", null);
            }
            return value;
        } catch (JacksonException e) {
            throw JsonErrors.explain(e, source, json);
        } catch (IOException e) {
            throw new JsonFileException(source, -1, source + ": " + e.getMessage(), e);
        }
    }

    /** The compact JSON text of a value (Galène's layout: one line). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Indented JSON text as Go's encoder indents it (four spaces), for files people read and edit. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Writes {@code value} as indented JSON to {@code file} so that readers see the old or the
     * new content, never a mix: a temporary file in the same directory (mode 0600, named with
     * a leading dot so group listings skip it) is written, synced and renamed over the target.
     * Writers to the same path are serialised; missing parent directories are created.
     */
    public static void writeAtomically(Path file, Object value) throws IOException {
        writeAtomically(file, (writePretty(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #writeAtomically(Path, Object)} for content already serialised. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Object lock = WRITE_LOCKS.computeIfAbsent(target, p -> new Object());
        synchronized (lock) {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buf = ByteBuffer.wrap(content);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(dir);
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; NTFS orders the rename itself.
        }
    }

    private static byte[] readLimited(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
            if (bytes.length > MAX_FILE_SIZE) {
                throw new JsonFileException(file.toString(), -1, file + " is larger than "
                        + MAX_FILE_SIZE / 1024 + " KiB; Nereid refuses to read it", null);
            }
            return bytes;
        }
    }
}
