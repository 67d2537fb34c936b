package org.nereid.group;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GroupRulesTest {
    private static final Instant OPENS = Instant.parse("2026-01-01T08:00:00Z");
    private static final Instant CLOSES = Instant.parse("2026-01-01T18:00:00Z");

    /** Every field away from its default, so a with-method that drops or swaps one shows. */
    private static final GroupRules FULL = new GroupRules("Lobby", "the hall", true, "https://x.example/", 7,
            Duration.ofMinutes(30), OPENS, CLOSES, true, true, true, true, true, List.of("vp9", "opus"),
            "https://auth.example/", "https://portal.example/", Set.of("alice", "bob"));

    @Test
    void aSubgroupKeepsItsParentsRulesButIsNeverPublicNorInvites() {
        assertEquals(new GroupRules("Lobby", "", false, "https://x.example/", 7, Duration.ofMinutes(30), OPENS,
                CLOSES, true, false, true, true, true, List.of("vp9", "opus"), "https://auth.example/",
                "https://portal.example/", Set.of("alice", "bob")), FULL.asSubgroup());
    }

    @Test
    void eachWithMethodChangesOnlyItsOwnFields() {
        assertEquals(new GroupRules("Lobby", "the hall", true, "https://x.example/", 3, Duration.ofMinutes(30),
                null, null, false, true, false, false, true, List.of("vp9", "opus"), "https://auth.example/",
                "https://portal.example/", Set.of("alice", "bob")),
                FULL.withMaxClients(3).withOpeningHours(null, null).withAllowRecording(false)
                        .withAutoSubgroups(false).withOperatorRules(false, true));
        assertEquals(Duration.ofMinutes(5), FULL.withHistoryAge(Duration.ofMinutes(5)).maxHistoryAge());
        assertEquals(FULL, FULL.withHistoryAge(Duration.ofMinutes(5)).withHistoryAge(Duration.ofMinutes(30)));
    }
}
