package org.nereid.record;

import java.nio.file.Path;

/**
 * What a {@link StreamRecorder} tells its owner. Called on the thread that
 * feeds the recorder; implementations must not block.
 */
public interface RecordingListener {
    /** A new file was created (the first keyframe, or a rotation). */
    default void fileStarted(Path file) {
    }

    /** A file was finished and is now seekable. */
    default void fileFinished(Path file, long durationMs) {
    }

    /** Video packets were lost, or recording waits for its first keyframe: ask the publisher for one (PLI). */
    default void keyframeNeeded() {
    }

    /**
     * Recording stopped for good because of an error (a full disk, a directory
     * that cannot be created). {@code file} is the file being written, or null.
     */
    void failed(Path file, Exception error);
}
