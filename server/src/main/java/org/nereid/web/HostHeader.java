package org.nereid.web;

import java.util.regex.Pattern;

/**
 * What a Host header may be before any route builds a URL from it: a DNS name or IPv4
 * address, or an IPv6 address in brackets, with an optional port (RFC 9110 §7.2, without
 * the percent-encoded names no client sends). Anything else ({@code a b}, {@code [::1},
 * {@code %zz}) is a 400, never a 500 from a URL that cannot be built.
 */
final class HostHeader {
    private static final Pattern VALID = Pattern.compile(
            "(?:[A-Za-z0-9._~-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    private HostHeader() {
    }

    /** Whether the header may be used; a request without one (HTTP/1.0) may. */
    static boolean isValid(String host) {
        return host == null || host.isEmpty() || host.length() <= 300 && VALID.matcher(host).matches();
    }
}
