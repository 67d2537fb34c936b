package org.nereid.whip;

/** Matching an entity tag against an If-Match or If-None-Match header, as RFC 7232 and Galène do. */
final class ETags {
    private ETags() {
    }

    /**
     * Whether {@code header} (a list of tags, or "*") names {@code etag}. A null etag is
     * a resource that does not exist: "*" does not match it.
     */
    static boolean match(String etag, String header) {
        if (header.isEmpty()) {
            return false;
        }
        if (header.equals(etag)) {
            return true;
        }
        int i = 0;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return etag != null;
            }
            int start = header.startsWith("W/", i) ? i + 2 : i;
            if (start >= header.length() || header.charAt(start) != '"') {
                return false;
            }
            int end = header.indexOf('"', start + 1);
            if (end < 0) {
                return false;
            }
            if (header.substring(i, end + 1).equals(etag)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
