package org.nereid.signal;

import java.util.Set;
import org.nereid.group.MemberInfo;

/**
 * Where a helping node of a cascade (docs/cluster.md) sends what its members of a mirrored
 * group do, so that one node, the hosting one, orders the group's events: the host keeps a
 * stand-in member for each of them, acts on their chat and moderation as theirs, and what its
 * group tells a stand-in comes back through {@link SignalService#fromHost}.
 */
public interface HostLink {

    /**
     * The messages a member's node sends for its stand-in ({@link #message}); nothing else
     * reaches a stand-in that way (its streams come from the helping node's relay).
     */
    Set<String> MESSAGES = Set.of("chat", "usermessage", "useraction", "groupaction");

    /** Member {@code id} was admitted here to the mirror of {@code group}, as {@code info}. */
    void joined(String group, String id, MemberInfo info);

    /** The member's chat, user message or action, encoded, for its stand-in at the host. */
    void message(String group, String id, String text);

    /** The member left the mirror here. */
    void left(String group, String id);
}
