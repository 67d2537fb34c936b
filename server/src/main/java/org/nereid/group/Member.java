package org.nereid.group;

/**
 * A client in a live group, as the group sees it. The group calls these
 * methods while it holds its own lock so that every member sees events in
 * the same order: implementations only enqueue and never block.
 */
public interface Member {

    /** The client id chosen at handshake, unique within a group. */
    String id();

    /** The current, immutable view of this member. */
    MemberInfo info();

    /** Tell the member about its own membership: "join", "change" or "leave". */
    void joined(LiveGroup group, String kind);

    /** Tell the member that another (or itself) was added, changed or deleted ("add", "change", "delete"). */
    void userEvent(String kind, String id, MemberInfo info);

    /** Deliver an already encoded protocol message. */
    void deliver(String encodedMessage);

    /** Make the member leave the group with this message; happens asynchronously. */
    void kick(String byId, String byUsername, String message);

    /**
     * Sends the member away because this server stops serving the group (it stops, it drains,
     * or the group's hosting node died), not for anything the member did: a client may come back
     * by itself, to this server restarted or to the group's next host. By default a kick by the server.
     */
    default void sendAway(String message) {
        kick(null, null, message);
    }

    /**
     * Whether the others see this member and it counts as a client of the group: false for a
     * cascade's relays between nodes (docs/cluster.md), plumbing rather than people.
     */
    default boolean listed() {
        return true;
    }
}
