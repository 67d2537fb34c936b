package org.nereid.console.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Saves server profiles in {@code profiles.json} and their secrets (passwords, tokens)
 * in {@code secrets.json}, readable by the owner only (mode 0600 where the file system
 * has POSIX permissions), the way ssh and git credential stores do. A secret is stored
 * only when the operator ticks "remember"; otherwise it lives in memory for the session.
 * Files are written atomically (temp file, fsync, rename).
 */
public final class ProfileStore {
    private static final TypeReference<List<ServerProfile>> PROFILES = new TypeReference<>() { };
    private static final TypeReference<TreeMap<String, String>> SECRETS = new TypeReference<>() { };
    private final Path dir;

    public ProfileStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public synchronized List<ServerProfile> load() throws IOException {
        Path f = dir.resolve("profiles.json");
        if (!Files.exists(f)) {
            return new ArrayList<>();
        }
        return new ArrayList<>(AdminApi.JSON.readValue(f.toFile(), PROFILES));
    }

    public synchronized void save(List<ServerProfile> profiles) throws IOException {
        write(dir.resolve("profiles.json"), AdminApi.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(profiles), false);
    }

    public synchronized String secret(String profile) throws IOException {
        return secrets().get(profile);
    }

    /** Stores (or with {@code null} forgets) the secret of a profile. */
    public synchronized void remember(String profile, String secret) throws IOException {
        Map<String, String> all = secrets();
        if (secret == null) {
            all.remove(profile);
        } else {
            all.put(profile, secret);
        }
        write(dir.resolve("secrets.json"), AdminApi.JSON.writeValueAsBytes(all), true);
    }

    private TreeMap<String, String> secrets() throws IOException {
        Path f = dir.resolve("secrets.json");
        return Files.exists(f) ? AdminApi.JSON.readValue(f.toFile(), SECRETS) : new TreeMap<>();
    }

    /** Atomic write: temp file in the same directory, fsync, rename. */
    static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            if (ownerOnly && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
