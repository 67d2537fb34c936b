package org.nereid.stats;

import java.util.List;

/** Statistics of one group, as Galène's /galene-api/0/.stats lists them. */
public record GroupStats(String name, List<ClientStats> clients) {
    public GroupStats {
        clients = List.copyOf(clients);
    }
}
