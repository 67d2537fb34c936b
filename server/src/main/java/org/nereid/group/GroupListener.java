package org.nereid.group;

import org.nereid.model.GroupDescription;

/**
 * Told by {@link GroupDirectory} when group files appear, change or go, so run-time
 * groups follow their files. Called on the directory's scanning thread (or the thread
 * that called {@link GroupDirectory#refresh()}); keep it short.
 */
public interface GroupListener {
    /** A group file was created or changed and reads well. */
    default void changed(String name, GroupDescription description) {
    }

    /** A group file was created or changed and cannot be read; {@code reason} names file and line. */
    default void invalid(String name, String reason) {
    }

    /** A group file was deleted. */
    default void removed(String name) {
    }
}
