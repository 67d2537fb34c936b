package org.nereid.group;

import java.nio.file.Path;
import org.nereid.model.GroupDescription;

/**
 * A group as its file defines it.
 *
 * @param name        the group's name ({@code teaching/networking})
 * @param description the description; for an automatic subgroup, the parent's made private
 * @param file        the file it was read from (the parent's, for a subgroup)
 * @param etag        the file's version, {@code "size-mtimeNanos"} as Galène makes it
 * @param subgroup    true when no file of its own exists and a parent's auto-subgroups made it
 */
public record GroupEntry(String name, GroupDescription description, Path file, String etag, boolean subgroup) {
}
