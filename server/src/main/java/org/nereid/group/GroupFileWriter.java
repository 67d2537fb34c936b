package org.nereid.group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.nereid.cluster.SharedFiles;
import org.nereid.json.Json;
import org.nereid.model.GroupDescription;
import org.nereid.model.GroupNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes group files (for the admin API). Edits are serialised: each one sees the file as
 * it is, decides (checking the caller's ETag precondition inside the edit) and writes
 * atomically before the next starts, so of two writers holding the same ETag exactly one
 * wins. Listeners hear of the change before {@link #edit} returns. Every writer of the same
 * groups directory shares one lock (the admin API and invitation registrations each hold one).
 */
public final class GroupFileWriter {
    private static final Logger log = LoggerFactory.getLogger(GroupFileWriter.class);

    /** One lock per groups directory, so that writers made by different parts never interleave. */
    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final GroupDirectory directory;
    private final Object lock;

    public GroupFileWriter(GroupDirectory directory) {
        this.directory = directory;
        this.lock = LOCKS.computeIfAbsent(directory.root().toAbsolutePath().normalize(), root -> new Object());
    }

    /** Decides the new content of a group file from its current state. */
    @FunctionalInterface
    public interface Edit<E extends Exception> {
        /**
         * @param current the group's own file, or empty if it has none
         * @return the description to write, or empty to delete the file
         */
        Optional<GroupDescription> apply(Optional<GroupEntry> current) throws E;
    }

    /**
     * Applies {@code edit} to the file of group {@code name} and returns the file's new
     * ETag (empty if it was deleted).
     *
     * @throws GroupFileException if the existing file cannot be read (it is never overwritten then)
     */
    public <E extends Exception> Optional<String> edit(String name, Edit<E> edit)
            throws E, GroupFileException, IOException {
        GroupNames.requireValid(name);
        Path file = GroupNames.file(directory.root(), name);
        synchronized (lock) {
            try {
                return directory.sharedFiles().change(file, () -> {
                    try {
                        return write(name, file, edit);
                    } catch (GroupFileException e) {
                        throw new Unreadable(e);
                    }
                });
            } catch (Unreadable e) {
                throw e.reason;
            }
        }
    }

    /** Carries a GroupFileException through {@link SharedFiles.Change}, which declares one exception type. */
    private static final class Unreadable extends RuntimeException {
        final GroupFileException reason;

        Unreadable(GroupFileException reason) {
            super(reason.getMessage(), null, false, false);
            this.reason = reason;
        }
    }

    private <E extends Exception> Optional<String> write(String name, Path file, Edit<E> edit)
            throws E, GroupFileException, IOException {
        Optional<GroupEntry> current = directory.findFile(name);
        Optional<GroupDescription> next = edit.apply(current);
        if (next.isEmpty()) {
            if (current.isPresent()) {
                Files.delete(file);
                log.info("group {}: file deleted by the server (admin API)", name);
            }
        } else {
            FileTime before = current.isPresent() ? Files.getLastModifiedTime(file) : null;
            Json.writeAtomically(file, next.get());
            // coarse file clocks: make sure the new version never carries the old ETag
            if (before != null && Files.getLastModifiedTime(file).compareTo(before) <= 0) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1));
            }
            log.info("group {}: file {} by the server (admin API or registration)", name,
                    current.isPresent() ? "changed" : "created");
        }
        directory.refresh();
        return directory.findFile(name).map(GroupEntry::etag);
    }
}
