package org.nereid.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.GroupDescription;
import org.slf4j.LoggerFactory;

/** GroupDirectory over real files (no scan thread: refresh() is called directly). */
class GroupDirectoryTest {
    @TempDir
    Path groups;

    private void write(String name, String json) throws Exception {
        Path file = groups.resolve(name + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    /** Editors can save twice within a clock tick; make each write visibly new. */
    private void touchLater(String name, int seconds) throws Exception {
        Files.setLastModifiedTime(groups.resolve(name + ".json"), FileTime.from(Instant.now().plusSeconds(seconds)));
    }

    @Test
    void findsGroupsInSubfoldersAndSkipsHiddenAndOtherFiles() throws Exception {
        write("a", "{\"public\": true}");
        write("teaching/networking", "{}");
        write(".hidden", "{}");
        write(".drafts/x", "{}");
        Files.writeString(groups.resolve("notes.txt"), "hello");
        GroupDirectory dir = new GroupDirectory(groups);
        assertEquals(List.of("a", "teaching/networking"), dir.names());
        assertTrue(dir.find("teaching/networking").isPresent());
        assertTrue(dir.find("nope").isEmpty());
        assertTrue(dir.find("../x").isEmpty());
        assertTrue(dir.find(".hidden").isEmpty());
        assertTrue(dir.find(".drafts/x").isEmpty());
        assertEquals(List.of("a"), dir.publicGroups().stream().map(GroupEntry::name).toList());
    }

    @Test
    void rereadsAFileWhenItChanges() throws Exception {
        write("a", "{\"displayName\": \"One\"}");
        GroupDirectory dir = new GroupDirectory(groups);
        assertEquals("One", dir.find("a").orElseThrow().description().displayName());
        String etag = dir.find("a").orElseThrow().etag();
        write("a", "{\"displayName\": \"Two\"}");
        touchLater("a", 2);
        GroupEntry after = dir.find("a").orElseThrow();
        assertEquals("Two", after.description().displayName());
        assertFalse(etag.equals(after.etag()));
    }

    @Test
    void aBrokenFileFailsAloneWithFileAndLine() throws Exception {
        write("good", "{}");
        write("bad", "{\n  \"public\": true,\n  \"max_clients\": 3\n}");
        GroupDirectory dir = new GroupDirectory(groups);
        GroupFileException e = assertThrows(GroupFileException.class, () -> dir.find("bad"));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(dir.find("good").isPresent());
        assertEquals(List.of("bad", "good"), dir.names());
        assertTrue(dir.publicGroups().isEmpty());
    }

    @Test
    void autoSubgroupsInheritAPrivateDescription() throws Exception {
        write("class", "{\"public\": true, \"description\": \"d\", \"auto-subgroups\": true}");
        write("closed", "{}");
        GroupDirectory dir = new GroupDirectory(groups);
        GroupEntry sub = dir.find("class/room1").orElseThrow();
        assertTrue(sub.subgroup());
        assertFalse(sub.description().isPublic());
        assertEquals("", sub.description().description());
        assertTrue(dir.findFile("class/room1").isEmpty());
        assertTrue(dir.find("closed/room1").isEmpty());
    }

    /** A listener that writes what it hears into {@code events}. */
    private static GroupListener recordingInto(List<String> events) {
        return new GroupListener() {
            @Override
            public void changed(String name, GroupDescription description) {
                events.add("changed " + name + " " + description.displayName());
            }

            @Override
            public void invalid(String name, String reason) {
                events.add("invalid " + name);
            }

            @Override
            public void removed(String name) {
                events.add("removed " + name);
            }
        };
    }

    @Test
    void listenersHearOfChangesBreakagesAndRemovals() throws Exception {
        write("a", "{}");
        GroupDirectory dir = new GroupDirectory(groups);
        dir.refresh();
        List<String> events = new ArrayList<>();
        dir.addListener(recordingInto(events));
        dir.refresh();
        assertEquals(List.of(), events);
        write("a", "{\"displayName\": \"A\"}");
        touchLater("a", 2);
        write("b", "{\"displayName\": 3}");
        dir.refresh();
        assertEquals(List.of("changed a A", "invalid b"), events);
        events.clear();
        Files.delete(groups.resolve("a.json"));
        dir.refresh();
        assertEquals(List.of("removed a"), events);
    }

    @Test
    void aFileReadOnDemandAndDeletedBeforeAnyScanIsReportedRemoved() throws Exception {
        GroupDirectory dir = new GroupDirectory(groups);
        dir.refresh();
        List<String> events = new ArrayList<>();
        dir.addListener(recordingInto(events));
        write("a", "{}");
        assertTrue(dir.find("a").isPresent(), "a join loads it before the scan sees it");
        Files.delete(groups.resolve("a.json"));
        dir.refresh();
        assertEquals(List.of("removed a"), events);
        dir.refresh();
        assertEquals(List.of("removed a"), events, "told once");
    }

    @Test
    void backgroundScanTellsListenersWithoutAnyLookup() throws Exception {
        write("a", "{}");
        try (GroupDirectory dir = new GroupDirectory(groups, java.time.Duration.ofMillis(50))) {
            dir.start();
            java.util.concurrent.CompletableFuture<String> removed = new java.util.concurrent.CompletableFuture<>();
            dir.addListener(new GroupListener() {
                @Override
                public void removed(String name) {
                    removed.complete(name);
                }
            });
            Files.delete(groups.resolve("a.json"));
            assertEquals("a", removed.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void aWildcardUserWithoutAllowAnonymousGetsOneWarningLineAtLoad() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(GroupDirectory.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try {
            write("relies", "{\"wildcard-user\": {\"password\": {\"type\": \"wildcard\"}, \"permissions\": \"present\"}}");
            write("explicit", "{\"allow-anonymous\": true, \"wildcard-user\": {\"password\": {\"type\": \"wildcard\"}}}");
            write("plain", "{\"users\": {\"bob\": {\"password\": \"1234\"}}}");
            GroupDirectory dir = new GroupDirectory(groups);
            dir.find("relies");
            dir.find("explicit");
            dir.find("plain");
            dir.find("relies");
            List<String> warnings = seen.list.stream()
                    .filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            String line = warnings.get(0);
            assertTrue(line.contains(groups.resolve("relies.json").toString()), line);
            assertTrue(line.contains("add \"allow-anonymous\": true"), line);
            assertFalse(line.contains("\n"));
            assertFalse(dir.find("relies").orElseThrow().description().allowAnonymous(), "Nereid still obeys the field");
        } finally {
            logger.detachAppender(seen);
        }
    }
}
