package org.nereid.group;

/**
 * A group whose file exists but cannot be used. The message names the file, the line and
 * the reason, for the log and for administrators; users are told less (see the web routes).
 */
public final class GroupFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String group;

    public GroupFileException(String group, String message, Throwable cause) {
        super(message, cause);
        this.group = group;
    }

    public String group() {
        return group;
    }
}
