package org.nereid.stats;

import java.util.List;

/**
 * Where statistics come from. The group registry (with the SFU's sessions
 * behind it) implements it; the admin API's .stats endpoint, the Prometheus
 * endpoint and the console read it. Must be cheap and thread-safe: it is
 * called on HTTP threads, never on the packet path.
 */
public interface StatsSource {
    /** A snapshot of every group, sorted by name, each group's clients sorted by id (as Galène does). */
    List<GroupStats> groups();
}
