package org.nereid.signal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nereid.group.LiveGroup;
import org.nereid.media.UpStream;
import org.nereid.record.RecordingFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The groups being recorded, at most one recording each. Any thread. */
final class Recordings {
    private static final Logger log = LoggerFactory.getLogger(Recordings.class);

    private final Clock clock;
    private final Map<LiveGroup, GroupRecording> active = new ConcurrentHashMap<>();
    private volatile RecordingFiles files;

    Recordings(Clock clock) {
        this.clock = clock;
    }

    /** Where recordings go; without it, "record" is refused. */
    void files(RecordingFiles recordingFiles) {
        this.files = recordingFiles;
    }

    /** The "record" group action of {@code s}, who has the record permission. */
    void start(ClientSession s, LiveGroup g) {
        RecordingFiles where = files;
        if (!g.rules().allowRecording()) {
            s.error("Recording is not allowed in this group; an administrator can allow it with"
                    + " \"allow-recording\": true in the group's file.");
            return;
        }
        if (where == null) {
            s.error("This server has no recordings directory; recording is not available.");
            return;
        }
        GroupRecording recording = new GroupRecording(g, where, clock, r -> active.remove(g, r));
        if (active.putIfAbsent(g, recording) != null) {
            s.error("This group is already being recorded.");
            return;
        }
        if (!recording.start()) {
            active.remove(g, recording);
            s.error("The group has closed; nothing was recorded.");
            return;
        }
        log.info("group {}: {} started recording", g.name(), s.info().username());
        recording.announce("Recording started by " + name(s) + ".");
    }

    /** The "unrecord" group action. */
    void stop(ClientSession s, LiveGroup g) {
        GroupRecording recording = active.get(g);
        if (recording == null) {
            s.error("This group is not being recorded.");
            return;
        }
        recording.stop("stopped by " + s.info().username());
        recording.announce("Recording stopped by " + name(s) + ".");
    }

    /** A stream became ready in {@code g}: the group's recording, if any, takes it. */
    void streamReady(LiveGroup g, ClientSession publisher, UpStream stream) {
        GroupRecording r = active.get(g);
        if (r != null) {
            r.streamReady(publisher, stream);
        }
    }

    void streamGone(LiveGroup g, ClientSession publisher, String id) {
        GroupRecording r = active.get(g);
        if (r != null) {
            r.streamGone(publisher, id);
        }
    }

    /** A client left {@code g}: a recording with no one left to record stops, so the group can close. */
    void memberLeft(LiveGroup g) {
        GroupRecording r = active.get(g);
        if (r != null && g.members().stream().noneMatch(ClientSession.class::isInstance)) {
            r.stop("everyone has left");
        }
    }

    /** Stops every recording and waits a little for the files to be finished (server shutdown). */
    void closeAll() {
        List<GroupRecording> all = List.copyOf(active.values());
        all.forEach(r -> r.stop("the server is shutting down"));
        try {
            for (GroupRecording r : all) {
                r.awaitFinished(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String name(ClientSession s) {
        String u = s.info().username();
        return u == null || u.isEmpty() ? "an operator" : u;
    }
}
