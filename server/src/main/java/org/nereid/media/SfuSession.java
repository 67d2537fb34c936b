package org.nereid.media;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nereid.media.ice.IceTransport;
import org.nereid.media.sdp.Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client's streams on the {@link Sfu}. Signalling calls arrive on any thread. */
final class SfuSession implements MediaSession {
    private static final Logger LOG = LoggerFactory.getLogger(SfuSession.class);

    private final Sfu sfu;
    private final String clientId;
    private final List<Codec> codecs;
    private final MediaEvents events;
    private final Map<String, UpConnection> ups = new ConcurrentHashMap<>();
    private final Map<String, DownConnection> downs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SfuSession(Sfu sfu, String clientId, List<Codec> codecs, MediaEvents events) {
        this.sfu = sfu;
        this.clientId = clientId;
        this.codecs = codecs;
        this.events = events;
    }

    @Override
    public String answerUp(String id, String label, String sdpOffer) throws MediaException {
        checkOpen();
        UpConnection existing = ups.get(id);
        if (existing != null && !existing.transport().isClosed()) {
            return renegotiateUp(existing, sdpOffer);
        }
        closeUp(id);
        UpConnection up = new UpConnection(clientId + "/" + id + " up", id, label, sdpOffer, codecs, sfu.host(),
                sfu.threads(), this::upReady, this::upGone, u -> events.upStreamPathLost(u.id()));
        ups.put(id, up);
        if (closed) {
            up.close();
            throw new MediaException("This client has left; the stream was not opened.");
        }
        LOG.info("{}: up stream {} ({}) offered, kinds {}", clientId, id, label, up.kinds());
        trickle(id, up.transport().ice(), up.bundleTag());
        return up.answer();
    }

    private String renegotiateUp(UpConnection up, String sdpOffer) throws MediaException {
        boolean changed;
        try {
            changed = up.renegotiate(sdpOffer);
        } catch (MediaException | RuntimeException e) {
            closeUp(up.id());
            throw e;
        }
        LOG.info("{}: up stream {} renegotiated, kinds {}{}", clientId, up.id(), up.kinds(),
                changed ? ", tracks changed" : "");
        trickle(up.id(), up.transport().ice(), up.bundleTag());
        if (changed && up.transport().srtp() != null) {
            events.upStreamChanged(up);
        }
        return up.answer();
    }

    private void upReady(UpConnection up) {
        if (ups.get(up.id()) == up) {
            LOG.info("{}: up stream {} connected", clientId, up.id());
            events.upStreamReady(up);
        }
    }

    private void upGone(UpConnection up) {
        if (ups.remove(up.id(), up)) {
            LOG.info("{}: up stream {} ended", clientId, up.id());
            events.upStreamClosed(up.id());
        }
    }

    /** The up stream {@code id} of this client, or null. */
    UpStream upStream(String id) {
        return ups.get(id);
    }

    @Override
    public List<StreamCounts> upCounts() {
        return ups.values().stream().map(UpConnection::counts)
                .sorted(java.util.Comparator.comparing(StreamCounts::id)).toList();
    }

    @Override
    public List<StreamCounts> downCounts() {
        return downs.values().stream().map(DownConnection::counts)
                .sorted(java.util.Comparator.comparing(StreamCounts::id)).toList();
    }

    @Override
    public void closeUp(String id) {
        UpConnection up = ups.remove(id);
        if (up != null) {
            up.close();
            events.upStreamClosed(id);
        }
    }

    @Override
    public String offerDown(String id, UpStream source, Set<String> kinds) throws MediaException {
        checkOpen();
        if (!(source instanceof UpConnection up) || up.transport().isClosed()) {
            throw new MediaException("Stream " + (source == null ? "" : source.id()) + " has ended.");
        }
        closeDown(id);
        DownConnection down = new DownConnection(clientId + "/" + id + " down", id, up, kinds, sfu.host(),
                sfu.threads(), this::downFailed, this::downPathLost);
        downs.put(id, down);
        if (closed) {
            down.close();
            throw new MediaException("This client has left; the stream was not opened.");
        }
        String offer = down.offer(false);
        trickle(id, down.ice(), down.bundleTag());
        return offer;
    }

    private void downFailed(DownConnection down, String reason) {
        if (downs.remove(down.id(), down)) {
            events.downStreamClosed(down.id(), reason);
        }
    }

    /** Galène restarts ICE on a down connection whose ICE failed; so do we. */
    private void downPathLost(DownConnection down) {
        if (downs.get(down.id()) != down) {
            return;
        }
        try {
            String offer = down.offer(true);
            LOG.info("{}: down stream {} lost its path; restarting ICE", clientId, down.id());
            trickle(down.id(), down.ice(), down.bundleTag());
            events.downStreamOffer(down.id(), offer);
        } catch (MediaException e) {
            LOG.info("{}: down stream {}: {}", clientId, down.id(), e.getMessage());
        }
    }

    @Override
    public void answerDown(String id, String sdpAnswer) throws MediaException {
        down(id).answer(sdpAnswer);
    }

    @Override
    public String changeDown(String id, Set<String> kinds) throws MediaException {
        DownConnection down = down(id);
        return down.setKinds(kinds) ? down.offer(false) : null;
    }

    @Override
    public String renegotiateDown(String id) throws MediaException {
        DownConnection down = down(id);
        String offer = down.offer(true);
        trickle(id, down.ice(), down.bundleTag());
        return offer;
    }

    @Override
    public void closeDown(String id) {
        DownConnection down = downs.remove(id);
        if (down != null) {
            down.close();
        }
    }

    @Override
    public void addRemoteCandidate(String id, IceCandidate candidate) throws MediaException {
        if (candidate == null || candidate.candidate() == null || candidate.candidate().isEmpty()) {
            return;
        }
        UpConnection up = ups.get(id);
        if (up != null) {
            up.transport().addRemoteCandidate(candidate.candidate(), candidate.usernameFragment());
            return;
        }
        DownConnection down = downs.get(id);
        if (down == null) {
            throw new MediaException("There is no stream " + id + " to add an ICE candidate to.");
        }
        down.addRemoteCandidate(candidate.candidate(), candidate.usernameFragment());
    }

    DownConnection down(String id) throws MediaException {
        DownConnection down = downs.get(id);
        if (down == null) {
            throw new MediaException("There is no stream " + id + " being sent to you.");
        }
        return down;
    }

    private void checkOpen() throws MediaException {
        if (closed) {
            throw new MediaException("This client has left; no new streams can be opened.");
        }
    }

    /**
     * Candidates are in the SDP too; trickling them as well suits clients that wait for them.
     * Each names its ufrag, so a candidate that arrives after an ICE restart is not taken
     * for the new generation's, and the section that carries the bundle (the first may
     * have been renegotiated away).
     */
    private void trickle(String id, IceTransport ice, Negotiation.BundleTag tag) {
        List<String> candidates = ice.localCandidates();
        String ufrag = ice.localUfrag();
        sfu.threads().timer.execute(() -> {
            for (String c : candidates) {
                events.localCandidate(id, new IceCandidate(IceCandidate.PREFIX + c, tag.mid(), tag.index(), ufrag));
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String id : List.copyOf(ups.keySet())) {
            closeUp(id);
        }
        for (String id : List.copyOf(downs.keySet())) {
            closeDown(id);
        }
        sfu.sessionClosed(this);
    }
}
