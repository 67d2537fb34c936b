package org.nereid.console.server;

/** A value read from the server with the entity tag that a later update must quote. */
public record Versioned<T>(T value, String etag) {
}
