package org.nereid.group;

import org.nereid.model.GroupNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The groups alive at run time, by name. A group comes alive when first
 * joined: from its own file, or as an automatic subgroup of the nearest
 * ancestor whose file says auto-subgroups. Idle groups are dropped by
 * {@link #sweep()}; a group whose file vanished ends for its members.
 * Tells .status whether a group is locked and how many are in it.
 */
public final class GroupRegistry implements GroupActivity {

    private static final Logger log = LoggerFactory.getLogger(GroupRegistry.class);

    /** A live subgroup and how many clients are in it, for the "subgroups" group action. */
    public record SubgroupCount(String name, int clients) {
    }

    private final GroupRulesSource source;
    private final Clock clock;
    private final Map<String, LiveGroup> groups = new HashMap<>();
    private volatile ChatArchive chatArchive;
    private volatile GroupHosts hosts = GroupHosts.HERE;

    public GroupRegistry(GroupRulesSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** Lets the groups that opt in (data/nereid.json's keep-chat) keep their chat across restarts. */
    public GroupRegistry keepChatIn(ChatArchive archive) {
        chatArchive = archive;
        return this;
    }

    /** Which node hosts each group when several serve as one (docs/cluster.md); alone, this one. */
    public GroupRegistry hostedBy(GroupHosts hosts) {
        this.hosts = java.util.Objects.requireNonNull(hosts);
        return this;
    }

    public GroupHosts hosts() {
        return hosts;
    }

    /** The rules {@code name} would run under, whether or not it is alive. */
    public Optional<Resolved> resolve(String name) {
        if (!GroupNames.isValid(name)) {
            return Optional.empty();
        }
        Optional<GroupRules> own = source.rules(name);
        if (own.isPresent()) {
            return Optional.of(new Resolved(name, own.get(), false));
        }
        for (Optional<String> p = GroupNames.parent(name); p.isPresent(); p = GroupNames.parent(p.get())) {
            String parent = p.get();
            Optional<GroupRules> rules = source.rules(parent);
            if (rules.isPresent()) {
                return rules.get().autoSubgroups()
                        ? Optional.of(new Resolved(parent, rules.get().asSubgroup(), true))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** How a name resolves: the file it comes from and the rules it runs under. */
    public record Resolved(String fileName, GroupRules rules, boolean subgroup) {
    }

    /** The live group {@code name}, brought alive if its file (or an ancestor's) allows it. */
    public synchronized Optional<LiveGroup> open(String name) {
        LiveGroup g = groups.get(name);
        if (g != null) {
            return Optional.of(g);
        }
        Optional<Resolved> resolved = resolve(name);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        g = new LiveGroup(name, resolved.get().rules(), resolved.get().subgroup(), clock, chatArchive);
        groups.put(name, g);
        log.info("group {}: alive{}", name, resolved.get().subgroup() ? " (subgroup)" : "");
        return Optional.of(g);
    }

    /**
     * Admits {@code member} into group {@code name}, opening it if needed.
     *
     * @return the group when admitted; otherwise a refusal
     */
    public JoinResult join(String name, Member member) {
        while (true) {
            Optional<LiveGroup> g = open(name);
            if (g.isEmpty()) {
                return new JoinResult(null, "group does not exist");
            }
            String refusal = g.get().admit(member);
            if (refusal == null) {
                return new JoinResult(g.get(), null);
            }
            if (!LiveGroup.GONE.equals(refusal)) {
                return new JoinResult(null, refusal);
            }
            synchronized (this) {
                groups.remove(name, g.get());
            }
        }
    }

    /** The outcome of {@link #join}: exactly one of group and refusal is set. */
    public record JoinResult(LiveGroup group, String refusal) {
    }

    public synchronized Optional<LiveGroup> get(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    public synchronized List<LiveGroup> all() {
        return List.copyOf(groups.values());
    }

    @Override
    public int clientCount(String name) {
        return get(name).map(LiveGroup::clientCount).orElse(0);
    }

    @Override
    public boolean locked(String name) {
        return get(name).map(LiveGroup::isLocked).orElse(false);
    }

    /** The live, non-empty groups below {@code parent}, by name. */
    public List<SubgroupCount> subgroups(String parent) {
        String prefix = parent + "/";
        List<SubgroupCount> out = new ArrayList<>();
        for (LiveGroup g : all()) {
            int n = g.clientCount();
            if (g.name().startsWith(prefix) && n > 0) {
                out.add(new SubgroupCount(g.name(), n));
            }
        }
        out.sort(Comparator.comparing(SubgroupCount::name));
        return out;
    }

    /**
     * A group file was added, changed or removed: every live group that runs
     * under it (itself and its automatic subgroups) takes the new rules, or
     * ends when no rules remain.
     */
    public void fileChanged(String fileName) {
        for (LiveGroup g : all()) {
            if (!g.name().equals(fileName) && !g.name().startsWith(fileName + "/")) {
                continue;
            }
            Optional<Resolved> now = resolve(g.name());
            if (now.isEmpty()) {
                synchronized (this) {
                    groups.remove(g.name(), g);
                }
                g.end("this group no longer exists", false);
            } else {
                g.updateRules(now.get().rules());
            }
        }
    }

    /** Drops the groups that are empty and whose history has expired. */
    public void sweep() {
        for (LiveGroup g : all()) {
            if (g.closeIfIdle()) {
                synchronized (this) {
                    groups.remove(g.name(), g);
                }
                log.info("group {}: dropped, empty and its history expired", g.name());
            }
        }
    }

    /** Server shutdown (or a drained node's deadline): every member is sent away with {@code message}, free to come back. */
    public void shutdown(String message) {
        List<LiveGroup> all;
        synchronized (this) {
            all = List.copyOf(groups.values());
            groups.clear();
        }
        for (LiveGroup g : all) {
            g.end(message, true);
        }
    }
}
