package org.nereid.console.server;

import java.util.regex.Pattern;

/**
 * The {@code -turn} value the console gives the server on this computer, as Galène's flag
 * takes it: {@code auto} (on at port 1194 unless data/ice-servers.json exists), off
 * (the flag's empty value), {@code :PORT} (every local IPv4 address) or {@code ADDR:PORT}
 * (listen everywhere, tell clients the IPv4 address ADDR, for a server behind port
 * forwarding). Checked here so that a typo gets a sentence before the server refuses to
 * start.
 */
public final class TurnFlag {
    public static final String AUTO = "auto";
    public static final String OFF = "off";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private TurnFlag() {
    }

    /**
     * What the operator typed as the setting to keep: {@code auto}, {@code off}, {@code :PORT}
     * or {@code ADDR:PORT}, trimmed; an empty field means auto.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong and what is expected
     */
    public static String check(String typed) {
        String v = typed == null ? "" : typed.strip();
        if (v.isEmpty() || v.equalsIgnoreCase(AUTO)) {
            return AUTO;
        }
        if (v.equalsIgnoreCase(OFF) || v.equals("\"\"")) {
            return OFF;
        }
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("\"" + v + "\" is not a TURN setting: write auto, off, :PORT (e.g."
                    + " :1194) or ADDR:PORT (e.g. 203.0.113.7:1194).");
        }
        String host = v.substring(0, colon);
        String port = v.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("The TURN port must be a number from 1 to 65535, not \"" + port + "\".");
        }
        if (!host.isEmpty() && !isIpv4(host)) {
            throw new IllegalArgumentException("ADDR in ADDR:PORT must be an IPv4 address such as 203.0.113.7 (the"
                    + " address clients are told, since relayed addresses are IPv4), not \"" + host + "\".");
        }
        return v;
    }

    /** The flag's value on the server's command line: "" for off. */
    public static String argument(String setting) {
        return OFF.equals(setting) ? "" : setting;
    }

    private static boolean isIpv4(String host) {
        var m = IPV4.matcher(host);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
