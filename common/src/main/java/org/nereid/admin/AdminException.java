package org.nereid.admin;

import java.io.IOException;

/**
 * The admin API refused a request. The message is a sentence for the person at the
 * keyboard, ending with the HTTP status, e.g. {@code the group "x" was changed by someone
 * else (412): reload and try again}.
 */
public final class AdminException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status code the server answered with. */
    public int status() {
        return status;
    }
}
