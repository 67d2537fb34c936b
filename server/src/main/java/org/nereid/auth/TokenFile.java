package org.nereid.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nereid.model.StatefulToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bytes of {@code tokens.jsonl}: reading it tolerantly and replacing it atomically.
 * Not thread-safe; {@link TokenStore} serialises every call.
 *
 * <p>Reading: one JSON object a line as Galène writes, though an object spread over
 * several lines (a hand edit) is accepted too. A line that is not a token is logged
 * with its number and skipped; the other tokens still count.
 *
 * <p>Writing: a temporary file in the same directory, fsync, rename over the old file,
 * fsync of the directory, so a crash leaves either the old or the new file. Lines
 * that could not be read are appended to {@code tokens.jsonl.rejected} before the
 * rewrite rather than silently dropped.
 */
final class TokenFile {
    private static final Logger log = LoggerFactory.getLogger(TokenFile.class);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String TEMP_SUFFIX = ".tmp";
    /** Temporary files older than this are debris of a killed writer. */
    private static final Duration STALE_TEMP = Duration.ofMinutes(5);
    /**
     * The largest file read: ~100,000 invitations. A bigger one is refused whole rather than
     * read into memory, and never written over, so nothing in it is lost.
     */
    static final long MAX_BYTES = 64L << 20;
    /**
     * The most lines one object may be spread over (a hand-edited token has a dozen). Each
     * added line re-parses the object so far, so without a bound one unclosed brace before
     * a long file would cost time quadratic in its length.
     */
    static final int MAX_OBJECT_LINES = 100;
    /** A file of garbage logs this many of its lines, not all of them. */
    private static final int LOGGED_REJECTS = 20;

    /** What identifies one version of the file: a change in any part means someone wrote it. */
    record Stamp(Instant modified, long size, Object fileKey) {
        static final Stamp ABSENT = new Stamp(Instant.EPOCH, -1, null);

        String etag() {
            return this == ABSENT ? "" : "\"" + size + "-" + modified.getEpochSecond()
                    + String.format("%09d", modified.getNano()) + "\"";
        }
    }

    /** A line (or group of lines) that is not a token. */
    record Rejected(int lineNumber, String text, String reason) {
    }

    /** The file's content: tokens by id in file order, and what could not be read. */
    record Content(Map<String, StatefulToken> tokens, List<Rejected> rejected) {
    }

    private final Path path;
    private final Path rejectedPath;

    TokenFile(Path path) {
        this.path = path;
        this.rejectedPath = path.resolveSibling(path.getFileName() + ".rejected");
    }

    Path path() {
        return path;
    }

    /** The current stamp, {@link Stamp#ABSENT} if there is no file: one stat, cheap enough for every call. */
    Stamp stamp() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toInstant(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            return Stamp.ABSENT;
        }
    }

    Content read() throws IOException {
        String text;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new IOException(path.getFileName() + " is " + size + " bytes, more than the "
                        + (MAX_BYTES >> 20) + " MiB Nereid reads; it was neither read nor changed");
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Content(Map.of(), List.of());
        }
        return parse(text);
    }

    /** Parses the file's text. */
    Content parse(String text) {
        if (text.startsWith("\uFEFF")) { // a byte-order mark left by an editor
            text = text.substring(1);
        }
        Map<String, StatefulToken> tokens = new LinkedHashMap<>();
        List<Rejected> rejected = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder pending = new StringBuilder();
        int pendingStart = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (pending.length() > 0 && i + 1 - pendingStart >= MAX_OBJECT_LINES) {
                reject(pendingStart, pending.toString(),
                        "a JSON object not closed within " + MAX_OBJECT_LINES + " lines", rejected);
                pending.setLength(0);
            }
            if (pending.length() > 0) {
                if (parseComplete(line) == null) {
                    pending.append('\n').append(line);
                    Attempt a = attempt(pending.toString());
                    if (a.incomplete) {
                        continue;
                    }
                    accept(a, pendingStart, pending.toString(), tokens, rejected);
                    pending.setLength(0);
                    continue;
                }
                // a whole token on its own line: what was pending never got finished
                reject(pendingStart, pending.toString(), "unfinished JSON object", rejected);
                pending.setLength(0);
            }
            if (line.isBlank()) {
                continue;
            }
            Attempt a = attempt(line);
            if (a.incomplete) {
                pending.append(line);
                pendingStart = i + 1;
            } else {
                accept(a, i + 1, line, tokens, rejected);
            }
        }
        if (pending.length() > 0) {
            reject(pendingStart, pending.toString(), "unfinished JSON object (truncated file?)", rejected);
        }
        return new Content(tokens, rejected);
    }

    /**
     * Replaces the file with these tokens. An empty set removes the file, as Galène does.
     * Returns the stamp of the new file.
     */
    Stamp write(Collection<StatefulToken> tokens, List<Rejected> rejected) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        createPrivateDirectory(dir);
        saveRejected(rejected);
        removeStaleTemporaries(dir);
        if (tokens.isEmpty()) {
            Files.deleteIfExists(path);
            syncDirectory(dir);
            return Stamp.ABSENT;
        }
        StringBuilder text = new StringBuilder();
        for (StatefulToken t : tokens) {
            text.append(t.toJsonLine()).append('\n');
        }
        Path temp = Files.createTempFile(dir, path.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
        return stamp();
    }

    private record Attempt(JsonNode node, boolean incomplete, String error) {
    }

    private static Attempt attempt(String text) {
        try {
            return new Attempt(MAPPER.readTree(text), false, null);
        } catch (JsonProcessingException e) {
            // Jackson reports a cut-off object either as JsonEOFException or by this wording
            boolean incomplete = e instanceof JsonEOFException
                    || e.getOriginalMessage().startsWith("Unexpected end-of-input");
            return new Attempt(null, incomplete, e.getOriginalMessage());
        }
    }

    /** The token on this line if it holds one whole JSON object, else null. */
    private static JsonNode parseComplete(String line) {
        if (line.isBlank()) {
            return null;
        }
        Attempt a = attempt(line);
        return a.node != null && a.node.isObject() ? a.node : null;
    }

    private static void accept(Attempt a, int lineNumber, String text,
                               Map<String, StatefulToken> tokens, List<Rejected> rejected) {
        if (a.error != null) {
            reject(lineNumber, text, "not valid JSON: " + a.error, rejected);
            return;
        }
        try {
            StatefulToken t = StatefulToken.fromJson(a.node);
            if (t.token().isEmpty()) {
                reject(lineNumber, text, "the token has no \"token\" (its secret)", rejected);
                return;
            }
            if (tokens.put(t.token(), t) != null) {
                log.warn("tokens.jsonl line {}: token {}… appears twice, the later line wins",
                        lineNumber, t.token().substring(0, Math.min(4, t.token().length())));
            }
        } catch (IllegalArgumentException e) {
            reject(lineNumber, text, e.getMessage(), rejected);
        }
    }

    private static void reject(int lineNumber, String text, String reason, List<Rejected> rejected) {
        if (rejected.size() < LOGGED_REJECTS) {
            log.warn("tokens.jsonl line {}: {}; line skipped, the other tokens still count", lineNumber, reason);
        } else if (rejected.size() == LOGGED_REJECTS) {
            log.warn("tokens.jsonl: more lines skipped; only the first {} are logged", LOGGED_REJECTS);
        }
        rejected.add(new Rejected(lineNumber, text, reason));
    }

    private void saveRejected(List<Rejected> rejected) throws IOException {
        if (rejected.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (Rejected r : rejected) {
            text.append(r.text).append('\n');
        }
        try (FileChannel ch = FileChannel.open(rejectedPath, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        log.warn("{} unreadable line(s) of {} moved to {} before rewriting it",
                rejected.size(), path.getFileName(), rejectedPath);
    }

    private void removeStaleTemporaries(Path dir) throws IOException {
        String prefix = path.getFileName() + ".";
        Instant cutoff = Instant.now().minus(STALE_TEMP);
        try (var entries = Files.newDirectoryStream(dir, prefix + "*" + TEMP_SUFFIX)) {
            for (Path p : entries) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                    log.info("removed {} left by an interrupted write", p.getFileName());
                }
            }
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is then harmless. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return Objects.toString(path);
    }
}
