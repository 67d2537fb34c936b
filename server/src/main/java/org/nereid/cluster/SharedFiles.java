package org.nereid.cluster;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a change to a file every node keeps a copy of (group files, {@code tokens.jsonl}) is
 * made. Alone, a change is just run ({@link #LOCAL}); in a cluster it runs while this node
 * holds the file's cluster-wide lock, after this node caught up with the last copy any node
 * wrote, and returns only once every node has the new file with the same size and
 * modification time, so that ETags mean the same on every node (docs/cluster.md).
 *
 * <p>No Hazelcast type appears here: without {@code -cluster} no Hazelcast class is loaded.
 */
public interface SharedFiles {
    SharedFiles LOCAL = new SharedFiles() {
        @Override
        public <T, E extends Exception> T change(Path file, Change<T, E> change) throws E, IOException {
            return change.run();
        }
    };

    /** A read-decide-write of one file, run with the caller's own lock held as usual. */
    @FunctionalInterface
    interface Change<T, E extends Exception> {
        T run() throws E, IOException;
    }

    /**
     * Runs {@code change}, which reads {@code file}, decides and rewrites or deletes it.
     * Its result and exceptions pass through unchanged.
     */
    <T, E extends Exception> T change(Path file, Change<T, E> change) throws E, IOException;
}
