package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * One byte range of an HTTP Range header (RFC 9110 §14): {@code bytes=a-b},
 * {@code bytes=a-} or {@code bytes=-n}. Several ranges, other units or a
 * malformed header are ignored (the whole file is sent), as the RFC allows;
 * a range that starts past the end is unsatisfiable (416).
 */
record ByteRange(long first, long last) {

    static final class Unsatisfiable extends Exception {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    long length() {
        return last - first + 1;
    }

    /** The Content-Range value of a 206 that carries this range of a {@code size}-byte file. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** The 416 answer to an unsatisfiable range of a {@code size}-byte file. */
    static FullHttpResponse unsatisfiable(long size) {
        FullHttpResponse r = Responses.text(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                "The range asked for lies outside the file (" + size + " bytes).");
        r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
        return r;
    }

    /** The range asked for in a file of {@code size} bytes, or null for the whole file. */
    static ByteRange parse(String header, long size) throws Unsatisfiable {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                if (suffix <= 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Long.parseLong(to);
            if (first >= size) {
                throw new Unsatisfiable();
            }
            if (first < 0 || last < first) {
                return null;
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
