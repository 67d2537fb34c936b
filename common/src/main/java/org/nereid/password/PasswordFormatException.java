package org.nereid.password;

/**
 * A stored password that cannot be checked (no key, bad hex, unknown type or hash).
 * Nobody can log in with such a password; the message says what to fix in the file.
 */
public final class PasswordFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PasswordFormatException(String message) {
        super(message);
    }

    public PasswordFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
