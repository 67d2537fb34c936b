package org.nereid.group;

/** The permission names of Galène's protocol, as they appear in "joined" and "user" messages. */
public final class Permission {
    public static final String OP = "op";
    public static final String PRESENT = "present";
    public static final String MESSAGE = "message";
    public static final String CAPTION = "caption";
    public static final String TOKEN = "token";
    public static final String RECORD = "record";

    private Permission() {
    }
}
