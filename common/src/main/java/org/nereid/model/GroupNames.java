package org.nereid.model;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Group names and the files that define them.
 *
 * <p>A name is valid when it is not empty, has no backslash, and is already in clean form, so
 * no leading or trailing {@code /}, no empty segment and no {@code .} or {@code ..} segment
 * ({@code teaching/networking} is fine), as Galène checks; and, as Galène's issue tracker
 * states the rule but its code does not, no segment starts with a dot ({@code .hidden},
 * {@code a/.b}): hidden files and folders such as {@code .git} or {@code .well-known} are
 * never groups. Nereid also refuses NUL and other control characters, and on Windows the
 * characters a file name cannot hold. The group {@code a/b} lives in {@code groups/a/b.json}.
 *
 * <p>Names are bounded ({@value #MAX_LENGTH} characters; each part, with {@code .json}, fits a
 * file name of 255 bytes), so a stranger's megabyte name never reaches the disk or the log.
 * Group names must also be in Unicode normal form C and free of format characters (bidi
 * overrides, zero-width spaces and joiners): two groups that look alike must be one group.
 */
public final class GroupNames {
    private static final String SUFFIX = ".json";
    private static final boolean WINDOWS = File.separatorChar == '\\';
    /** The longest group or user name; far above any honest one. */
    public static final int MAX_LENGTH = 200;
    private static final int MAX_FILE_NAME_BYTES = 255;

    private GroupNames() {
    }

    public static boolean isValid(String name) {
        return isCleanPath(name) && !name.startsWith(".") && !name.contains("/.") && looksAsItIs(name)
                && fitsFileNames(name);
    }

    /**
     * Galène's rule for usernames: empty, or a clean path (no path tricks). Unlike group
     * names, a username may start with a dot: it never names a file.
     */
    public static boolean isValidUsername(String username) {
        return username != null && (username.isEmpty() || isCleanPath(username));
    }

    private static boolean isCleanPath(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || name.indexOf('\\') >= 0
                || hasControl(name)) {
            return false;
        }
        if (WINDOWS && name.chars().anyMatch(c -> ":*?\"<>|".indexOf(c) >= 0)) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Throws IllegalArgumentException with a sentence for the user if the name is not valid. */
    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid group name: use names like "
                    + "\"staff\" or \"teaching/networking\", without leading or trailing \"/\", empty parts, "
                    + "parts starting with \".\", backslashes, control or invisible characters, at most "
                    + MAX_LENGTH + " characters");
        }
        return name;
    }

    /**
     * The file that defines a group, always inside {@code groupsDir}.
     *
     * @throws IllegalArgumentException if the name is not valid
     */
    public static Path file(Path groupsDir, String name) {
        requireValid(name);
        Path root = groupsDir.toAbsolutePath().normalize();
        Path file;
        try {
            file = root;
            for (String segment : (name + SUFFIX).split("/")) {
                file = file.resolve(segment);
            }
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("\"" + name + "\" cannot be a file name on this system", e);
        }
        file = file.normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("\"" + name + "\" points outside the groups directory");
        }
        return file;
    }

    /**
     * The name of the group a file defines, or empty if the file is not a group file: it must
     * lie under {@code groupsDir}, end in {@code .json} and give a valid name, so neither it nor
     * a folder on its way may start with a dot (Nereid writes its temporary files so).
     */
    public static Optional<String> nameOf(Path groupsDir, Path file) {
        Path root = groupsDir.toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(root) || abs.equals(root)) {
            return Optional.empty();
        }
        Path rel = root.relativize(abs);
        StringBuilder name = new StringBuilder();
        for (Path part : rel) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        if (name.length() <= SUFFIX.length() || !name.toString().endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String result = name.substring(0, name.length() - SUFFIX.length());
        return isValid(result) ? Optional.of(result) : Optional.empty();
    }

    /** The group an automatic subgroup belongs to: {@code a/b/c} → {@code a/b}; empty at the top. */
    public static Optional<String> parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash <= 0 ? Optional.empty() : Optional.of(name.substring(0, slash));
    }

    /** Normal form C, no format characters: what is displayed is all there is. */
    private static boolean looksAsItIs(String name) {
        return Normalizer.isNormalized(name, Normalizer.Form.NFC)
                && name.chars().noneMatch(c -> Character.getType(c) == Character.FORMAT);
    }

    private static boolean fitsFileNames(String name) {
        for (String segment : name.split("/")) {
            if (segment.getBytes(StandardCharsets.UTF_8).length + SUFFIX.length() > MAX_FILE_NAME_BYTES) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String name) {
        return name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
