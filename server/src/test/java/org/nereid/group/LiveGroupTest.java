package org.nereid.group;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveGroupTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));

    private GroupRegistry registry(Map<String, GroupRules> files) {
        return new GroupRegistry(name -> Optional.ofNullable(files.get(name)), clock);
    }

    @Test
    void membersSeeEachOtherArriveAndLeaveInOrder() {
        GroupRegistry reg = registry(Map.of("g", GroupRules.defaults()));
        RecordingMember a = new RecordingMember("A", "alice", "present");
        RecordingMember b = new RecordingMember("B", "bob", "present");
        LiveGroup g = reg.join("g", a).group();
        assertEquals(g, reg.join("g", b).group());
        g.remove(a);
        assertEquals(List.of("joined join", "user add A", "user add B", "joined leave"), a.events());
        assertEquals(List.of("joined join", "user add B", "user add A", "user delete A"), b.events());
        assertEquals(1, g.clientCount());
    }

    @Test
    void aDuplicateClientIdIsRefused() {
        GroupRegistry reg = registry(Map.of("g", GroupRules.defaults()));
        reg.join("g", new RecordingMember("A", "alice"));
        assertTrue(reg.join("g", new RecordingMember("A", "eve")).refusal().contains("your id"));
    }

    @Test
    void autolockStartsLockedAndLocksWhenTheLastOpLeaves() {
        GroupRegistry reg = registry(Map.of("g", GroupRules.defaults().withOperatorRules(true, false)));
        RecordingMember user = new RecordingMember("U", "bob", "present");
        assertEquals("this group is locked", reg.join("g", user).refusal());
        RecordingMember op = new RecordingMember("O", "alice", "op", "present");
        LiveGroup g = reg.join("g", op).group();
        g.setLocked(false, null);
        assertNull(reg.join("g", user).refusal());
        g.remove(op);
        assertTrue(g.isLocked());
        assertTrue(user.events().contains("joined change locked"));
    }

    @Test
    void autokickSendsEveryoneAwayWhenTheLastOpLeaves() {
        GroupRegistry reg = registry(Map.of("g", GroupRules.defaults().withOperatorRules(false, true)));
        RecordingMember op = new RecordingMember("O", "alice", "op");
        RecordingMember user = new RecordingMember("U", "bob", "present");
        LiveGroup g = reg.join("g", op).group();
        assertNull(reg.join("g", user).refusal());
        g.remove(op);
        assertTrue(user.events().contains("kicked " + JoinRules.NO_OPERATORS));
    }

    @Test
    void groupDataIsMergedAndAnnounced() {
        GroupRegistry reg = registry(Map.of("g", GroupRules.defaults()));
        RecordingMember a = new RecordingMember("A", "alice");
        LiveGroup g = reg.join("g", a).group();
        ObjectNode d = JsonNodeFactory.instance.objectNode().put("topic", "x").put("gone", 1);
        g.updateData(d);
        g.updateData(JsonNodeFactory.instance.objectNode().putNull("gone"));
        assertEquals("{\"topic\":\"x\"}", g.data().toString());
        assertEquals("joined change", a.events().get(a.events().size() - 1));
    }

    @Test
    void subgroupsComeAliveUnderAnAutoSubgroupsParentAndGoWhenIdle() {
        GroupRegistry reg = registry(Map.of(
                "school", GroupRules.defaults().withAutoSubgroups(true).withHistoryAge(Duration.ofMinutes(1)),
                "closed", GroupRules.defaults()));
        assertTrue(reg.resolve("closed/room").isEmpty());
        assertTrue(reg.resolve("nowhere/room").isEmpty());
        RecordingMember a = new RecordingMember("A", "alice");
        LiveGroup room = reg.join("school/room1", a).group();
        assertTrue(room.isSubgroup());
        assertFalse(room.rules().isPublic());
        assertEquals(List.of(new GroupRegistry.SubgroupCount("school/room1", 1)), reg.subgroups("school"));
        room.addChat(new ChatEntry("1", "A", "alice", clock.instant(), null, null));
        room.remove(a);
        reg.sweep();
        assertTrue(reg.get("school/room1").isPresent(), "kept while its history lives");
        clock.advance(Duration.ofMinutes(2));
        reg.sweep();
        assertTrue(reg.get("school/room1").isEmpty());
    }

    @Test
    void aRemovedFileEndsTheGroupForItsMembers() {
        java.util.HashMap<String, GroupRules> files = new java.util.HashMap<>(Map.of("g", GroupRules.defaults()));
        GroupRegistry reg = registry(files);
        RecordingMember a = new RecordingMember("A", "alice");
        reg.join("g", a);
        files.put("g", GroupRules.defaults().withMaxClients(3));
        reg.fileChanged("g");
        assertEquals(3, reg.get("g").orElseThrow().rules().maxClients());
        files.remove("g");
        reg.fileChanged("g");
        assertTrue(a.events().contains("kicked this group no longer exists"));
        assertTrue(reg.get("g").isEmpty());
    }

    @Test
    void illegalNamesNeverResolve() {
        GroupRegistry reg = registry(Map.of("a", GroupRules.defaults().withAutoSubgroups(true)));
        for (String bad : new String[]{"", "/a", "a/", "a//b", "a/../b", "./a", "a\\b"}) {
            assertTrue(reg.resolve(bad).isEmpty(), bad);
        }
        assertTrue(reg.resolve("a/b.c").isPresent());
    }
}
