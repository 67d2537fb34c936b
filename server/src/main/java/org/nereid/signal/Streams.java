package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nereid.group.LiveGroup;
import org.nereid.group.Member;
import org.nereid.group.Permission;
import org.nereid.logging.LogText;
import org.nereid.media.IceCandidate;
import org.nereid.media.MediaEngine;
import org.nereid.media.MediaEvents;
import org.nereid.media.MediaException;
import org.nereid.media.MediaSession;
import org.nereid.media.StreamCounts;
import org.nereid.media.UpStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's streams as signalling sees them: the ones it publishes (up)
 * and the ones it receives (down), and who receives what. The media engine
 * moves the packets; this class decides, from each receiver's request,
 * which published streams it is offered, and closes them when their
 * publisher stops. Confined to the client's executor except
 * {@link #readyStreams()} and the {@link MediaEvents} callbacks, which hand off.
 */
final class Streams implements MediaEvents {

    private static final Logger log = LoggerFactory.getLogger(Streams.class);
    /** Media sections an up stream may have: browsers send two (audio, video), simulcast included. */
    static final int MAX_MEDIA_SECTIONS = 16;
    static final String NO_MEDIA = "This server cannot carry audio or video: no media engine is running."
            + " Chat and the other features still work.";

    private record Down(ClientSession publisher, UpStream source, Set<String> kinds, List<String> override) {
    }

    private final ClientSession self;
    private final MediaEngine engine;
    private final Map<String, UpStream> ready = new ConcurrentHashMap<>();
    private final Set<String> ups = new HashSet<>();
    /**
     * For a cascade's mirror (docs/cluster.md): whose stream each relayed up stream is, as the
     * hosting node named it, so that receivers here see the publisher rather than the relay.
     */
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final Map<String, Down> downs = new HashMap<>();
    private Map<String, List<String>> requested = Map.of();
    private volatile MediaSession media; // read by statistics on HTTP threads

    Streams(ClientSession self, MediaEngine engine) {
        this.self = self;
        this.engine = engine;
    }

    /** The streams this client publishes that others may receive now. Any thread. */
    Collection<UpStream> readyStreams() {
        return List.copyOf(ready.values());
    }

    // ---- the client's messages

    void offer(Message m) {
        String id = m.id();
        if (id == null || id.isEmpty()) {
            self.error("An offer needs a stream id.");
            return;
        }
        if (self.group() == null) {
            refuseUp(id, "Join a group before sending audio or video.");
            return;
        }
        if (!self.info().has(Permission.PRESENT)) {
            if (m.replace() != null && !m.replace().isEmpty()) {
                closeUp(m.replace());
            }
            refuseUp(id, "You are not allowed to send audio or video in this group.");
            return;
        }
        if (engine == null) {
            refuseUp(id, NO_MEDIA);
            return;
        }
        int sections = mediaSections(m.sdp());
        if (sections > MAX_MEDIA_SECTIONS) {
            // a stream is a camera, a microphone or a screen: hundreds of sections are an attack on the SFU
            log.info("group {}: offer {} from {} refused: {} media sections", self.groupName(), LogText.of(id),
                    self.info().username(), sections);
            failedUp(id, "Your offer has " + sections + " media sections; a stream may have at most "
                    + MAX_MEDIA_SECTIONS + ".");
            return;
        }
        if (m.replace() != null && !m.replace().isEmpty() && !m.replace().equals(id)) {
            closeUp(m.replace());
        }
        // a new offer for a stream already published renegotiates it in place (an ICE restart,
        // tracks added or removed): its receivers keep it
        boolean again = ups.contains(id);
        try {
            String answer = session().answerUp(id, m.label(), m.sdp());
            ups.add(id);
            if (self.trusted() != null && m.source() != null && !m.source().isEmpty()) {
                origins.put(id, new Origin(m.source(), m.username()));
            }
            if (again) {
                log.info("group {}: {} renegotiates {}", self.groupName(), self.info().username(), id);
            } else {
                log.info("group {}: {} publishes {} ({})", self.groupName(), self.info().username(), id, m.label());
            }
            self.send(Message.of("answer").id(id).sdp(answer).build());
        } catch (MediaException e) {
            log.info("group {}: offer {} from {} failed: {}", self.groupName(), id, self.info().username(),
                    e.getMessage());
            failedUp(id, e.getMessage());
        } catch (Exception e) {
            log.error("group {}: the media engine failed on offer {} from {}", self.groupName(), id,
                    self.info().username(), e);
            failedUp(id, "The server could not set up your stream; try again, and tell the administrator"
                    + " if it keeps failing.");
        }
    }

    /** The number of m= lines of an SDP text, counted without parsing it. */
    static int mediaSections(String sdp) {
        if (sdp == null) {
            return 0;
        }
        int n = sdp.startsWith("m=") ? 1 : 0;
        for (int i = sdp.indexOf("\nm="); i >= 0; i = sdp.indexOf("\nm=", i + 1)) {
            n++;
        }
        return n;
    }

    /** An offer was refused: a stream it renegotiated ends for its receivers too. */
    private void failedUp(String id, String sentence) {
        closeUp(id);
        refuseUp(id, sentence);
    }

    void answer(Message m) {
        String id = m.id();
        if (!downs.containsKey(id)) {
            self.send(Message.of("close").id(id).build());
            return;
        }
        try {
            media.answerDown(id, m.sdp());
        } catch (MediaException e) {
            closeDown(id, e.getMessage());
        }
    }

    void renegotiate(Message m) {
        Down d = downs.get(m.id());
        if (d == null) {
            return;
        }
        try {
            sendOffer(m.id(), d, media.renegotiateDown(m.id()));
        } catch (MediaException e) {
            closeDown(m.id(), e.getMessage());
        }
    }

    void closeUp(Message m) {
        closeUp(m.id());
    }

    void abort(Message m) {
        closeDown(m.id(), null);
    }

    void ice(Message m) {
        JsonNode c = m.candidate();
        if (m.id() == null || c == null) {
            self.error("An ice message needs a stream id and a candidate.");
            return;
        }
        if (media == null || !(ups.contains(m.id()) || downs.containsKey(m.id()))) {
            return;
        }
        JsonNode index = c.get("sdpMLineIndex");
        IceCandidate candidate = new IceCandidate(text(c, "candidate"), text(c, "sdpMid"),
                index != null && index.canConvertToInt() ? index.intValue() : null, text(c, "usernameFragment"));
        try {
            media.addRemoteCandidate(m.id(), candidate);
        } catch (MediaException e) {
            log.debug("group {}: candidate for {} refused: {}", self.groupName(), m.id(), e.getMessage());
        }
    }

    void request(Message m) {
        try {
            requested = StreamChoice.parseRequest(m.request());
        } catch (BadMessageException e) {
            self.error(e.getMessage());
            return;
        }
        offerWhatIsRequested();
    }

    /** Just joined: a request sent before joining now applies to the group's streams. */
    void joinedGroup() {
        if (engine != null) {
            engine.prepare();
        }
        if (!requested.isEmpty()) {
            offerWhatIsRequested();
        }
    }

    private void offerWhatIsRequested() {
        LiveGroup g = self.group();
        if (g == null) {
            return;
        }
        Set<String> offered = new HashSet<>();
        for (Member member : g.members()) {
            if (member != self && member instanceof ClientSession publisher) {
                for (UpStream s : publisher.streams().readyStreams()) {
                    offered.add(s.id());
                    consider(publisher, s);
                }
            }
        }
        for (String id : new ArrayList<>(downs.keySet())) {
            if (!offered.contains(id)) {
                closeDown(id, null);
            }
        }
    }

    void requestStream(Message m) {
        Down d = downs.get(m.id());
        if (d == null) {
            self.error("There is no stream " + m.id() + " to change.");
            return;
        }
        try {
            List<String> kinds = StreamChoice.parseKinds(m.request());
            downs.put(m.id(), new Down(d.publisher(), d.source(), d.kinds(), kinds));
            consider(d.publisher(), d.source());
        } catch (BadMessageException e) {
            self.error(e.getMessage());
        }
    }

    // ---- other clients' streams, on this client's executor

    /** A stream in the group is ready or this client's wishes changed: offer, change or close it. */
    void consider(ClientSession publisher, UpStream source) {
        consider(publisher, source, false);
    }

    /**
     * Offers, changes or closes {@code source} for this client; {@code renegotiated} says the
     * publisher changed its tracks, so an existing down stream is checked even if its kinds stay.
     */
    private void consider(ClientSession publisher, UpStream source, boolean renegotiated) {
        if (media == null && engine == null || self.group() == null
                || backToOrigin(self.node(), publisher.node())) {
            return;
        }
        Down existing = downs.get(source.id());
        List<String> wanted = existing != null && existing.override() != null
                ? existing.override() : StreamChoice.requestedFor(requested, source.label());
        Set<String> kinds = StreamChoice.kinds(wanted, source.kinds());
        try {
            if (kinds.isEmpty()) {
                if (existing != null) {
                    closeDown(source.id(), null);
                }
            } else if (existing == null) {
                Down d = new Down(publisher, source, kinds, null);
                String offer = session().offerDown(source.id(), source, kinds);
                downs.put(source.id(), d);
                log.info("group {}: {} receives {} {} from {}", self.groupName(), self.info().username(),
                        source.id(), kinds, publisher.info().username());
                sendOffer(source.id(), d, offer);
            } else if (renegotiated || !kinds.equals(existing.kinds())) {
                Down d = new Down(publisher, source, kinds, existing.override());
                downs.put(source.id(), d);
                String offer = media.changeDown(source.id(), kinds);
                if (offer != null) {
                    sendOffer(source.id(), d, offer);
                }
            }
        } catch (MediaException e) {
            closeDown(source.id(), e.getMessage());
        } catch (Exception e) {
            log.error("group {}: the media engine failed sending {} to {}", self.groupName(), source.id(),
                    self.info().username(), e);
            closeDown(source.id(), "The server could not send you a stream; it will be offered again if you"
                    + " rejoin.");
        }
    }

    /**
     * Whether a stream would go back to the node it came from: in a cascade (docs/cluster.md),
     * a stream that a member at a helping node publishes is published here by the member's
     * stand-in ({@code origin}, its node) and never relayed back to that node ({@code receiver},
     * the node a relay sends to), whose own receivers have it already.
     */
    static boolean backToOrigin(String receiver, String origin) {
        return receiver != null && receiver.equals(origin);
    }

    /** The publisher renegotiated {@code source} and its tracks changed. */
    void sourceChanged(ClientSession publisher, UpStream source) {
        if (downs.containsKey(source.id())) {
            consider(publisher, source, true);
        }
    }

    /** The publisher of {@code id} stopped it. */
    void sourceGone(String id) {
        if (downs.containsKey(id)) {
            closeDown(id, null);
        }
    }

    // ---- lifecycle

    /** This client lost the present permission: its streams stop. */
    void presentRevoked() {
        if (ups.isEmpty()) {
            return;
        }
        for (String id : new ArrayList<>(ups)) {
            closeUp(id);
            self.send(Message.of("abort").id(id).build());
        }
        self.error("You are no longer allowed to send audio or video in this group.");
    }

    /** Leaving the group: every stream closes, the others stop receiving ours. */
    void leave() {
        for (String id : new ArrayList<>(ups)) {
            closeUp(id);
        }
        if (media != null) {
            downs.keySet().forEach(media::closeDown);
        }
        downs.clear();
        requested = Map.of();
        if (media != null) {
            media.close();
            media = null;
        }
    }

    void close() {
        leave();
    }

    // ---- from the media engine, any thread

    @Override
    public void localCandidate(String id, IceCandidate c) {
        self.execute(() -> {
            ObjectNode candidate = MessageCodec.object();
            candidate.put("candidate", c.candidate());
            if (c.sdpMid() != null) {
                candidate.put("sdpMid", c.sdpMid());
            }
            if (c.sdpMLineIndex() != null) {
                candidate.put("sdpMLineIndex", c.sdpMLineIndex());
            }
            if (c.usernameFragment() != null) {
                candidate.put("usernameFragment", c.usernameFragment());
            }
            self.send(Message.of("ice").id(id).candidate(candidate).build());
        });
    }

    @Override
    public void upStreamReady(UpStream stream) {
        self.execute(() -> {
            LiveGroup g = self.group();
            if (!ups.contains(stream.id()) || g == null) {
                return;
            }
            ready.put(stream.id(), stream);
            self.service().recordings().streamReady(g, self, stream);
            for (Member member : g.members()) {
                if (member != self && member instanceof ClientSession receiver) {
                    receiver.execute(() -> receiver.streams().consider(self, stream));
                }
            }
        });
    }

    @Override
    public void upStreamChanged(UpStream stream) {
        self.execute(() -> {
            LiveGroup g = self.group();
            if (ready.get(stream.id()) != stream || g == null) {
                return;
            }
            for (Member member : g.members()) {
                if (member != self && member instanceof ClientSession receiver) {
                    receiver.execute(() -> receiver.streams().sourceChanged(self, stream));
                }
            }
        });
    }

    @Override
    public void upStreamPathLost(String id) {
        self.execute(() -> {
            if (ups.contains(id)) {
                self.send(Message.of("renegotiate").id(id).build());
            }
        });
    }

    @Override
    public void downStreamOffer(String id, String sdp) {
        self.execute(() -> {
            Down d = downs.get(id);
            if (d != null) {
                sendOffer(id, d, sdp);
            }
        });
    }

    @Override
    public void upStreamClosed(String id) {
        self.execute(() -> {
            if (ups.contains(id)) {
                closeUp(id);
                self.send(Message.of("abort").id(id).build());
            }
        });
    }

    @Override
    public boolean peerIsNode() {
        return self.trusted() != null; // only a cascade's relay joins trusted
    }

    @Override
    public void downStreamClosed(String id, String reason) {
        self.execute(() -> {
            if (downs.containsKey(id)) {
                closeDown(id, reason);
            }
        });
    }

    /** The counters of this client's up streams; empty before its first stream. Any thread. */
    List<StreamCounts> upCounts() {
        MediaSession m = media;
        return m == null ? List.of() : m.upCounts();
    }

    /** The counters of the streams this client receives; empty before its first. Any thread. */
    List<StreamCounts> downCounts() {
        MediaSession m = media;
        return m == null ? List.of() : m.downCounts();
    }

    // ---- helpers

    private MediaSession session() throws MediaException {
        if (engine == null) {
            throw new MediaException(NO_MEDIA);
        }
        if (media == null) {
            media = engine.open(self.id(), self.group().rules().codecs(), this);
        }
        return media;
    }

    private void refuseUp(String id, String sentence) {
        self.send(Message.of("abort").id(id).build());
        self.error(sentence);
    }

    private void closeUp(String id) {
        if (!ups.remove(id)) {
            return;
        }
        origins.remove(id);
        if (media != null) {
            media.closeUp(id);
        }
        if (ready.remove(id) != null && self.group() != null) {
            self.service().recordings().streamGone(self.group(), self, id);
            for (Member member : self.group().members()) {
                if (member != self && member instanceof ClientSession receiver) {
                    receiver.execute(() -> receiver.streams().sourceGone(id));
                }
            }
        }
    }

    private void closeDown(String id, String sentence) {
        if (id == null) {
            return;
        }
        downs.remove(id);
        if (media != null) {
            media.closeDown(id);
        }
        self.send(Message.of("close").id(id).build());
        if (sentence != null && !sentence.isEmpty()) {
            self.error(sentence);
        }
    }

    private void sendOffer(String id, Down d, String sdp) {
        Origin o = d.publisher().streams().origins.get(id);
        self.send(Message.of("offer").id(id).label(d.source().label())
                .source(o != null ? o.source() : d.publisher().id())
                .username(o != null ? o.username() : d.publisher().info().username()).sdp(sdp).build());
    }

    /** The client that published a relayed stream at the hosting node, and its name. */
    private record Origin(String source, String username) {
    }

    private static String text(JsonNode o, String name) {
        JsonNode n = o.get(name);
        return n != null && n.isTextual() ? n.textValue() : null;
    }
}
