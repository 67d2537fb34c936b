package org.nereid.audit;

import org.nereid.json.Json;
import org.nereid.model.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The audit trail on disk: {@code data/var/audit.jsonl}, one JSON object a line, appended
 * and fsync'd line by line, so a kill loses at most the line being written. A torn last
 * line (from such a kill) is cut off when the file is opened again, so every line of the
 * file parses. When the file would pass its size it becomes {@code audit.jsonl.1} (the
 * older ones move up to {@code .4}, the oldest goes). Refusals go through a
 * {@link RefusalThrottle}, so guessing cannot fill the disk.
 */
public final class AuditFile implements AuditTrail, AutoCloseable {
    public static final String NAME = "audit.jsonl";
    public static final long DEFAULT_MAX_BYTES = 8L << 20;
    static final int KEEP = 4;
    private static final Logger log = LoggerFactory.getLogger(AuditFile.class);

    private final Path file;
    private final long maxBytes;
    private final LongSupplier nanoTime;
    private final RefusalThrottle throttle = new RefusalThrottle();
    private FileChannel channel;
    private long size;
    private long failures;

    AuditFile(Path file, long maxBytes, LongSupplier nanoTime) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.nanoTime = nanoTime;
        Files.createDirectories(file.getParent());
        open();
    }

    /** The trail under a data directory, {@code DATA/var/audit.jsonl}. */
    public static AuditFile inDataDirectory(Path dataDir) throws IOException {
        return new AuditFile(dataDir.resolve("var").resolve(NAME), DEFAULT_MAX_BYTES, System::nanoTime);
    }

    @Override
    public synchronized void record(AuditEntry entry) {
        if (AuditEntry.REFUSED.equals(entry.outcome()) && entry.actor() != null) {
            int left = throttle.admit(entry.actor().address(), nanoTime.getAsLong());
            if (left < 0) {
                return;
            }
            entry = entry.withSuppressed(left);
        }
        byte[] line = (Json.write(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (channel == null) {
                open();
            }
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            size += line.length;
        } catch (IOException e) {
            // the meeting goes on without its audit line; say so, but not once per line of a flood
            if (failures++ % 1000 == 0) {
                log.warn("audit trail {}: cannot write ({} failures so far): {}", file, failures, e.toString());
            }
            closeQuietly();
        }
    }

    /** The files of the trail, oldest first (rotated ones, then the current one). */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (int i = KEEP; i >= 1; i--) {
            Path rotated = rotated(i);
            if (Files.exists(rotated)) {
                files.add(rotated);
            }
        }
        if (Files.exists(file)) {
            files.add(file);
        }
        return files;
    }

    private void open() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        size = completeLinesLength(channel);
        if (size < channel.size()) {
            log.warn("audit trail {}: dropped a torn last line ({} bytes) left by an interrupted write", file,
                    channel.size() - size);
            channel.truncate(size);
            channel.force(false);
        }
        channel.position(size);
    }

    /** The length of the file up to and including its last newline. */
    private static long completeLinesLength(FileChannel channel) throws IOException {
        long end = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long at = end - 1; at >= 0; at--) {
            one.clear();
            channel.read(one, at);
            if (one.get(0) == '\n') {
                return at + 1;
            }
        }
        return 0;
    }

    private void rotate() throws IOException {
        closeQuietly();
        Files.deleteIfExists(rotated(KEEP));
        for (int i = KEEP - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.ATOMIC_MOVE);
        open();
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to lose: every written line was forced already
            }
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
