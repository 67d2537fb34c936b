package org.nereid.model;

import java.util.Locale;

/**
 * Whether a stateful token can be used now, as the invitation page shows it. When
 * several apply, the first listed wins: a revoked token says so even after it
 * expired, and a used-up token says so rather than "expired".
 */
public enum TokenState {
    /** Marked {@code "revoked": true} by Nereid's revoke paths (its expiry is then in the past). */
    REVOKED,
    /** As many uses as {@code max-uses} allows have been counted. */
    USED_UP,
    /** Past its expiry, or without one (Galène's tokens without expiry admit nobody). */
    EXPIRED,
    /** Before its {@code not-before} time. */
    NOT_YET_VALID,
    /** Usable now. */
    VALID;

    /** The name in JSON: {@code "valid"}, {@code "expired"}, {@code "not-yet-valid"}, {@code "used-up"}, {@code "revoked"}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
