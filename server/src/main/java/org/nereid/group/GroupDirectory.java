package org.nereid.group;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nereid.cluster.SharedFiles;
import org.nereid.json.Json;
import org.nereid.model.GroupDescription;
import org.nereid.model.GroupNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group files under {@code groups/} ({@code groups/teaching/networking.json} defines
 * {@code teaching/networking}). Like Galène, a description is reread whenever its file's
 * modification time or size changes, checked on every lookup; a background scan also
 * notices edits and deletions of groups nobody looks up, and tells the
 * {@link GroupListener}s. A file that cannot be read is logged once per version with file,
 * line and reason; its group answers {@link GroupFileException} and every other group
 * keeps working.
 */
public final class GroupDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupDirectory.class);
    public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(2);

    private final Path root;
    private final Duration scanInterval;
    private final Map<Path, Version> cache = new ConcurrentHashMap<>();
    private final Map<Path, Object> parseLocks = new ConcurrentHashMap<>();
    private final List<GroupListener> listeners = new CopyOnWriteArrayList<>();
    /** What the last scan saw, to tell listeners about differences; guarded by {@code this}. */
    private Map<String, Version> scanned = Map.of();
    private ScheduledExecutorService scanner;
    private boolean closed;
    private volatile SharedFiles sharedFiles = SharedFiles.LOCAL;

    /** One version of one file: its stamp and either its description or why it is refused. */
    private record Version(FileTime modified, long size, GroupDescription description, String error) {
        String etag() {
            return "\"" + size + "-" + (modified.toInstant().getEpochSecond() * 1_000_000_000L
                    + modified.toInstant().getNano()) + "\"";
        }

        boolean sameStamp(BasicFileAttributes attrs) {
            return attrs.size() == size && attrs.lastModifiedTime().equals(modified);
        }
    }

    public GroupDirectory(Path root) {
        this(root, DEFAULT_SCAN_INTERVAL);
    }

    public GroupDirectory(Path root, Duration scanInterval) {
        this.root = root.toAbsolutePath().normalize();
        this.scanInterval = scanInterval;
    }

    /** Reads every group file once (logging the bad ones) and starts the background scan. */
    public synchronized void start() {
        if (scanner != null || closed) {
            throw new IllegalStateException("already started or closed");
        }
        if (!Files.isDirectory(root)) {
            log.warn("Groups directory {} does not exist; no group is defined until it does", root);
        }
        refresh();
        log.info("{} group(s) in {}", scanned.size(), root);
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nereid-group-scan");
            t.setDaemon(true);
            return t;
        });
        long ms = scanInterval.toMillis();
        scanner.scheduleWithFixedDelay(this::scanQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    public Path root() {
        return root;
    }

    /** How changes to these files are made: alone, or shared with the other nodes of a cluster. */
    public SharedFiles sharedFiles() {
        return sharedFiles;
    }

    /** Makes every server-side change to these files reach the other nodes (docs/cluster.md). */
    public void shareWith(SharedFiles shared) {
        this.sharedFiles = Objects.requireNonNull(shared);
    }

    public void addListener(GroupListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(GroupListener listener) {
        listeners.remove(listener);
    }

    /**
     * The group called {@code name}: its own file, or else the nearest ancestor whose file
     * says {@code auto-subgroups} (then made private, as Galène does). Empty when no file
     * defines it or the name is not a valid group name (a part starting with a dot included).
     *
     * @throws GroupFileException when the file that would define it cannot be read
     */
    public Optional<GroupEntry> find(String name) throws GroupFileException {
        if (!GroupNames.isValid(name)) {
            return Optional.empty();
        }
        boolean subgroup = false;
        for (Optional<String> n = Optional.of(name); n.isPresent(); n = GroupNames.parent(n.get())) {
            Path file = GroupNames.file(root, n.get());
            Optional<Version> version = read(file);
            if (version.isEmpty()) {
                subgroup = true;
                continue;
            }
            Version v = version.get();
            if (v.error() != null) {
                throw new GroupFileException(name, v.error(), null);
            }
            if (!subgroup) {
                return Optional.of(new GroupEntry(name, v.description(), file, v.etag(), false));
            }
            if (!v.description().autoSubgroups()) {
                return Optional.empty();
            }
            return Optional.of(new GroupEntry(name, v.description().asSubgroup(), file, v.etag(), true));
        }
        return Optional.empty();
    }

    /** The group defined by a file of its own (never a subgroup), as the admin API edits it. */
    public Optional<GroupEntry> findFile(String name) throws GroupFileException {
        Optional<GroupEntry> entry = find(name);
        return entry.filter(e -> !e.subgroup());
    }

    /** Names of all groups that have a file, readable or not, sorted. */
    public List<String> names() {
        return List.copyOf(walk().keySet());
    }

    /** The readable public groups, sorted by name. */
    public List<GroupEntry> publicGroups() {
        List<GroupEntry> result = new ArrayList<>();
        walk().forEach((name, file) -> {
            try {
                find(name).filter(e -> e.description().isPublic()).ifPresent(result::add);
            } catch (GroupFileException e) {
                // logged when read; a broken file lists nothing
            }
        });
        return result;
    }

    /**
     * Compares the files with what the last scan saw and tells listeners. Called by the
     * background scan; call it after writing a file to make the change known at once.
     */
    public synchronized void refresh() {
        Map<String, Version> now = new TreeMap<>();
        walk().forEach((name, file) -> read(file).ifPresent(v -> now.put(name, v)));
        Map<String, Version> before = scanned;
        scanned = now;
        Set<String> gone = new TreeSet<>(before.keySet());
        // a file read on demand (by a join, say) and deleted before any scan saw it is gone too;
        // one written since the walk is not
        cache.keySet().forEach(file -> GroupNames.nameOf(root, file).ifPresent(name -> {
            if (!now.containsKey(name) && Files.notExists(file)) {
                cache.remove(file);
                gone.add(name);
            }
        }));
        gone.removeAll(now.keySet());
        if (listeners.isEmpty()) {
            return;
        }
        now.forEach((name, v) -> {
            Version old = before.get(name);
            if (old != null && old.modified().equals(v.modified()) && old.size() == v.size()) {
                return;
            }
            for (GroupListener l : listeners) {
                notify(name, () -> {
                    if (v.error() == null) {
                        l.changed(name, v.description());
                    } else {
                        l.invalid(name, v.error());
                    }
                });
            }
        });
        gone.forEach(name -> {
            for (GroupListener l : listeners) {
                notify(name, () -> l.removed(name));
            }
        });
    }

    private static void notify(String name, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("group {}: listener failed: {}", name, e.toString(), e);
        }
    }

    private void scanQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.error("Scanning {} failed: {}", root, e.toString(), e);
        }
    }

    /** The current version of a file (from cache if its stamp is unchanged), or empty if absent. */
    private Optional<Version> read(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            cache.remove(file);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Version(FileTime.fromMillis(0), -1, null, file + ": " + e.getMessage()));
        }
        if (!attrs.isRegularFile()) {
            return Optional.empty();
        }
        Version cached = cache.get(file);
        if (cached != null && cached.sameStamp(attrs)) {
            return Optional.of(cached);
        }
        // one reader parses a new version (and logs it once) while the others wait for it
        synchronized (parseLocks.computeIfAbsent(file, f -> new Object())) {
            return parse(file, attrs);
        }
    }

    private Optional<Version> parse(Path file, BasicFileAttributes attrs) {
        Version cached = cache.get(file);
        if (cached != null && cached.sameStamp(attrs)) {
            return Optional.of(cached);
        }
        Version fresh;
        try {
            GroupDescription description = Json.readStrict(file, GroupDescription.class);
            fresh = new Version(attrs.lastModifiedTime(), attrs.size(), description, null);
            if (cached != null) {
                log.info("Group file {} reloaded", file);
            }
            if (description.wildcardUser() != null && !description.allowAnonymous()) {
                // Galène 0.9+ ignores allow-anonymous and lets a wildcard user in with an empty name; Nereid obeys it
                log.warn("Group file {} has a wildcard user but no \"allow-anonymous\": Galène would admit an empty"
                        + " username through the wildcard user, Nereid does not; add \"allow-anonymous\": true"
                        + " to admit it", file);
            }
        } catch (NoSuchFileException e) {
            cache.remove(file);
            return Optional.empty();
        } catch (IOException e) {
            fresh = new Version(attrs.lastModifiedTime(), attrs.size(), null, e.getMessage());
            log.error("Group file refused: {}", e.getMessage());
        }
        cache.put(file, fresh);
        return Optional.of(fresh);
    }

    /** Group name → file, for every file that names a group; hidden files and folders skipped. */
    private Map<String, Path> walk() {
        Map<String, Path> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        GroupNames.nameOf(root, file).ifPresent(name -> files.put(name, file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    log.warn("Cannot read {}: {}", file, e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.error("Cannot list {}: {}", root, e.getMessage());
        }
        return files;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }
}
