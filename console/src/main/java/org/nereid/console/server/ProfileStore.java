package org.nereid.console.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.nereid.json.Json;

/**
 * Saves server profiles in {@code profiles.json} and their secrets (passwords, tokens)
 * in {@code secrets.json}, readable by the owner only (mode 0600 where the file system
 * has POSIX permissions), the way ssh and git credential stores do. A secret is stored
 * only when the operator ticks "remember" (and for the server on this computer, whose
 * generated admin password the console must know); otherwise it lives in memory for the
 * session. Files are written atomically with common's {@link Json#writeAtomically}.
 */
public final class ProfileStore {
    private static final ObjectMapper JSON = new ObjectMapper();
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
        return new ArrayList<>(JSON.readValue(f.toFile(), PROFILES));
    }

    public synchronized void save(List<ServerProfile> profiles) throws IOException {
        Json.writeAtomically(dir.resolve("profiles.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(profiles));
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
        Json.writeAtomically(dir.resolve("secrets.json"), JSON.writeValueAsBytes(all));
    }

    private TreeMap<String, String> secrets() throws IOException {
        Path f = dir.resolve("secrets.json");
        return Files.exists(f) ? JSON.readValue(f.toFile(), SECRETS) : new TreeMap<>();
    }
}
