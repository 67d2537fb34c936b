package org.nereid.load;

/** Ends the run: its message is the one sentence the user sees. */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public LoadException(String sentence) {
        super(sentence);
    }

    public LoadException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
