package org.nereid.group;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The recent broadcast chat of one group, oldest first, kept in memory
 * (and on disk by {@link ChatArchive} for the groups that opt in).
 * Bounded in count (as Galène: 50) and pruned by age on every read.
 * Not thread-safe: its {@link LiveGroup} guards it.
 */
final class ChatHistory {

    static final int MAX_ENTRIES = 50;

    private final Deque<ChatEntry> entries = new ArrayDeque<>();

    void add(ChatEntry entry) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** The entries younger than {@code maxAge}, after dropping the older ones. */
    List<ChatEntry> recent(Instant now, Duration maxAge) {
        prune(now, maxAge);
        return List.copyOf(entries);
    }

    boolean isEmpty(Instant now, Duration maxAge) {
        prune(now, maxAge);
        return entries.isEmpty();
    }

    /**
     * Clears everything when both arguments are null or empty; otherwise the
     * messages of {@code source}, or just its message {@code id}.
     */
    void clear(String id, String source) {
        if (isBlank(id) && isBlank(source)) {
            entries.clear();
            return;
        }
        entries.removeIf(e -> e.source() != null && e.source().equals(source)
                && (isBlank(id) || id.equals(e.id())));
    }

    private void prune(Instant now, Duration maxAge) {
        Instant oldest = now.minus(maxAge);
        while (!entries.isEmpty() && entries.peekFirst().time().isBefore(oldest)) {
            entries.removeFirst();
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }
}
