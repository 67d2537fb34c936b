package org.nereid.group;

import java.util.ArrayList;
import java.util.List;

/** A member that writes down what the group tells it, one line per event. */
final class RecordingMember implements Member {
    final String id;
    volatile MemberInfo info;
    final List<String> events = new ArrayList<>();
    LiveGroup group;

    RecordingMember(String id, String username, String... permissions) {
        this.id = id;
        this.info = new MemberInfo(username, List.of(permissions), null);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public MemberInfo info() {
        return info;
    }

    @Override
    public synchronized void joined(LiveGroup g, String kind) {
        events.add("joined " + kind + (g.isLocked() ? " locked" : ""));
    }

    @Override
    public synchronized void userEvent(String kind, String id, MemberInfo info) {
        events.add("user " + kind + " " + id);
    }

    @Override
    public synchronized void deliver(String encodedMessage) {
        events.add("message " + encodedMessage);
    }

    @Override
    public synchronized void kick(String byId, String byUsername, String message) {
        events.add("kicked " + message);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }
}
