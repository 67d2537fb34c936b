package org.nereid.admin;

/**
 * A value read from the admin API with its entity tag, to be passed back on update so that
 * a concurrent change is detected rather than overwritten.
 *
 * @param value the value
 * @param etag  the ETag header as the server sent it (quotes included), or "" if none
 */
public record Versioned<T>(T value, String etag) {
}
