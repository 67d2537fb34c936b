package org.nereid.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group files and {@code tokens.jsonl} kept the same on every node. A change takes the
 * file's lock in the map {@value #MAP} (an ordinary map lock, released by Hazelcast when
 * its holder dies; no CP subsystem, which needs three members), brings this node's copy up
 * to the cluster's last version, runs, stores the new version in the map (one backup on
 * another member) and has every other member write it before the lock is let go. So a
 * change acknowledged to a client is on every live node's disk and in two members' memory,
 * and the next change anywhere starts from it: an invitation's uses are counted once across
 * the cluster, and an ETag read on one node is current or stale on every node alike.
 */
final class ReplicatedFiles implements SharedFiles {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedFiles.class);
    static final String MAP = "nereid.files";
    static final String EXECUTOR = "nereid.files";
    /** Where {@link ApplyFile} finds this node's instance ({@code HazelcastInstance.getUserContext()}). */
    static final String CONTEXT_KEY = "nereid.files";
    private static final long APPLY_TIMEOUT_SECONDS = 20;

    private final HazelcastInstance hz;
    private final Map<String, Path> roots;
    private final Runnable applied;

    /**
     * @param roots   the directories whose files are shared, by the key prefix that names them
     *                on every node ({@code "groups"}, {@code "data"})
     * @param applied told after another node's version was written here (rereads group files)
     */
    ReplicatedFiles(HazelcastInstance hz, Map<String, Path> roots, Runnable applied) {
        this.hz = hz;
        this.roots = Map.copyOf(roots);
        this.applied = applied;
        hz.getUserContext().put(CONTEXT_KEY, this);
    }

    private IMap<String, FileCopy> map() {
        return hz.getMap(MAP);
    }

    @Override
    public <T, E extends Exception> T change(Path file, Change<T, E> change) throws E, IOException {
        String key = keyOf(file);
        if (key == null) {
            return change.run();
        }
        IMap<String, FileCopy> map = map();
        map.lock(key);
        try {
            FileCopy last = map.get(key);
            if (last != null && !last.isOn(file)) {
                last.writeTo(file);
                log.info("{}: caught up with the cluster's version {}", key, last.sequence());
            }
            T result = change.run();
            FileCopy next = FileCopy.read(key, file, last == null ? 1 : last.sequence() + 1);
            // nothing to tell when the file did not change, or when no node ever had it and still none has
            if (last == null ? next.content() != null : !last.isOn(file)) {
                map.set(key, next);
                publish(next);
            }
            return result;
        } finally {
            map.unlock(key);
        }
    }

    /**
     * At start, before serving: writes the cluster's version of every shared file, then
     * offers the cluster this node's files it has no version of (the first node to start
     * seeds the cluster; a later one takes what the cluster has, so ETags agree from then on).
     *
     * @param local this node's shared files
     */
    void catchUp(List<Path> local) throws IOException {
        IMap<String, FileCopy> map = map();
        int written = 0;
        for (FileCopy copy : map.values()) {
            Path file = pathOf(copy.key());
            if (file != null && !copy.isOn(file)) {
                copy.writeTo(file);
                written++;
            }
        }
        for (Path file : local) {
            String key = keyOf(file);
            if (key == null || map.containsKey(key)) {
                continue;
            }
            FileCopy theirs = map.putIfAbsent(key, FileCopy.read(key, file, 1));
            if (theirs != null && !theirs.isOn(file)) {
                theirs.writeTo(file);
                written++;
            }
        }
        if (written > 0) {
            log.info("took the cluster's version of {} file(s)", written);
            applied.run();
        }
    }

    /** Another member's new version (through {@link ApplyFile}). */
    void apply(FileCopy copy) throws IOException {
        Path file = pathOf(copy.key());
        if (file == null) {
            return;
        }
        copy.writeTo(file);
        log.debug("{}: version {} from the cluster written", copy.key(), copy.sequence());
        applied.run();
    }

    private void publish(FileCopy copy) throws IOException {
        List<Member> others = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            if (!m.localMember()) {
                others.add(m);
            }
        }
        if (others.isEmpty()) {
            return;
        }
        IExecutorService executor = hz.getExecutorService(EXECUTOR);
        Map<Member, Future<Boolean>> sent = executor.submitToMembers(new ApplyFile(copy), others);
        for (Map.Entry<Member, Future<Boolean>> e : sent.entrySet()) {
            try {
                e.getValue().get(APPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ex) {
                // a member that left or cannot write catches up from the map when it next writes or starts
                log.warn("{}: node {} did not take version {}: {}", copy.key(), e.getKey().getAttribute(
                        ClusterNode.NODE_ATTRIBUTE), copy.sequence(), ex.toString());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the other nodes wrote " + copy.key(), ex);
            }
        }
    }

    /** {@code groups/x.json} for a file under a shared directory, else null (a file only this node has). */
    String keyOf(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (Map.Entry<String, Path> root : roots.entrySet()) {
            Path dir = root.getValue().toAbsolutePath().normalize();
            if (abs.startsWith(dir) && !abs.equals(dir)) {
                return root.getKey() + "/" + dir.relativize(abs).toString().replace(java.io.File.separatorChar, '/');
            }
        }
        return null;
    }

    Path pathOf(String key) {
        int slash = key.indexOf('/');
        Path dir = slash < 0 ? null : roots.get(key.substring(0, slash));
        if (dir == null) {
            return null;
        }
        Path file = dir.resolve(key.substring(slash + 1)).toAbsolutePath().normalize();
        // a key is made by keyOf on another node; still, never write outside the directory
        return file.startsWith(dir.toAbsolutePath().normalize()) ? file : null;
    }
}
