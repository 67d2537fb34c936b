package org.nereid.stats;

import java.util.List;

/**
 * One client of a group: its up (published) and down (received) connections.
 *
 * @param username the name it joined with, null if none (a Nereid extra, after Galène's fields)
 */
public record ClientStats(String id, String username, List<ConnStats> up, List<ConnStats> down) {
    public ClientStats {
        up = List.copyOf(up);
        down = List.copyOf(down);
    }
}
