package org.nereid.stats;

import java.util.List;

/**
 * The built-in TURN server as the health document shows it.
 *
 * @param state       {@code off} (by the flags or because data/ice-servers.json exists),
 *                    {@code failed} (asked for, but it could not listen) or {@code listening}
 * @param detail      why it is off or failed, or where it listens and what it relays to
 * @param flag        the {@code -turn} value the server was started with
 * @param urls        the TURN URLs clients are given (empty unless listening)
 * @param allocations live allocations (0 unless listening)
 */
public record TurnStatus(String state, String detail, String flag, List<String> urls, int allocations) {
    public TurnStatus {
        urls = List.copyOf(urls);
    }

    public static TurnStatus off(String flag, String why) {
        return new TurnStatus("off", why, flag, List.of(), 0);
    }

    public static TurnStatus failed(String flag, String why) {
        return new TurnStatus("failed", why, flag, List.of(), 0);
    }

    public static TurnStatus listening(String flag, String where, List<String> urls, int allocations) {
        return new TurnStatus("listening", where, flag, urls, allocations);
    }
}
