package org.nereid.audit;

import org.nereid.model.AuditEntry;

/** Where the server reports who did what; {@link #NONE} keeps nothing (tests that do not look). */
@FunctionalInterface
public interface AuditTrail {
    AuditTrail NONE = entry -> { };

    /** Records the entry; never throws and never blocks for long (one small append). */
    void record(AuditEntry entry);
}
