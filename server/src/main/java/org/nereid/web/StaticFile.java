package org.nereid.web;

import java.time.Instant;

/** One file of the static root, read whole (the client's files are small). */
public record StaticFile(String name, byte[] content, Instant lastModified, String etag) {

    public String contentType() {
        return ContentTypes.forName(name);
    }
}
