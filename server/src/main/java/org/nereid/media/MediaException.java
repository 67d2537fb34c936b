package org.nereid.media;

/** A media failure whose message is a sentence for the client concerned. */
public class MediaException extends Exception {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
