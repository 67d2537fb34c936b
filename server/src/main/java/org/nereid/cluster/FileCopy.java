package org.nereid.cluster;

import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One version of a shared file as the cluster keeps it: its bytes (null when the file was
 * deleted) and its modification time to the nanosecond, which every node gives its own
 * copy so that the size-and-time ETags agree.
 *
 * @param key      where the file is, relative to the node's directories ({@code groups/x.json})
 * @param sequence how many versions of this file the cluster has seen: a node that missed one catches up
 */
record FileCopy(String key, byte[] content, long modifiedNanos, long sequence) implements Serializable {

    /** The file as it is on disk now. */
    static FileCopy read(String key, Path file, long sequence) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            FileTime t = Files.getLastModifiedTime(file);
            return new FileCopy(key, bytes, nanos(t), sequence);
        } catch (NoSuchFileException e) {
            return new FileCopy(key, null, 0, sequence);
        }
    }

    /** Whether the file on disk is this version already. */
    boolean isOn(Path file) throws IOException {
        if (!Files.exists(file)) {
            return content == null;
        }
        return content != null && nanos(Files.getLastModifiedTime(file)) == modifiedNanos
                && Arrays.equals(Files.readAllBytes(file), content);
    }

    /** Replaces the file with this version: temporary file, fsync, rename, then the time. */
    void writeTo(Path file) throws IOException {
        if (content == null) {
            Files.deleteIfExists(file);
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // created owner-only, like tokens.jsonl: a copy is never more readable than its origin
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".cluster");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            Files.setLastModifiedTime(temp, FileTime.from(modifiedNanos, TimeUnit.NANOSECONDS));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }
}
