package org.nereid.load.rtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.nereid.load.LoadException;
import org.nereid.load.signal.GaleneSocket;
import org.nereid.load.signal.Session;
import org.nereid.load.stats.JoinTimeline;
import org.nereid.load.stats.LatencyHistogram;
import org.nereid.load.stats.StreamReception;
import org.nereid.media.MediaException;
import org.nereid.media.sdp.SdpParser;

/**
 * A client that asks for every stream of its group (audio and video) and
 * answers each offer the server makes; streams from anyone but the tool's
 * own publishers are aborted, since their send times are unknown.
 */
public final class Subscriber implements AutoCloseable {
    private final String name;
    private final ClientMedia media;
    private final Session session;
    private final Function<String, Publisher> publishers;
    private final LatencyHistogram latency;
    private final boolean nack;
    private final JoinTimeline timeline;
    private final Map<String, DownStream> streams = new ConcurrentHashMap<>();
    private volatile String failure;
    private volatile boolean left;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param publishers      the tool's publisher with a given client id, or null
     * @param timeline        started when this client started joining; this marks the later steps
     */
    public Subscriber(String name, ClientMedia media, Session session, Function<String, Publisher> publishers,
                      LatencyHistogram latency, boolean nack, JoinTimeline timeline) {
        this.name = name;
        this.media = media;
        this.session = session;
        this.publishers = publishers;
        this.latency = latency;
        this.nack = nack;
        this.timeline = timeline;
        timeline.mark(JoinTimeline.Step.JOINED);
        session.onMessage(this::message);
        session.onLost(why -> failure = name + ": " + why);
    }

    /** Asks for audio and video of every stream. */
    public void request() {
        ObjectNode message = GaleneSocket.message("request");
        message.putObject("request").putArray("").add("audio").add("video");
        session.send(message);
    }

    private void message(JsonNode m) {
        String id = m.path("id").asText();
        switch (m.path("type").asText()) {
            case "offer" -> offer(id, m);
            case "ice" -> {
                DownStream d = streams.get(id);
                if (d != null) {
                    d.addRemoteCandidate(m.path("candidate").path("candidate").asText());
                }
            }
            case "close" -> {
                DownStream d = streams.remove(id);
                if (d != null) {
                    d.close();
                }
            }
            default -> { }
        }
    }

    private void offer(String id, JsonNode m) {
        Publisher source = publishers.apply(m.path("source").asText());
        if (source == null || streams.containsKey(id)) {
            // not ours (or a renegotiation, which the tool's streams never need): decline
            session.send(GaleneSocket.message("abort").put("id", id));
            return;
        }
        timeline.mark(JoinTimeline.Step.OFFER);
        try {
            DownStream d = new DownStream(name + "/" + id, media, SdpParser.parse(m.path("sdp").asText()), source,
                    latency, nack, timeline);
            streams.put(id, d);
            session.send(GaleneSocket.message("answer").put("id", id).put("sdp", d.answer()));
        } catch (LoadException | MediaException e) {
            failure = name + ": cannot answer the offer for stream " + id + ": " + e.getMessage();
            session.send(GaleneSocket.message("abort").put("id", id));
        }
    }

    public String name() {
        return name;
    }

    /** Join → first packet in nanoseconds, or -1 when nothing has arrived. */
    public long joinToFirstPacketNanos() {
        return timeline.elapsedNanos(JoinTimeline.Step.FIRST_PACKET);
    }

    /** When each step of the join happened. */
    public JoinTimeline timeline() {
        return timeline;
    }

    /** The counts of every track received, over all streams. */
    public List<StreamReception> receptions() {
        List<StreamReception> all = new ArrayList<>();
        streams.values().forEach(d -> all.addAll(d.receptions()));
        return all;
    }

    public long nacksSent() {
        return streams.values().stream().mapToLong(DownStream::nacksSent).sum();
    }

    /** The first failure of this client or one of its streams, or null. */
    public String failure() {
        if (failure != null) {
            return failure;
        }
        return streams.values().stream().map(DownStream::failure).filter(f -> f != null).findFirst().orElse(null);
    }

    /**
     * Starts leaving (churn): from now on this subscriber answers only for the packets its
     * publishers have sent so far ({@link StreamReception#leave}); {@link #close} ends its
     * connections once those have had time to arrive.
     */
    public void leave() {
        left = true;
        receptions().forEach(StreamReception::leave);
    }

    /** Whether {@link #leave} was called. */
    public boolean hasLeft() {
        return left;
    }

    /** Closes the connections; the counts stay for the report. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            streams.values().forEach(DownStream::close);
            session.close();
        }
    }
}
