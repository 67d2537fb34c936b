package org.nereid.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The decoded path of a request, checked once so that no handler has to think about
 * traversal again: every segment is non-empty (except a trailing one, which marks a
 * directory), is not "." or "..", and contains no slash, backslash or control character,
 * whether written plainly or percent-encoded.
 */
public record RequestPath(String path, List<String> segments, boolean trailingSlash, String query) {

    /** Parses the request target of an HTTP request (origin form: path and optional query). */
    public static RequestPath parse(String target) throws BadPathException {
        if (target == null || !target.startsWith("/")) {
            throw new BadPathException("the request target must start with a slash");
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        int hash = rawPath.indexOf('#');
        if (hash >= 0) {
            throw new BadPathException("a fragment has no place in a request");
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        List<String> segments = new java.util.ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            boolean last = i == raw.length - 1;
            String segment = decodeSegment(raw[i]);
            if (segment.isEmpty() && !last) {
                throw new BadPathException("empty path segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new BadPathException("dot segments are not allowed");
            }
            segments.add(segment);
        }
        boolean trailingSlash = segments.get(segments.size() - 1).isEmpty();
        if (trailingSlash) {
            segments.remove(segments.size() - 1);
        }
        String path = "/" + String.join("/", segments) + (trailingSlash && !segments.isEmpty() ? "/" : "");
        return new RequestPath(path, List.copyOf(segments), trailingSlash, query);
    }

    /** True when the path starts with the given segments. */
    public boolean startsWith(String... prefix) {
        if (segments.size() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (!segments.get(i).equals(prefix[i])) {
                return false;
            }
        }
        return true;
    }

    /** The segments from index {@code from} on, joined with slashes. */
    public String joinFrom(int from) {
        return String.join("/", segments.subList(Math.min(from, segments.size()), segments.size()));
    }

    /** Percent-encodes one path segment (everything but RFC 3986 unreserved characters). */
    public static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-encodes a slash-separated name (a group name) segment by segment. */
    public static String encodePath(String name) {
        StringBuilder out = new StringBuilder();
        for (String segment : name.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(encodeSegment(segment));
        }
        return out.toString();
    }

    /** This path percent-encoded again, as it goes into a Location header. */
    public String encoded() {
        return "/" + encodePath(String.join("/", segments)) + (trailingSlash && !segments.isEmpty() ? "/" : "");
    }

    private static String decodeSegment(String raw) throws BadPathException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new BadPathException("truncated percent escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadPathException("malformed percent escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7e || c < 0x21) {
                throw new BadPathException("unencoded character in path");
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadPathException("path is not valid UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new BadPathException("forbidden character in path segment");
            }
        }
        return decoded;
    }

    /** The request target cannot name anything this server serves; answered with 400. */
    public static final class BadPathException extends Exception {
        public BadPathException(String reason) {
            super(reason);
        }
    }
}
