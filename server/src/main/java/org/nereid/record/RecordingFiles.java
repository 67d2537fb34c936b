package org.nereid.record;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Where recordings go, named as Galène names them:
 * {@code <root>/<group>/<local time>[-<username>][-NN].webm}, files 0600 and
 * directories 0700 (on file systems with POSIX permissions).
 */
public final class RecordingFiles {
    private static final DateTimeFormatter UNIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter WINDOWS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss-SSS");
    private static final int MAX_COUNTER = 99;

    private final Path root;
    private final ZoneId zone;
    private final boolean posix;
    private final DateTimeFormatter timeFormat;

    public RecordingFiles(Path root, ZoneId zone) {
        this.root = root.toAbsolutePath().normalize();
        this.zone = zone;
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.timeFormat = File.separatorChar == '\\' ? WINDOWS_TIME : UNIX_TIME;
    }

    /** A file just created for writing, and its channel. */
    public record Created(Path path, FileChannel channel) {
    }

    /** The group's recordings directory; a group name that would leave the root is refused. */
    public Path directory(String group) throws IOException {
        Path dir = root.resolve(group).normalize();
        if (group.isEmpty() || !dir.startsWith(root) || dir.equals(root)) {
            throw new IOException("the group name \"" + group + "\" cannot be used as a recordings directory");
        }
        return dir;
    }

    /** Creates a new, empty WebM recording file; the name gets -01 … -99 if taken. */
    public Created create(String group, String username, Instant now) throws IOException {
        return create(group, username, now, "webm");
    }

    /** Creates a new, empty recording file with this extension ("webm", "mkv"). */
    public Created create(String group, String username, Instant now, String extension) throws IOException {
        Path dir = directory(group);
        createDirectories(dir);
        String base = timeFormat.format(now.atZone(zone));
        if (username != null && !username.isEmpty()) {
            base = base + "-" + sanitise(username);
        }
        for (int counter = 0; counter <= MAX_COUNTER; counter++) {
            String name = counter == 0 ? base + "." + extension : String.format("%s-%02d.%s", base, counter, extension);
            Path file = dir.resolve(name);
            try {
                FileChannel channel = posix
                        ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new Created(file, channel);
            } catch (FileAlreadyExistsException e) {
                // try the next counter
            }
        }
        throw new IOException("could not create a recording file in " + dir + ": " + base + " and -01 to -99 exist");
    }

    private void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !parent.equals(root.getParent()) && dir.startsWith(root) && !dir.equals(root)) {
            createDirectories(parent);
        } else if (parent != null) {
            Files.createDirectories(parent);
        }
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        try {
            Files.createDirectory(dir, attributes);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Makes a username safe as part of a file name, as Galène does. */
    public static String sanitise(String username) {
        return username.replace("/", "-slash-").replace("\\", "-backslash-");
    }
}
