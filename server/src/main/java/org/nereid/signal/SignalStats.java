package org.nereid.signal;

import java.util.Comparator;
import java.util.List;
import org.nereid.group.GroupRegistry;
import org.nereid.group.LiveGroup;
import org.nereid.group.Member;
import org.nereid.media.StreamCounts;
import org.nereid.stats.ClientStats;
import org.nereid.stats.ConnStats;
import org.nereid.stats.GroupStats;
import org.nereid.stats.StatsSource;
import org.nereid.stats.TrackStats;

/**
 * Statistics read from signalling's run-time registry: the live groups, their
 * clients, and of each client's up streams what the SFU counts (codec and
 * packets per track). Down streams and the SFU's other figures (bitrate,
 * loss, jitter, rtt, NACKs, PLIs, layers) are not counted yet.
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
                .map(m -> new ClientStats(m.id(), m.info().username(), up(m), List.of()))
                .toList();
        return new GroupStats(group.name(), clients);
    }

    private static List<ConnStats> up(Member member) {
        if (!(member instanceof ClientSession session)) {
            return List.of();
        }
        return session.streams().upCounts().stream()
                .map(s -> new ConnStats(s.id(), 0, s.tracks().stream().map(SignalStats::track).toList()))
                .toList();
    }

    private static TrackStats track(StreamCounts.TrackCounts t) {
        return new TrackStats(null, null, null, null, 0, 0, 0, 0, 0, t.kind(), t.codec(), t.packets(), 0, 0);
    }
}
