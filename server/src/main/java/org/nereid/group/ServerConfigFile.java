package org.nereid.group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.nereid.json.Json;
import org.nereid.model.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code data/config.json}, reread when its modification time or size changes (as Galène
 * does). A missing file means the empty configuration. A file that cannot be read is
 * logged once per version; until it is fixed the last good configuration stays in force
 * (the empty one if there never was one) and {@link #problem()} says what is wrong.
 */
public final class ServerConfigFile {
    private static final Logger log = LoggerFactory.getLogger(ServerConfigFile.class);

    private final Path file;
    private FileTime modified;
    private long size = -1;
    private ServerConfig config = ServerConfig.EMPTY;
    private String problem;

    public ServerConfigFile(Path dataDir) {
        this.file = dataDir.resolve("config.json");
    }

    public Path file() {
        return file;
    }

    /** The configuration in force; cheap (one stat) when the file has not changed. */
    public synchronized ServerConfig current() {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (size != -1) {
                log.info("{} removed: using the default configuration", file);
            }
            modified = null;
            size = -1;
            config = ServerConfig.EMPTY;
            problem = null;
            return config;
        } catch (IOException e) {
            return config;
        }
        if (attrs.size() == size && attrs.lastModifiedTime().equals(modified)) {
            return config;
        }
        modified = attrs.lastModifiedTime();
        size = attrs.size();
        try {
            config = Json.readStrict(file, ServerConfig.class);
            problem = null;
        } catch (IOException e) {
            problem = e.getMessage();
            log.error("Configuration refused, keeping the previous one: {}", problem);
        }
        return config;
    }

    /** Why the file on disk is not the configuration in force, if it is not. */
    public synchronized Optional<String> problem() {
        current();
        return Optional.ofNullable(problem);
    }
}
