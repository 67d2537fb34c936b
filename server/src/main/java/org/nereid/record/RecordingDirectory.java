package org.nereid.record;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The recordings as the web server shows them: a group's files, listed,
 * opened and deleted. Nothing outside the recordings directory is ever
 * reached: names with dot segments, leading dots (hidden files), backslashes
 * or NULs are refused, and a symbolic link anywhere under the root hides what
 * it points to.
 */
public final class RecordingDirectory {
    private final Path root;

    public RecordingDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * One recording file, as listings show it.
     *
     * @param modified when it was last written, ISO-8601 UTC ("2026-01-02T10:00:00Z")
     */
    public record Entry(String name, long size, String modified) {
    }

    /** The group's files, sorted by name (so by start time); empty when it has none. */
    public List<Entry> list(String group) throws IOException {
        Optional<Path> dir = directory(group);
        if (dir.isEmpty()) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.get())) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!acceptable(name)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    entries.add(new Entry(name, a.size(), a.lastModifiedTime().toInstant().toString()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /** The group's recordings directory, if it exists as a real directory under the root. */
    public Optional<Path> directory(String group) throws IOException {
        Optional<Path> dir = inside(group);
        return dir.isPresent() && Files.isDirectory(dir.get(), LinkOption.NOFOLLOW_LINKS) ? dir : Optional.empty();
    }

    /** A recording file of the group, if it exists as a regular file (no link) under the root. */
    public Optional<Path> file(String group, String name) throws IOException {
        if (!acceptable(name) || directory(group).isEmpty()) {
            return Optional.empty();
        }
        Path f = inside(group).orElseThrow().resolve(name);
        return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Optional.of(f) : Optional.empty();
    }

    /** Deletes a recording; false when there is no such file. */
    public boolean delete(String group, String name) throws IOException {
        Optional<Path> f = file(group, name);
        return f.isPresent() && Files.deleteIfExists(f.get());
    }

    /** The path of {@code group} under the root when every step of it is a real directory (or absent). */
    private Optional<Path> inside(String group) throws IOException {
        if (group == null || group.isEmpty()) {
            return Optional.empty();
        }
        Path at = root;
        for (String segment : group.split("/", -1)) {
            if (!acceptable(segment)) {
                return Optional.empty();
            }
            at = at.resolve(segment);
            if (Files.isSymbolicLink(at)) {
                return Optional.empty();
            }
        }
        if (!at.normalize().startsWith(root) || at.normalize().equals(root)) {
            return Optional.empty();
        }
        return Optional.of(at);
    }

    /** A file or directory name that may be served: not empty, not hidden, no separators. */
    static boolean acceptable(String name) {
        return !name.isEmpty() && !name.startsWith(".") && name.indexOf('/') < 0 && name.indexOf('\\') < 0
                && name.indexOf('\0') < 0;
    }
}
