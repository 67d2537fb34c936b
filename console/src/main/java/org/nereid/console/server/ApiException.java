package org.nereid.console.server;

import java.io.IOException;

/** A non-success answer from the server, worded for the operator. */
public final class ApiException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The thing was changed by someone else since it was read (HTTP 412). */
    public boolean isConflict() {
        return status == 412;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isUnauthorised() {
        return status == 401 || status == 403;
    }

    static ApiException of(int status, String what, String body) {
        String detail = body == null ? "" : body.strip();
        if (detail.length() > 200 || detail.startsWith("<")) {
            detail = "";
        }
        String text = switch (status) {
            case 401 -> "The server refused the credentials for " + what
                    + ". Check the admin user name and password (or token) of this server profile.";
            case 403 -> "This account may not " + what + ". Use an account with the admin permission.";
            case 404 -> what + ": not found on the server. Reload the list; someone may have deleted it.";
            case 409 -> what + ": it already exists. Choose another name.";
            case 412 -> what + ": someone else changed it since you loaded it. Reload to see their version.";
            case 400 -> what + ": the server refused the data" + (detail.isEmpty() ? "." : " (" + detail + ").")
                    + " Correct it and try again.";
            default -> what + ": the server answered " + status + (detail.isEmpty() ? "" : " (" + detail + ")")
                    + ". Look at the server log.";
        };
        return new ApiException(status, text);
    }
}
