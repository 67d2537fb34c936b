package org.nereid.stats;

import java.util.List;

/** One client of a group: its up (published) and down (received) connections. */
public record ClientStats(String id, List<ConnStats> up, List<ConnStats> down) {
    public ClientStats {
        up = List.copyOf(up);
        down = List.copyOf(down);
    }
}
