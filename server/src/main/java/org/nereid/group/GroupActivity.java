package org.nereid.group;

import java.util.Optional;

/**
 * What only running groups know: whether a group is locked and how many clients are in it.
 * The run-time group registry implements this; {@link #NONE} (nobody anywhere) stands in
 * until it is wired.
 */
public interface GroupActivity {
    GroupActivity NONE = new GroupActivity() {
        @Override
        public boolean locked(String group) {
            return false;
        }

        @Override
        public int clientCount(String group) {
            return 0;
        }
    };

    boolean locked(String group);

    int clientCount(String group);

    /**
     * The WebSocket endpoint of the node that hosts the group when several nodes serve as
     * one (docs/cluster.md), choosing one if none does; empty: this node's own.
     */
    default Optional<String> endpoint(String group) {
        return Optional.empty();
    }
}
