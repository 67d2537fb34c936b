package org.nereid.signal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.nereid.group.LiveGroup;
import org.nereid.group.Member;
import org.nereid.group.MemberInfo;
import org.nereid.media.TapTrack;
import org.nereid.media.UpStream;
import org.nereid.record.RecordCodec;
import org.nereid.record.RecordingFiles;
import org.nereid.record.RecordingListener;
import org.nereid.record.RecordingWorker;
import org.nereid.record.StreamRecorder;
import org.nereid.record.TrackInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group being recorded. As in Galène it is a system member of the group
 * named RECORDING (so every client's user list shows it) and it records every
 * up stream of the group, present and future, one WebM file per stream.
 * Packets reach the recorders through a {@link RecordingWorker}. A disk error
 * ends the whole recording and the operators are told; the meeting goes on.
 */
final class GroupRecording implements Member {
    private static final Logger log = LoggerFactory.getLogger(GroupRecording.class);
    static final String USERNAME = "RECORDING";
    private static final MemberInfo INFO = new MemberInfo(USERNAME, List.of("system"), null);

    private record Recorded(UpStream stream, List<Integer> tapped, StreamRecorder recorder) {
    }

    private final String id;
    private final LiveGroup group;
    private final RecordingFiles files;
    private final Clock clock;
    private final Consumer<GroupRecording> onStopped;
    private RecordingWorker worker;
    private final Map<String, Recorded> streams = new LinkedHashMap<>();
    private boolean stopped;

    /** @param onStopped called once when the recording ends, however it ends */
    GroupRecording(LiveGroup group, RecordingFiles files, Clock clock, Consumer<GroupRecording> onStopped) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.id = HexFormat.of().formatHex(random);
        this.group = group;
        this.files = files;
        this.clock = clock;
        this.onStopped = onStopped;
    }

    /** Joins the group and records the streams already published; false if the group has gone. */
    boolean start() {
        synchronized (this) {
            worker = new RecordingWorker(group.name());
        }
        if (!group.admitSystem(this)) {
            stop("the group has closed");
            return false;
        }
        log.info("group {}: recording started", group.name());
        for (Member m : group.members()) {
            if (m instanceof ClientSession publisher) {
                for (UpStream s : publisher.streams().readyStreams()) {
                    streamReady(publisher, s);
                }
            }
        }
        return true;
    }

    /** A stream of the group is ready (or was when recording started): record it. Any thread. */
    synchronized void streamReady(ClientSession publisher, UpStream stream) {
        String key = publisher.id() + "/" + stream.id();
        if (stopped || worker == null || streams.containsKey(key)) {
            // before start() (which then records what is ready), after stop, or already recorded
            return;
        }
        String username = publisher.info().username();
        List<TrackInfo> infos = new ArrayList<>();
        List<Integer> tapped = new ArrayList<>();
        for (TapTrack t : stream.tapTracks()) {
            Optional<RecordCodec> codec = RecordCodec.fromName(t.codec());
            if (codec.isEmpty()) {
                warnOps("The " + t.kind() + " of " + describe(username) + " uses the codec " + t.codec()
                        + ", which cannot be recorded (Opus, VP8, VP9, H.264 and AV1 can); it is left out of the recording.");
                continue;
            }
            infos.add(codec.get().audio() ? new TrackInfo(codec.get(), Math.max(1, Math.min(2, t.channels())))
                    : TrackInfo.video(codec.get()));
            tapped.add(t.index());
        }
        if (infos.isEmpty()) {
            return;
        }
        StreamRecorder recorder = new StreamRecorder(files, group.name(), username, infos,
                new Listener(stream, username), clock);
        streams.put(key, new Recorded(stream, tapped, recorder));
        for (int i = 0; i < tapped.size(); i++) {
            stream.tap(tapped.get(i), worker.tap(recorder, i));
        }
        stream.requestKeyframe();
        log.info("group {}: recording stream {} of {}", group.name(), stream.id(), username);
    }

    /** A stream of the group ended: finish its file. Any thread. */
    synchronized void streamGone(ClientSession publisher, String streamId) {
        Recorded r = streams.remove(publisher.id() + "/" + streamId);
        if (r != null) {
            finish(r);
        }
    }

    private void finish(Recorded r) {
        for (int index : r.tapped()) {
            r.stream().tap(index, null);
        }
        worker.execute(r.recorder()::close);
    }

    /** Ends the recording: every file is finished, RECORDING leaves the group. Idempotent, any thread. */
    void stop(String why) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            streams.values().forEach(this::finish);
            streams.clear();
            worker.close();
        }
        group.remove(this);
        log.info("group {}: recording stopped ({}); {} packets dropped", group.name(), why, worker.dropped());
        onStopped.accept(this);
    }

    /** Waits for the files to be finished after {@link #stop}. */
    boolean awaitFinished(long millis) throws InterruptedException {
        RecordingWorker w;
        synchronized (this) {
            w = worker;
        }
        return w == null || w.awaitClosed(millis);
    }

    private final class Listener implements RecordingListener {
        private final UpStream stream;
        private final String username;

        Listener(UpStream stream, String username) {
            this.stream = stream;
            this.username = username;
        }

        @Override
        public void keyframeNeeded() {
            stream.requestKeyframe();
        }

        @Override
        public void fileStarted(Path file) {
            log.info("group {}: recording {} to {}", group.name(), username, file.getFileName());
        }

        @Override
        public void failed(Path file, Exception error) {
            log.warn("group {}: recording of {} failed: {}", group.name(), username, error.toString());
            warnOps("Recording stopped: the server could not write " + describe(username) + "'s recording ("
                    + error.getMessage() + "). Check the recordings directory and the free disk space,"
                    + " then start recording again.");
            stop("disk error");
            announce("Recording stopped.");
        }
    }

    private static String describe(String username) {
        return username == null || username.isEmpty() ? "an anonymous user" : username;
    }

    /** Galène's WallOps: a privileged warning to every operator. */
    void warnOps(String text) {
        for (Member m : group.members()) {
            if (m instanceof ClientSession cs && cs.info().isOp()) {
                cs.deliver(MessageCodec.write(Message.of("usermessage").kind("warning").dest(cs.id())
                        .privileged(true).value(text).build()));
            }
        }
    }

    /** An information for everyone in the group. */
    void announce(String text) {
        group.broadcast(MessageCodec.write(Message.of("usermessage").kind("info").privileged(true)
                .value(text).build()), null);
    }

    // ---- as a member: a system client hears nothing

    @Override
    public String id() {
        return id;
    }

    @Override
    public MemberInfo info() {
        return INFO;
    }

    @Override
    public void joined(LiveGroup g, String kind) {
    }

    @Override
    public void userEvent(String kind, String userId, MemberInfo user) {
    }

    @Override
    public void deliver(String encodedMessage) {
    }

    @Override
    public void kick(String byId, String byUsername, String message) {
        // the group calls this holding its lock: stop elsewhere, as a member must not block
        java.util.concurrent.CompletableFuture.runAsync(() -> kicked(byId, byUsername));
    }

    private void kicked(String byId, String byUsername) {
        stop("kicked" + (byUsername == null ? "" : " by " + byUsername));
        if (byId != null) {
            announce("Recording stopped by " + byUsername + ".");
        }
    }
}
