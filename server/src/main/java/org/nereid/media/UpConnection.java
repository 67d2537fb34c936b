package org.nereid.media;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.nereid.media.dtls.DtlsIdentity;
import org.nereid.media.dtls.RemoteFingerprint;
import org.nereid.media.ice.IceHost;
import org.nereid.media.ice.IceTransport;
import org.nereid.media.ice.PortsExhaustedException;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Reception;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SdpParser;
import org.nereid.media.sdp.SdpWriter;
import org.nereid.media.sdp.SessionDescription;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.track.FanOut;
import org.nereid.media.track.UpTrack;
import org.nereid.media.transport.MediaThreads;
import org.nereid.media.transport.PeerTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream a client publishes: the client offered, we answer receive-only.
 * Owns the peer connection's transport and one {@link UpTrack} per SSRC.
 * A new offer for the same stream renegotiates in place: an ICE restart
 * swaps the ICE agent under the same DTLS session, tracks that stay (same
 * mid, rid and payload type) keep their {@link UpTrack} and so their
 * subscribers, and added or removed sections change {@link #kinds()}.
 */
final class UpConnection implements UpStream, PeerTransport.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(UpConnection.class);
    static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    static final String RID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    private static final long AUDIO_REMB = 100 * 1024;
    private static final long LOW_REMB = 100 * 1024;
    private static final long MAX_REMB = 1L << 30;
    /** An RR holds at most 31 blocks; a stream has far fewer tracks. */
    private static final int MAX_REPORT_BLOCKS = 31;

    /**
     * What one offer/answer settled, replaced whole by a renegotiation so that the
     * packet path reads it with one volatile read and no lock.
     */
    private record Layout(UpTrack[] tracks, long[] declaredSsrcs, int midExtension, int ridExtension,
                          Set<String> kinds) {
    }

    private final String id;
    private final String label;
    private final List<Codec> allowed;
    private final PeerTransport transport;
    private final FanOut fanOut;
    private final long sessionId = Negotiation.sessionId();
    private final Consumer<UpConnection> onReady;
    private final Consumer<UpConnection> onClosed;
    private final Consumer<UpConnection> onPathLost;
    private volatile Layout layout;
    private int version;
    private String answer;
    private Negotiation.BundleTag bundleTag;
    private ScheduledFuture<?> reports;
    private volatile long rembSent;

    UpConnection(String name, String id, String label, String offerSdp, List<Codec> allowed, IceHost host,
                 MediaThreads threads, Consumer<UpConnection> onReady, Consumer<UpConnection> onClosed,
                 Consumer<UpConnection> onPathLost) throws MediaException {
        this.id = id;
        this.label = label;
        this.allowed = allowed;
        this.onReady = onReady;
        this.onClosed = onClosed;
        this.onPathLost = onPathLost;
        SessionDescription offer = SdpParser.parse(offerSdp);
        Negotiation.checkBundle(offer);
        this.fanOut = new FanOut(threads.workers, threads.workerThreads);
        try {
            transport = new PeerTransport(name, host, false, threads, this);
        } catch (PortsExhaustedException e) {
            throw new MediaException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MediaException("The server could not set up a network connection for your stream; try again.", e);
        }
        try {
            negotiate(offer);
        } catch (MediaException | RuntimeException e) {
            transport.close();
            throw e;
        }
        reports = threads.timer.scheduleAtFixedRate(this::sendReports, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * A new offer for this stream (an ICE restart, tracks added or removed): answers it on the
     * same connection. A bad offer throws with a sentence for the client, and the caller ends
     * the stream (a half-applied renegotiation is not worth keeping).
     *
     * @return whether the tracks others receive changed (receivers need a new offer)
     */
    synchronized boolean renegotiate(String offerSdp) throws MediaException {
        SessionDescription offer = SdpParser.parse(offerSdp);
        UpTrack[] before = layout.tracks();
        negotiate(offer);
        return !Arrays.equals(before, layout.tracks());
    }

    /** Answers {@code offer}, reusing the tracks that stay, and starts (or restarts) ICE. */
    private synchronized void negotiate(SessionDescription offer) throws MediaException {
        MediaSection first = Negotiation.checkBundle(offer);
        RemoteFingerprint fingerprint = new RemoteFingerprint(first.fingerprint().algorithm(),
                first.fingerprint().value());
        if (!transport.keepsFingerprint(fingerprint)) {
            throw new MediaException("Your new offer changes the DTLS certificate of stream " + id
                    + "; publish it as a new stream instead.");
        }
        UpTrack[] previous = layout == null ? new UpTrack[0] : layout.tracks();
        List<UpTrack> trackList = new ArrayList<>();
        List<Long> ssrcList = new ArrayList<>();
        List<MediaSection> answered = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        // the role stays what the first answer chose: DTLS is not renegotiated
        String setup = first.setup().equals("passive") ? "active" : "passive";
        boolean restart = transport.isNewRemoteUfrag(first.iceUfrag());
        if (restart) {
            try {
                transport.restartIce();
            } catch (IOException e) {
                throw new MediaException("The server could not restart ICE for your stream; try again.", e);
            }
        }
        IceTransport ice = transport.ice();
        List<String> candidates = ice.localCandidates();
        for (MediaSection m : offer.media()) {
            Codec chosen = null;
            Codec mine = null;
            if (m.isRtp() && m.port() != 0 && (m.direction().equals("sendonly") || m.direction().equals("sendrecv"))) {
                for (Codec c : m.codecs()) {
                    mine = Codecs.match(c, allowed);
                    if (mine != null) {
                        chosen = c;
                        break;
                    }
                }
            }
            if (chosen == null) {
                answered.add(Negotiation.rejected(m));
                continue;
            }
            if (!m.rtcpMux()) {
                throw new MediaException("The " + m.kind() + " section of your offer lacks a=rtcp-mux; "
                        + "this server needs RTP and RTCP on one port.");
            }
            List<String> feedback = chosen.feedback().stream().filter(mine.feedback()::contains).toList();
            List<MediaSection.Rid> rids = m.rids().stream().filter(r -> r.direction().equals("send")).toList();
            if (rids.isEmpty()) {
                trackList.add(track(previous, m.mid(), "", mine, chosen.payloadType(), feedback));
                List<Long> declared = m.mediaSsrcs();
                ssrcList.add(declared.isEmpty() ? -1L : declared.get(0));
            } else {
                for (MediaSection.Rid r : rids) {
                    trackList.add(track(previous, m.mid(), r.id(), mine, chosen.payloadType(), feedback));
                    ssrcList.add(-1L);
                }
            }
            Map<Integer, String> extmap = new java.util.HashMap<>();
            for (Map.Entry<Integer, String> e : m.extmap().entrySet()) {
                if (e.getValue().equals(MID_URI) || e.getValue().equals(RID_URI)) {
                    extmap.put(e.getKey(), e.getValue());
                }
            }
            List<MediaSection.Rid> answerRids = rids.stream().map(r -> new MediaSection.Rid(r.id(), "recv")).toList();
            String simulcast = rids.isEmpty() ? ""
                    : "recv " + String.join(";", rids.stream().map(MediaSection.Rid::id).toList());
            answered.add(new MediaSection(m.kind(), 9, m.proto(), m.mid(), "recvonly",
                    ice.localUfrag(), ice.localPassword(), ourFingerprint(), setup, true,
                    List.of(chosen.withFeedback(feedback)), extmap, List.of(), List.of(), answerRids, simulcast, "",
                    bundle.isEmpty() ? candidates : List.of()));
            bundle.add(m.mid());
        }
        if (trackList.isEmpty()) {
            throw new MediaException("None of the codecs in your offer is allowed in this group; allowed are "
                    + allowed.stream().map(Codec::name).distinct().toList() + ".");
        }
        UpTrack[] tracks = trackList.toArray(new UpTrack[0]);
        int midExtension = first.extensionId(MID_URI) != 0 ? first.extensionId(MID_URI) : anyExtension(offer, MID_URI);
        layout = new Layout(tracks, ssrcList.stream().mapToLong(Long::longValue).toArray(), midExtension,
                anyExtension(offer, RID_URI), kindsOf(tracks));
        SessionDescription description = new SessionDescription(bundle, answered);
        answer = SdpWriter.write(description, sessionId, ++version);
        bundleTag = Negotiation.BundleTag.of(description);
        List<String> remoteCandidates = new ArrayList<>();
        offer.media().forEach(m -> remoteCandidates.addAll(m.candidates()));
        transport.start(first.iceUfrag(), first.icePwd(), remoteCandidates, setup.equals("passive"), fingerprint);
        SrtpSession srtp = transport.srtp();
        if (srtp != null) {
            latchDeclared(srtp);
        }
    }

    /** The track of {@code previous} this section keeps carrying, or a new one. */
    private UpTrack track(UpTrack[] previous, String mid, String rid, Codec codec, int payloadType,
                          List<String> feedback) {
        for (UpTrack t : previous) {
            if (t.mid().equals(mid) && t.rid().equals(rid) && t.payloadType() == payloadType
                    && t.codec().equals(codec) && t.feedback().equals(feedback)) {
                return t;
            }
        }
        return new UpTrack(mid, rid, codec, payloadType, feedback, transport, fanOut);
    }

    static MediaSection.Fingerprint ourFingerprint() {
        DtlsIdentity identity = DtlsIdentity.get();
        return new MediaSection.Fingerprint(identity.fingerprintAlgorithm(), identity.fingerprint());
    }

    private static int anyExtension(SessionDescription sd, String uri) {
        for (MediaSection m : sd.media()) {
            if (m.extensionId(uri) != 0) {
                return m.extensionId(uri);
            }
        }
        return 0;
    }

    private static Set<String> kindsOf(UpTrack[] tracks) {
        Set<String> result = new LinkedHashSet<>();
        int videos = 0;
        for (UpTrack t : tracks) {
            if (t.isVideo()) {
                videos++;
            } else {
                result.add("audio");
            }
        }
        if (videos > 0) {
            result.add("video");
        }
        if (videos > 1) {
            result.add("video-low");
        }
        return Set.copyOf(result);
    }

    synchronized String answer() {
        return answer;
    }

    /** The section of the latest answer that our trickled candidates belong to. */
    synchronized Negotiation.BundleTag bundleTag() {
        return bundleTag;
    }

    PeerTransport transport() {
        return transport;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Set<String> kinds() {
        return layout.kinds();
    }

    /** What this stream's tracks have received so far (a simulcast layer is a track of its own). */
    StreamCounts counts() {
        UpTrack[] tracks = layout.tracks();
        List<StreamCounts.TrackCounts> counted = new ArrayList<>(tracks.length);
        long now = System.nanoTime();
        for (UpTrack t : tracks) {
            Reception r = t.reception();
            counted.add(new StreamCounts.TrackCounts(t.isVideo() ? "video" : "audio", codecName(t), t.rid(),
                    t.packets(), t.bytes(), t.bitrate(), r.fractionLost() / 256.0, r.cumulativeLost(),
                    r.jitter() * 1000 / t.codec().clockRate(), 0, t.nacksSent(), t.recovered(), t.keyframeRequests(),
                    rembShare(t, now), 0, t.unrecovered(), 0, 0, t.frameRate(), 0, 0, 0, 0, t.tailNacks(), 0, 0, null));
        }
        return new StreamCounts(id, rembSent, counted);
    }

    @Override
    public List<TapTrack> tapTracks() {
        UpTrack[] tracks = layout.tracks();
        List<TapTrack> result = new ArrayList<>(2);
        UpTrack audio = trackFor("audio");
        UpTrack video = trackFor("video");
        for (int i = 0; i < tracks.length; i++) {
            if (tracks[i] == audio || tracks[i] == video) {
                Codec c = tracks[i].codec();
                result.add(new TapTrack(i, c.isVideo() ? "video" : "audio",
                        codecName(tracks[i]), c.isVideo() ? 0 : c.channels()));
            }
        }
        return result;
    }

    @Override
    public void tap(int index, PacketTap tap) {
        UpTrack[] tracks = layout.tracks();
        if (index < tracks.length) {
            tracks[index].tap(tap);
        }
    }

    @Override
    public void requestKeyframe() {
        UpTrack video = trackFor("video");
        if (video != null) {
            video.requestKeyframe();
        }
    }

    static String codecName(UpTrack t) {
        return t.codec().name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The layers a receiver of {@code kind} may be switched among, lowest first: every
     * simulcast encoding of the video for "video" (the offer lists the highest first, as
     * Galène's client does), only the track itself otherwise.
     */
    List<UpTrack> layersFor(String kind) {
        UpTrack chosen = trackFor(kind);
        if (chosen == null || !kind.equals("video") || chosen.rid().isEmpty()) {
            return chosen == null ? List.of() : List.of(chosen);
        }
        List<UpTrack> layers = new ArrayList<>();
        for (UpTrack t : layout.tracks()) {
            if (t.isVideo() && t.mid().equals(chosen.mid()) && !t.rid().isEmpty()) {
                layers.add(0, t);
            }
        }
        return layers;
    }

    /** The track that carries {@code kind} to subscribers: video is the first video track, video-low the last. */
    UpTrack trackFor(String kind) {
        UpTrack found = null;
        for (UpTrack t : layout.tracks()) {
            if (kind.equals("audio") ? !t.isVideo() : t.isVideo()) {
                if (found == null || kind.equals("video-low")) {
                    found = t;
                }
            }
        }
        return found;
    }

    @Override
    public void onSecured(SrtpSession srtp) {
        synchronized (this) {
            latchDeclared(srtp);
        }
        onReady.accept(this);
    }

    /** Binds the tracks whose SSRC the offer declared (a=ssrc) and that are not bound yet. */
    private void latchDeclared(SrtpSession srtp) {
        Layout l = layout;
        for (int i = 0; i < l.tracks().length; i++) {
            UpTrack t = l.tracks()[i];
            if (l.declaredSsrcs()[i] >= 0 && !t.ssrcKnown()) {
                int ssrc = (int) l.declaredSsrcs()[i];
                t.latch(ssrc, srtp.receiveContext(ssrc));
            }
        }
    }

    @Override
    public void onPathLost() {
        onPathLost.accept(this);
    }

    @Override
    public void onRtp(PacketBuffer p) {
        byte[] b = p.getBuffer();
        if (!Rtp.isValid(b, p.getOffset(), p.getLength())) {
            return;
        }
        int ssrc = Rtp.ssrc(b, p.getOffset());
        Layout l = layout;
        UpTrack track = null;
        for (UpTrack t : l.tracks()) {
            if (t.hasSsrc(ssrc)) {
                track = t;
                break;
            }
        }
        if (track == null && (track = latch(l, b, p.getOffset(), p.getLength(), ssrc)) == null) {
            return;
        }
        if (!SrtpSession.unprotect(track.receiveContext(), p)) {
            return;
        }
        int off = Rtp.stripExtension(b, p.getOffset(), p.getLength());
        int len = p.getLength() - (off - p.getOffset());
        track.receive(b, off, len);
        askForMissing(l, track);
    }

    /** Gives the other tracks' NACK generators their turn: their own next packet may be a frame away. */
    private static void askForMissing(Layout l, UpTrack done) {
        long now = System.nanoTime();
        for (UpTrack t : l.tracks()) {
            if (t != done) {
                t.askForMissing(now);
            }
        }
    }

    /** Binds an unknown SSRC to its track by the mid and rid header extensions (sent at a stream's start). */
    private UpTrack latch(Layout l, byte[] b, int off, int len, int ssrc) {
        String rid = Rtp.extensionString(b, off, len, l.ridExtension());
        String mid = Rtp.extensionString(b, off, len, l.midExtension());
        for (UpTrack t : l.tracks()) {
            if (t.ssrcKnown()) {
                continue;
            }
            boolean matches = rid != null
                    ? t.rid().equals(rid) && (mid == null || t.mid().equals(mid))
                    : mid != null && t.mid().equals(mid) && t.rid().isEmpty();
            if (matches) {
                t.latch(ssrc, transport.srtp().receiveContext(ssrc));
                return t;
            }
        }
        return null;
    }

    /** The inline receivers' packets of the turn leave together (with GSO, one call per receiver and run). */
    @Override
    public void onTurnEnd() {
        fanOut.forwardInline();
    }

    @Override
    public void onRtcp(PacketBuffer p) {
        byte[] b = p.getBuffer();
        int end = p.getOffset() + p.getLength();
        for (int at = p.getOffset(), n; (n = Rtcp.length(b, at, end)) > 0; at += n) {
            if (Rtcp.type(b, at) == Rtcp.SR && n >= Rtcp.SR_LENGTH) {
                int ssrc = Rtcp.senderSsrc(b, at);
                for (UpTrack t : layout.tracks()) {
                    if (t.hasSsrc(ssrc)) {
                        t.senderReport(((long) Bytes.i32(b, at + 8) << 32) | Bytes.u32(b, at + 12), Bytes.u32(b, at + 16));
                    }
                }
            }
        }
        askForMissing(layout, null);
    }

    /**
     * Every second: a receiver report on each track that has sent something (loss, jitter, and
     * LSR/DLSR so the publisher measures the round trip), then a REMB telling the publisher how
     * much it may send: what the receivers of each track can take, as Galène sums it.
     */
    private void sendReports() {
        UpTrack[] tracks = layout.tracks();
        long now = System.nanoTime();
        for (UpTrack t : tracks) {
            t.sampleRates(now);
        }
        if (transport.srtp() == null || transport.isClosed()) {
            return;
        }
        int mediaSsrc = firstSsrc(tracks);
        if (mediaSsrc == 0) {
            return;
        }
        PacketBuffer out = PacketBuffer.scratch();
        byte[] b = out.getBuffer();
        int blocks = 0;
        int at = 8;
        for (UpTrack t : tracks) {
            ReportBlock block = t.ssrcKnown() && blocks < MAX_REPORT_BLOCKS ? t.report(now) : null;
            if (block != null) {
                at += block.write(b, at);
                blocks++;
            }
        }
        // the compound packet starts with the RR, as RTCP requires, even when it has no blocks
        Rtcp.writeReceiverReportHeader(b, 0, transport.rtcpSsrc(), blocks);
        // every negotiated track counts, sending yet or not: a simulcast layer that Chrome holds
        // back until its estimate allows would otherwise never be allowed, and never start
        long bitrate = 0;
        for (UpTrack t : tracks) {
            bitrate += rembShare(t, now);
        }
        bitrate = Math.min(MAX_REMB, bitrate);
        rembSent = bitrate;
        int n = at + Rtcp.writeRemb(b, at, transport.rtcpSsrc(), bitrate, mediaSsrc);
        out.setOffset(0);
        out.setLength(n);
        transport.sendRtcp(out);
    }

    /** What the REMB asks of one track, as Galène sums it: fixed for audio and the low layer. */
    private static long rembShare(UpTrack t, long nowNanos) {
        return !t.isVideo() ? AUDIO_REMB : t.rid().equals("l") ? LOW_REMB : t.receiversBitrate(nowNanos);
    }

    private static int firstSsrc(UpTrack[] tracks) {
        for (UpTrack t : tracks) {
            if (t.ssrcKnown()) {
                return t.ssrc();
            }
        }
        return 0;
    }

    @Override
    public void onClosed(String reason) {
        stopReports();
        logDropped();
        onClosed.accept(this);
    }

    private void logDropped() {
        long dropped = fanOut.dropped();
        if (dropped > 0) {
            LOG.info("up stream {}: {} packets did not reach the receivers of a fan-out lane (it fell behind)", id, dropped);
        }
    }

    private synchronized void stopReports() {
        if (reports != null) {
            reports.cancel(false);
        }
    }

    void close() {
        stopReports();
        logDropped();
        transport.close();
    }
}
