package org.nereid.group;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JoinRulesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final MemberInfo USER = new MemberInfo("bob", List.of("present", "message"), null);
    private static final MemberInfo OP = new MemberInfo("alice", List.of("op", "present", "message"), null);

    @Test
    void anOpenGroupAdmitsEveryone() {
        assertEquals(Optional.empty(), JoinRules.refusal(GroupRules.defaults(), null, List.of(), USER, NOW));
    }

    @Test
    void aLockedGroupRefusesNonOpsWithTheOpsMessage() {
        assertEquals(Optional.of("back at noon"),
                JoinRules.refusal(GroupRules.defaults(), "back at noon", List.of(), USER, NOW));
        assertEquals(Optional.of("this group is locked"),
                JoinRules.refusal(GroupRules.defaults(), "", List.of(), USER, NOW));
        assertEquals(Optional.empty(), JoinRules.refusal(GroupRules.defaults(), "", List.of(), OP, NOW));
    }

    @Test
    void openingHoursApplyToNonOps() {
        GroupRules notYet = GroupRules.defaults().withOpeningHours(NOW.plus(Duration.ofMinutes(1)), null);
        GroupRules over = GroupRules.defaults().withOpeningHours(null, NOW.minus(Duration.ofMinutes(1)));
        assertEquals(Optional.of("this group is not open yet"), JoinRules.refusal(notYet, null, List.of(), USER, NOW));
        assertEquals(Optional.of("this group is closed"), JoinRules.refusal(over, null, List.of(), USER, NOW));
        assertEquals(Optional.empty(), JoinRules.refusal(over, null, List.of(), OP, NOW));
    }

    @Test
    void autokickNeedsAnOperatorPresent() {
        GroupRules rules = GroupRules.defaults().withOperatorRules(false, true);
        assertEquals(Optional.of(JoinRules.NO_OPERATORS), JoinRules.refusal(rules, null, List.of(USER), USER, NOW));
        assertEquals(Optional.empty(), JoinRules.refusal(rules, null, List.of(OP), USER, NOW));
    }

    @Test
    void maxClientsCountsEveryoneButLetsOpsIn() {
        GroupRules rules = GroupRules.defaults().withMaxClients(2);
        assertEquals(Optional.empty(), JoinRules.refusal(rules, null, List.of(USER), USER, NOW));
        assertEquals(Optional.of("too many users"), JoinRules.refusal(rules, null, List.of(USER, USER), USER, NOW));
        assertEquals(Optional.empty(), JoinRules.refusal(rules, null, List.of(USER, USER), OP, NOW));
    }
}
