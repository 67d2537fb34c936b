package org.nereid.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group at run time: its members, lock, data and chat history. Every
 * change happens under this object's lock and tells the members
 * concerned before the lock is released, so all members see the same
 * order of events. Members only enqueue, so holding the lock is short.
 */
public final class LiveGroup {

    private static final Logger log = LoggerFactory.getLogger(LiveGroup.class);

    /** Returned by {@link #admit} when the group was dropped meanwhile: open it again. */
    public static final String GONE = "\u0000gone";

    private final String name;
    private final boolean subgroup;
    private final Clock clock;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final ChatHistory history = new ChatHistory();
    /** Where this group keeps its chat across restarts, or null when it does not. */
    private final ChatArchive archive;
    private int appendedSinceCompaction;
    private GroupRules rules;
    private String lockMessage;
    private ObjectNode data = JsonNodeFactory.instance.objectNode();
    private Instant lastChange;
    private boolean closed;

    LiveGroup(String name, GroupRules rules, boolean subgroup, Clock clock) {
        this(name, rules, subgroup, clock, null);
    }

    /** @param archive where groups that opt in keep their chat (data/nereid.json), or null */
    LiveGroup(String name, GroupRules rules, boolean subgroup, Clock clock, ChatArchive archive) {
        this.name = name;
        this.rules = rules;
        this.subgroup = subgroup;
        this.clock = clock;
        this.lastChange = clock.instant();
        this.archive = archive != null && archive.keeps(name) ? archive : null;
        if (this.archive != null) {
            this.archive.load(name, lastChange.minus(rules.maxHistoryAge())).forEach(history::add);
        } else if (archive != null) {
            archive.forget(name);
        }
        applyOperatorRules();
    }

    public String name() {
        return name;
    }

    /** Whether this group was created on the fly under a parent with auto-subgroups. */
    public boolean isSubgroup() {
        return subgroup;
    }

    public synchronized GroupRules rules() {
        return rules;
    }

    public synchronized boolean isLocked() {
        return lockMessage != null;
    }

    /** The members others see (a cascade's relays are not counted). */
    public synchronized int clientCount() {
        return (int) members.values().stream().filter(Member::listed).count();
    }

    public synchronized ObjectNode data() {
        return data.deepCopy();
    }

    /**
     * Adds a member whose credentials were accepted, if the group's rules
     * let it in now; then tells it and the others.
     *
     * @return null when admitted, {@link #GONE}, or the sentence refusing entry
     */
    public synchronized String admit(Member member) {
        if (closed) {
            return GONE;
        }
        if (members.containsKey(member.id())) {
            return "another client with your id is already in this group; reload the page";
        }
        // a cascade's relays take no seat: limits count people
        List<MemberInfo> present = members.values().stream().filter(Member::listed).map(Member::info).toList();
        MemberInfo info = member.info();
        Optional<String> refusal = JoinRules.refusal(rules, lockMessage, present, info, clock.instant());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        List<Member> others = new ArrayList<>(members.values());
        members.put(member.id(), member);
        lastChange = clock.instant();
        log.info("group {}: {} ({}) joined with {}", name, info.username(), member.id(), info.permissions());
        member.joined(this, "join");
        member.userEvent("add", member.id(), info);
        for (Member other : others) {
            if (other.listed()) {
                member.userEvent("add", other.id(), other.info());
            }
            if (member.listed()) {
                other.userEvent("add", member.id(), info);
            }
        }
        return null;
    }

    /**
     * Adds a system member (the recorder): no credentials and no join rules, as
     * Galène's system clients; everyone is told.
     *
     * @return false when the group has closed or the id is taken
     */
    public synchronized boolean admitSystem(Member member) {
        if (closed || members.containsKey(member.id())) {
            return false;
        }
        for (Member other : members.values()) {
            other.userEvent("add", member.id(), member.info());
        }
        members.put(member.id(), member);
        lastChange = clock.instant();
        log.info("group {}: system client {} ({}) joined", name, member.info().username(), member.id());
        return true;
    }

    /** Removes a member (it left, was kicked, or vanished) and applies autolock and autokick. */
    public synchronized void remove(Member member) {
        if (members.get(member.id()) != member) {
            return;
        }
        members.remove(member.id());
        lastChange = clock.instant();
        log.info("group {}: {} ({}) left", name, member.info().username(), member.id());
        member.joined(this, "leave");
        tellOthers("delete", member);
        applyOperatorRules();
    }

    /** A member's permissions or data changed: it gets "joined change", everyone "user change". */
    public synchronized void memberChanged(Member member) {
        if (members.get(member.id()) != member) {
            return;
        }
        member.joined(this, "change");
        tellOthers("change", member);
        applyOperatorRules();
    }

    /** A member's data changed: everyone gets "user change". */
    public synchronized void announce(Member member) {
        if (members.get(member.id()) != member) {
            return;
        }
        tellOthers("change", member);
    }

    /** Tells the members (those still in the group) of {@code member}'s change, unless it is not listed. */
    private void tellOthers(String kind, Member member) {
        if (!member.listed()) {
            return;
        }
        MemberInfo info = member.info();
        for (Member m : members.values()) {
            m.userEvent(kind, member.id(), info);
        }
    }

    public synchronized void setLocked(boolean locked, String message) {
        lockMessage = locked ? (message == null ? "" : message) : null;
        log.info("group {}: {}", name, locked ? "locked" : "unlocked");
        tellEveryoneChanged();
    }

    /** Merges {@code delta} into the group's data; a null value removes its key. */
    public synchronized void updateData(ObjectNode delta) {
        Iterator<Map.Entry<String, JsonNode>> fields = delta.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                data.remove(f.getKey());
            } else {
                data.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        tellEveryoneChanged();
    }

    /** The group file changed: new rules apply from now on. */
    public synchronized void updateRules(GroupRules newRules) {
        rules = newRules;
        tellEveryoneChanged();
        applyOperatorRules();
    }

    public synchronized Optional<Member> member(String id) {
        return Optional.ofNullable(id == null ? null : members.get(id));
    }

    public synchronized List<Member> members() {
        return List.copyOf(members.values());
    }

    /** Delivers an encoded message to every member but {@code except} (may be null). */
    public synchronized void broadcast(String encodedMessage, Member except) {
        for (Member m : members.values()) {
            if (m != except) {
                m.deliver(encodedMessage);
            }
        }
    }

    /** Keeps a broadcast chat message and delivers it, atomically so a late joiner gets it exactly once. */
    public synchronized void broadcastChat(ChatEntry entry, String encodedMessage, Member except) {
        addChat(entry);
        broadcast(encodedMessage, except);
    }

    public synchronized void addChat(ChatEntry entry) {
        history.add(entry);
        lastChange = clock.instant();
        if (archive != null) {
            archive.append(name, entry);
            // the file keeps no more than the history does, give or take a few hundred lines
            if (++appendedSinceCompaction >= 4 * ChatHistory.MAX_ENTRIES) {
                appendedSinceCompaction = 0;
                archive.replace(name, history.recent(lastChange, rules.maxHistoryAge()));
            }
        }
    }

    public synchronized List<ChatEntry> chatHistory() {
        return history.recent(clock.instant(), rules.maxHistoryAge());
    }

    public synchronized void clearChat(String id, String source) {
        history.clear(id, source);
        if (archive != null) {
            archive.replace(name, history.recent(clock.instant(), rules.maxHistoryAge()));
        }
    }

    /**
     * Closes the group, so that it can be dropped, when nobody is in it and
     * its chat history has expired. A group from a file also keeps its lock
     * and data for max-history-age after the last change, as in Galène; a
     * subgroup goes as soon as it is empty and its history is gone. A closed
     * group admits no one.
     */
    synchronized boolean closeIfIdle() {
        Instant now = clock.instant();
        if (closed || !members.isEmpty() || !history.isEmpty(now, rules.maxHistoryAge())) {
            return closed;
        }
        closed = subgroup || !lastChange.plus(rules.maxHistoryAge()).isAfter(now);
        return closed;
    }

    /** Whether the group is gone for good (ended, or dropped when idle). */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The group no longer exists here: it admits no one and every member is sent away, free to
     * come back ({@link Member#sendAway}) when the server stops rather than the group being deleted.
     */
    synchronized void end(String message, boolean mayComeBack) {
        closed = true;
        log.info("group {}: ended ({})", name, message);
        for (Member m : members.values()) {
            if (mayComeBack) {
                m.sendAway(message);
            } else {
                m.kick(null, null, message);
            }
        }
    }

    private void tellEveryoneChanged() {
        for (Member m : members.values()) {
            m.joined(this, "change");
        }
    }

    /** Galène's autolock and autokick: act when no operator is left. */
    private void applyOperatorRules() {
        if (!rules.autolock() && !rules.autokick()) {
            return;
        }
        if (members.values().stream().anyMatch(m -> m.info().isOp())) {
            return;
        }
        if (rules.autolock() && lockMessage == null) {
            lockMessage = JoinRules.DEFAULT_LOCK_MESSAGE;
            log.info("group {}: locked, no operator is left", name);
            tellEveryoneChanged();
        }
        if (rules.autokick()) {
            for (Member m : members.values()) {
                m.kick(null, null, JoinRules.NO_OPERATORS);
            }
        }
    }
}
