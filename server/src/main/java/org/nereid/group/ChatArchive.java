package org.nereid.group;

import com.fasterxml.jackson.databind.JsonNode;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;
import org.nereid.model.NereidSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat history of the groups that keep it across restarts ({@code keep-chat} in
 * {@code data/nereid.json}): one JSON line per broadcast message in
 * {@code data/var/chat/GROUP.jsonl} (the name URL-encoded, so subgroups stay one file).
 * A group reads it back when it comes alive, without what is older than its
 * max-history-age, and rewrites it then and after a clearchat, so the file holds no more
 * than the group would remember. Nothing else is kept: a group that does not opt in
 * writes nothing, and its file, if any, is deleted when it comes alive.
 */
public final class ChatArchive {
    private static final Logger log = LoggerFactory.getLogger(ChatArchive.class);

    /** A message as it is kept: ChatEntry with its time as text. */
    record Line(String id, String source, String username, String time, String kind, JsonNode value) {
        static Line of(ChatEntry e) {
            return new Line(e.id(), e.source(), e.username(), e.time().toString(), e.kind(), e.value());
        }

        ChatEntry entry() {
            return new ChatEntry(id, source, username, Instant.parse(time), kind, value);
        }
    }

    private final Path settingsFile;
    private final Path dir;
    private NereidSettings settings = NereidSettings.DEFAULTS;
    private FileTime settingsRead;

    private ChatArchive(Path settingsFile, Path dir) {
        this.settingsFile = settingsFile;
        this.dir = dir;
    }

    public static ChatArchive inDataDirectory(Path dataDir) {
        return new ChatArchive(dataDir.resolve(NereidSettings.FILE), dataDir.resolve("var").resolve("chat"));
    }

    /** Whether {@code group} keeps its chat, as data/nereid.json says now. */
    synchronized boolean keeps(String group) {
        try {
            FileTime modified = Files.getLastModifiedTime(settingsFile);
            if (!modified.equals(settingsRead)) {
                settingsRead = modified;
                settings = Json.readStrict(settingsFile, NereidSettings.class);
            }
        } catch (NoSuchFileException e) {
            settings = NereidSettings.DEFAULTS;
            settingsRead = null;
        } catch (JsonFileException e) {
            log.warn("{}: {}; no group keeps its chat until it is fixed", settingsFile, e.getMessage());
            settings = NereidSettings.DEFAULTS;
        } catch (IOException e) {
            log.warn("{}: cannot be read ({}); no group keeps its chat meanwhile", settingsFile, e.toString());
            settings = NereidSettings.DEFAULTS;
        }
        return settings.keepsChat(group);
    }

    /** The kept messages of {@code group} not older than {@code oldest}, oldest first; the file is compacted. */
    List<ChatEntry> load(String group, Instant oldest) {
        Path file = file(group);
        List<ChatEntry> kept = new ArrayList<>();
        try {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    ChatEntry e = Json.lenientMapper().readValue(text, Line.class).entry();
                    if (!e.time().isBefore(oldest)) {
                        kept.add(e);
                    }
                } catch (IOException | RuntimeException damaged) {
                    // a torn last line from a kill, or an edit by hand: the other messages still count
                }
            }
        } catch (NoSuchFileException e) {
            return kept;
        } catch (IOException e) {
            log.warn("group {}: its kept chat cannot be read: {}", group, e.toString());
            return kept;
        }
        replace(group, kept);
        return kept;
    }

    void append(String group, ChatEntry entry) {
        try {
            Files.createDirectories(dir);
            Files.writeString(file(group), Json.write(Line.of(entry)) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("group {}: a chat message could not be kept on disk: {}", group, e.toString());
        }
    }

    /** Keeps exactly these messages (after a clearchat, or to compact). */
    void replace(String group, List<ChatEntry> entries) {
        try {
            if (entries.isEmpty()) {
                Files.deleteIfExists(file(group));
                return;
            }
            Files.createDirectories(dir);
            StringBuilder text = new StringBuilder();
            for (ChatEntry e : entries) {
                text.append(Json.write(Line.of(e))).append('\n');
            }
            Path temp = Files.createTempFile(dir, ".chat", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file(group), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("group {}: its kept chat could not be rewritten: {}", group, e.toString());
        }
    }

    /** Forgets what a group that no longer keeps its chat left on disk. */
    void forget(String group) {
        try {
            Files.deleteIfExists(file(group));
        } catch (IOException e) {
            log.warn("group {}: its old kept chat could not be deleted: {}", group, e.toString());
        }
    }

    private Path file(String group) {
        return dir.resolve(URLEncoder.encode(group, StandardCharsets.UTF_8) + ".jsonl");
    }
}
