package org.nereid.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.nereid.load.media.Clip;
import org.nereid.load.rtc.ClientMedia;
import org.nereid.load.rtc.Publisher;
import org.nereid.load.rtc.Subscriber;
import org.nereid.load.signal.Credentials;
import org.nereid.load.signal.GroupEndpoint;
import org.nereid.load.signal.Session;
import org.nereid.load.stats.JoinTimeline;
import org.nereid.load.stats.LatencyHistogram;
import org.nereid.load.stats.ServerProcess;
import org.nereid.load.stats.StreamReception;
import org.nereid.load.stats.ToolStalls;

/**
 * One run: publishers join and start sending, then subscribers join at the
 * chosen rate; once everyone is in, the measured window starts (counts and
 * the latency histogram start over), a progress line is printed each second,
 * and at the end publishers stop, the network drains and the report is made.
 */
final class LoadRun {
    private static final long DRAIN_MILLIS = 1000;

    private final LoadOptions options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Map<String, Publisher> publishersById = new ConcurrentHashMap<>();
    private final List<Publisher> publishers = new CopyOnWriteArrayList<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    LoadRun(LoadOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    Report run() throws LoadException, InterruptedException {
        options.check();
        Clip clip;
        try {
            clip = Clip.load(options.media, options.pacing);
        } catch (IOException e) {
            throw new LoadException(e.getMessage(), e);
        }
        ServerProcess server = options.serverPid == null ? null : new ServerProcess(options.serverPid);
        ToolStalls stalls = new ToolStalls();
        Progress progress = new Progress(server, subscribers, publishers, latency, stalls);
        progress.sampleServer();        // fails early on a wrong pid
        List<URI> endpoints = new ArrayList<>();
        for (int g = 0; g < options.groups; g++) {
            try {
                endpoints.add(GroupEndpoint.find(http, options.server, options.groupName(g)));
            } catch (IOException e) {
                throw new LoadException(e.getMessage(), e);
            }
        }
        Credentials credentials = new Credentials(options.username, options.password, options.token);
        ClientMedia media = new ClientMedia(options.bind);
        media.warmUp();
        ExecutorService joiners = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "load-join");
            t.setDaemon(true);
            return t;
        });
        int[] nextIndex = new int[options.groups];
        java.util.Arrays.fill(nextIndex, options.subscribers + 1);
        Churn<Subscriber> churn = options.churn <= 0 ? null : new Churn<>(options.churn,
                (group, name) -> subscriber(name, endpoints.get(group), group, credentials, media),
                Subscriber::leave, Subscriber::close, joiners, media.timer(), DRAIN_MILLIS, nextIndex);
        try {
            long joinStart = System.nanoTime();
            List<Future<?>> joins = new ArrayList<>();
            long intervalNanos = (long) (1e9 / options.joinRate);
            int n = 0;
            for (int g = 0; g < options.groups; g++) {
                for (int p = 0; p < options.publishers; p++) {
                    int group = g;
                    String name = "pub-" + (g + 1) + "." + (p + 1);
                    sleepUntil(joinStart + n++ * intervalNanos);
                    joins.add(joiners.submit(() -> publisher(name, endpoints.get(group), group, credentials, media, clip)));
                }
            }
            await(joins);
            for (Publisher p : publishers) {
                p.awaitSending(options.timeout);    // subscribers measure joining a stream that flows
            }
            joins.clear();
            long subscribeStart = System.nanoTime();
            n = 0;
            for (int s = 0; s < options.subscribers; s++) {
                for (int g = 0; g < options.groups; g++) {
                    int group = g;
                    String name = "sub-" + (g + 1) + "." + (s + 1);
                    sleepUntil(subscribeStart + n++ * intervalNanos);
                    joins.add(joiners.submit(() -> {
                        Subscriber joined = subscriber(name, endpoints.get(group), group, credentials, media);
                        if (churn != null) {
                            churn.add(joined, group);
                        }
                        return null;
                    }));
                }
            }
            await(joins);
            double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
            Thread.sleep(2000);     // let the last subscribers' ICE and DTLS finish before measuring
            latency.reset();
            stalls.start();
            subscribers.forEach(s -> s.receptions().forEach(StreamReception::startWindow));
            Progress.Snapshot start = progress.snapshot();
            if (churn != null) {
                churn.start();
            }
            for (int second = 1; second <= options.duration; second++) {
                sleepUntil(start.nanos() + second * 1_000_000_000L);
                out.println(progress.line(second) + (churn == null ? "" : "  churn -" + churn.left() + " +" + churn.joined()));
                out.flush();
            }
            if (churn != null) {
                churn.close();
            }
            Progress.Snapshot end = progress.snapshot();
            publishers.forEach(Publisher::stopSending);
            Thread.sleep(DRAIN_MILLIS);
            return Report.of(options, clip, joinSeconds, start, end, publishers, subscribers, latency,
                    progress.serverSeries(), churn);
        } finally {
            stalls.close();
            joiners.shutdownNow();
            subscribers.forEach(Subscriber::close);
            publishers.forEach(Publisher::close);
            media.close();
        }
    }

    private Void publisher(String name, URI endpoint, int group, Credentials credentials, ClientMedia media, Clip clip)
            throws LoadException {
        Session session = Session.join(http, endpoint, options.groupName(group), credentials, name, options.timeout);
        Publisher p;
        try {
            p = new Publisher(name, media, clip, session);
        } catch (LoadException e) {
            session.close();
            throw e;
        }
        publishers.add(p);
        publishersById.put(session.id(), p);
        p.publish(options.timeout);
        return null;
    }

    private Subscriber subscriber(String name, URI endpoint, int group, Credentials credentials, ClientMedia media)
            throws LoadException {
        JoinTimeline timeline = new JoinTimeline(System.nanoTime());
        URI at = endpoint;
        if (options.statusPerJoin) {
            try {
                at = GroupEndpoint.find(http, options.server, options.groupName(group));
            } catch (IOException e) {
                throw new LoadException(e.getMessage(), e);
            }
        }
        Session session = Session.join(http, at, options.groupName(group), credentials, name, options.timeout);
        Subscriber s = new Subscriber(name, media, session, publishersById::get, latency, options.nack, timeline);
        subscribers.add(s);
        s.request();
        return s;
    }

    /** Waits for every join; the first failure ends the run with its sentence. */
    private static void await(List<Future<?>> joins) throws LoadException, InterruptedException {
        for (Future<?> f : joins) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof LoadException l) {
                    throw l;
                }
                throw new LoadException("A client failed to join: " + e.getCause(), e.getCause());
            }
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
