package org.nereid.signal;

/** A client message that cannot be understood; the message is a sentence for that client. */
public class BadMessageException extends Exception {
    public BadMessageException(String message) {
        super(message);
    }
}
