package org.nereid.model;

import java.util.Locale;

/**
 * What a stateful token lets its holder do: {@link #JOIN}, Galène's only kind, or
 * {@link #REGISTER}, Nereid's registration invitation. Stored as the extra field
 * {@code "kind"} of {@code tokens.jsonl}, absent for a join token, so Galène reads
 * both kinds (and would let a register token join: it does not know the field).
 */
public enum TokenKind {
    /** Joins the group for the token's lifetime. */
    JOIN,
    /** Creates one permanent user in the group file; never joins by itself. */
    REGISTER;

    /** The name used in files and messages: {@code "join"} or {@code "register"}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of this name; throws IllegalArgumentException with a sentence for any other. */
    public static TokenKind of(String name) {
        for (TokenKind k : values()) {
            if (k.jsonName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("field \"kind\" must be \"join\" or \"register\", not \"" + name + "\"");
    }
}
