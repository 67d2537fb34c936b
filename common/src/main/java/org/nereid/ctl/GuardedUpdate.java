package org.nereid.ctl;

import java.io.IOException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nereid.admin.Versioned;

/**
 * galenectl's read-change-write of a group, user or token: the new fields go back with the
 * ETag that was read, so that an edit made meanwhile by someone else is refused, not overwritten.
 */
final class GuardedUpdate {
    private GuardedUpdate() {
    }

    interface Read {
        Versioned<Map<String, Object>> read() throws IOException;
    }

    interface Write {
        void write(Map<String, Object> fields, String etag) throws IOException;
    }

    /** Reads, applies {@code change} to the fields read and writes the result; {@code what} names it in errors. */
    static void apply(String what, Read read, UnaryOperator<Map<String, Object>> change, Write write)
            throws IOException {
        Versioned<Map<String, Object>> old = read.read();
        if (old.etag().isEmpty()) {
            throw new IOException("the server sent no ETag for " + what + "; cannot update safely");
        }
        write.write(change.apply(old.value()), old.etag());
    }
}
