package org.nereid.signal;

import java.util.Comparator;
import java.util.List;
import org.nereid.group.GroupRegistry;
import org.nereid.group.LiveGroup;
import org.nereid.group.Member;
import org.nereid.stats.ClientStats;
import org.nereid.stats.GroupStats;
import org.nereid.stats.StatsSource;

/**
 * Statistics read from signalling's run-time registry: the live groups and
 * their clients. Per-stream numbers from the SFU are not filled in yet, so
 * every client's up and down lists are empty.
 */
public final class SignalStats implements StatsSource {
    private final GroupRegistry registry;

    public SignalStats(GroupRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<GroupStats> groups() {
        return registry.all().stream()
                .sorted(Comparator.comparing(LiveGroup::name))
                .map(SignalStats::group)
                .toList();
    }

    private static GroupStats group(LiveGroup group) {
        List<ClientStats> clients = group.members().stream()
                .sorted(Comparator.comparing(Member::id))
                .map(m -> new ClientStats(m.id(), m.info().username(), List.of(), List.of()))
                .toList();
        return new GroupStats(group.name(), clients);
    }
}
