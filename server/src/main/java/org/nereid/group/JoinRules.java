package org.nereid.group;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Whether a client already authorised by the group's users may enter now,
 * given the group's state. Operators pass every rule; the others meet them
 * in Galène's order: lock, opening hours, operator presence, capacity.
 */
public final class JoinRules {

    public static final String DEFAULT_LOCK_MESSAGE = "this group is locked";
    public static final String NO_OPERATORS = "there are no operators in this group";

    private JoinRules() {
    }

    /**
     * @param lockMessage null when the group is unlocked, else the message the op gave (may be empty)
     * @param present     the members already in the group
     * @return the sentence refusing entry, or empty when the client may enter
     */
    public static Optional<String> refusal(GroupRules rules, String lockMessage, Collection<MemberInfo> present,
                                           MemberInfo candidate, Instant now) {
        if (candidate.isOp()) {
            return Optional.empty();
        }
        if (lockMessage != null) {
            return Optional.of(lockMessage.isEmpty() ? DEFAULT_LOCK_MESSAGE : lockMessage);
        }
        if (rules.notBefore() != null && rules.notBefore().isAfter(now)) {
            return Optional.of("this group is not open yet");
        }
        if (rules.expires() != null && rules.expires().isBefore(now)) {
            return Optional.of("this group is closed");
        }
        if (rules.autokick() && present.stream().noneMatch(MemberInfo::isOp)) {
            return Optional.of(NO_OPERATORS);
        }
        if (rules.maxClients() > 0 && present.size() >= rules.maxClients()) {
            return Optional.of("too many users");
        }
        return Optional.empty();
    }
}
