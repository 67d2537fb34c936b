package org.nereid.admin;

/**
 * One recording of a group as the admin API lists it ({@code .groups/NAME/.recordings/}).
 *
 * @param name     the file name below {@code recordings/NAME/}
 * @param size     its size in bytes
 * @param modified when it was last written, ISO-8601 UTC, or null if the server did not say
 */
public record RecordingFile(String name, long size, String modified) {
}
