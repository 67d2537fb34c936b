package org.nereid.auth;

import org.nereid.cluster.SharedFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The server's secret for rejoin credentials ({@link RejoinCredentials}): 32 random bytes,
 * base64 on one line, in {@code DATA/var/rejoin.key} beside {@code tokens.jsonl}, readable by
 * the server's user only. Made at the first credential and kept, so credentials outlive a
 * restart. In a cluster the file is made through the same {@link SharedFiles} hook as the
 * token file: under the file's cluster-wide lock, after taking the version another node made,
 * so the first node to need a key makes the cluster's and every node gets it (docs/cluster.md).
 * A change of the file (another node's version after a merge, an operator's new key) is
 * seen at the next use.
 */
final class RejoinKey {
    static final String FILE_NAME = "rejoin.key";
    static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Supplier<SharedFiles> shared;
    private final Object lock = new Object();
    private Stamp stamp;
    private byte[] key;

    /**
     * @param file   where the key is kept
     * @param shared how a new file reaches the other nodes, asked at each creation (the token
     *               store's hook, set once the node joined its cluster)
     */
    RejoinKey(Path file, Supplier<SharedFiles> shared) {
        this.file = file;
        this.shared = shared;
    }

    Path path() {
        return file;
    }

    /** The key, made (and, in a cluster, agreed) now if there is none yet. */
    byte[] current() throws IOException {
        synchronized (lock) {
            Stamp now = Stamp.of(file);
            if (now == null) {
                shared.get().change(file, () -> {
                    createIfAbsent();
                    return null;
                });
                now = Stamp.of(file);
                if (now == null) {
                    throw new IOException(file + " vanished as it was made");
                }
            }
            if (!now.equals(stamp)) {
                key = read();
                stamp = now;
            }
            return key;
        }
    }

    private byte[] read() throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not base64: remove it to make a new key", e);
        }
        if (bytes.length < BYTES) {
            throw new IOException(file + " holds " + bytes.length + " bytes, fewer than " + BYTES
                    + ": remove it to make a new key");
        }
        return bytes;
    }

    /** Writes a fresh key to a private temporary file, then links it in place unless a key got there first. */
    private void createIfAbsent() throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // on POSIX systems a temporary file is made rw------- (owner only), and the link keeps that
        Path temp = Files.createTempFile(dir, "." + FILE_NAME, ".new");
        try {
            byte[] secret = new byte[BYTES];
            RANDOM.nextBytes(secret);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(secret) + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.createLink(file, temp); // never replaces: a key made meanwhile wins
            } catch (FileAlreadyExistsException e) {
                return;
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // a directory that cannot be synced (some file systems): the link is made all the same
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** What tells a changed file: its time, size and identity. Null when there is no file. */
    private record Stamp(FileTime modified, long size, Object identity) {
        static Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }
}
