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
 * clients, and of each client's up and down streams what the SFU counts per
 * track (docs/server.md, Statistics).
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
                .map(m -> new ClientStats(m.id(), m.info().username(), streams(m, true), streams(m, false)))
                .toList();
        return new GroupStats(group.name(), clients);
    }

    private static List<ConnStats> streams(Member member, boolean up) {
        if (!(member instanceof ClientSession session)) {
            return List.of();
        }
        List<StreamCounts> counts = up ? session.streams().upCounts() : session.streams().downCounts();
        return counts.stream()
                .map(s -> new ConnStats(s.id(), s.maxBitrate(), s.tracks().stream().map(SignalStats::track).toList()))
                .toList();
    }

    private static TrackStats track(StreamCounts.TrackCounts t) {
        StreamCounts.Sublayers s = t.sublayers();
        return new TrackStats(s == null ? null : s.sid(), s == null ? null : s.maxSid(), s == null ? null : s.tid(),
                s == null ? null : s.maxTid(), t.bitrate(), t.maxBitrate(), t.loss(), t.rttMs(), t.jitterMs(), t.kind(),
                t.codec(), t.packets(), t.nacks(), t.keyframeRequests(), t.rid().isEmpty() ? null : t.rid(), t.bytes(),
                t.lost(), t.resent(), t.layerSwitches(), t.unrecovered(), t.resendsRefused(), t.keyframeReplays(),
                t.frameRate(), t.probes(), t.padding(), t.owedRepairs(), t.tailPadding(), t.tailNacks(), t.delayedFrames(),
                t.dlrrs(), s == null ? 0 : s.dropped());
    }
}
