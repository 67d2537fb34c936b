package org.nereid.media;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.nereid.media.dtls.RemoteFingerprint;
import org.nereid.media.ice.IceHost;
import org.nereid.media.ice.IceTransport;
import org.nereid.media.ice.PortsExhaustedException;
import org.nereid.media.layer.LayerFilter;
import org.nereid.media.nack.PlayoutDelay;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.RrtrEcho;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.SenderClock;
import org.nereid.media.rtp.Xr;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SdpParser;
import org.nereid.media.sdp.SdpWriter;
import org.nereid.media.sdp.SessionDescription;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.track.DownTrack;
import org.nereid.media.track.UpTrack;
import org.nereid.media.transport.MediaThreads;
import org.nereid.media.transport.PeerTransport;

/**
 * A stream a client receives: we offer send-only sections for the requested
 * kinds of an up stream, the client answers. Feedback from the receiver
 * (PLI, FIR, NACK) is served here, its RTCP XR reference times answered so it knows its
 * round trip; its reception reports are kept for statistics.
 * Later offers renegotiate the same connection: a section per kind is added,
 * turned inactive, or replaced when the publisher renegotiated that track away,
 * and an offer may restart ICE (under the same DTLS session).
 */
final class DownConnection implements PeerTransport.Handler {
    /** The id video sections offer the playout-delay extension with (the only extension offered). */
    static final int PLAYOUT_DELAY_ID = 1;
    /** What video sections offer of RTCP XR (RFC 3611 §5.1): the receiver's RRTR, our DLRR. */
    static final String RTCP_XR = "rcvr-rtt=all";
    /** One m-line: its mid, the kind it carries and its track (null once removed or rejected). */
    private static final class Slot {
        final String mid;
        final String kind;
        volatile DownTrack track;

        Slot(String mid, String kind, DownTrack track) {
            this.mid = mid;
            this.kind = kind;
            this.track = track;
        }
    }

    private final String id;
    private final UpConnection source;
    private final PeerTransport transport;
    private final BiConsumer<DownConnection, String> onClosed;
    private final Consumer<DownConnection> onPathLost;
    private final long sessionId = Negotiation.sessionId();
    private volatile Slot[] slots = new Slot[0];
    private int version;
    private Negotiation.BundleTag bundleTag = new Negotiation.BundleTag("0", 0);
    private boolean answered;
    private int nextMid;
    private final ScheduledFuture<?> senderReports;
    // RRTRs read on the receiver's connection thread, answered in the media timer's sender reports
    private final RrtrEcho rrtrEcho = new RrtrEcho();
    /** Whether the answer accepted RTCP XR's rcvr-rtt: only then are its RRTRs answered. */
    private volatile boolean receiverRtt;

    DownConnection(String name, String id, UpConnection source, Set<String> kinds, IceHost host, MediaThreads threads,
                   BiConsumer<DownConnection, String> onClosed, Consumer<DownConnection> onPathLost)
            throws MediaException {
        this.id = id;
        this.source = source;
        this.onClosed = onClosed;
        this.onPathLost = onPathLost;
        try {
            transport = new PeerTransport(name, host, true, threads, this);
        } catch (PortsExhaustedException e) {
            throw new MediaException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MediaException("The server could not set up a network connection for this stream; try again.", e);
        }
        setKinds(kinds);
        if (activeKinds().isEmpty()) {
            transport.close();
            throw new MediaException("Stream " + source.id() + " carries none of " + kinds + ".");
        }
        senderReports = threads.timer.scheduleAtFixedRate(this::sendSenderReports, 500, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Every 500 ms (media timer): a sender report for each track, so the receiver keeps lip-sync and
     * measures RTT; a video track's carries the DLRR answering the receiver's latest RRTR.
     */
    private void sendSenderReports() {
        if (transport.srtp() == null || transport.isClosed()) {
            return;
        }
        long ntp = SenderClock.ntpNow();
        long now = System.nanoTime();
        for (Slot s : slots) {
            DownTrack t = s.track;
            if (t != null) {
                t.sendSenderReport(ntp, now, t.source().isVideo() ? rrtrEcho : null);
            }
        }
    }

    String id() {
        return id;
    }

    UpConnection source() {
        return source;
    }

    private List<String> activeKinds() {
        List<String> result = new ArrayList<>();
        for (Slot s : slots) {
            if (s.track != null) {
                result.add(s.kind);
            }
        }
        return result;
    }

    /**
     * Makes the slots carry exactly {@code kinds} of the source as it is now (a slot whose
     * up track the publisher renegotiated away ends, and a new one takes its kind);
     * returns whether anything changed.
     */
    synchronized boolean setKinds(Set<String> kinds) {
        List<Slot> next = new ArrayList<>(List.of(slots));
        boolean changed = false;
        for (Slot s : next) {
            if (s.track != null && (!kinds.contains(s.kind) || source.trackFor(s.kind) != s.track.source())) {
                s.track.stop();
                s.track = null;
                changed = true;
            }
        }
        for (String kind : List.of("audio", "video", "video-low")) {
            if (!kinds.contains(kind) || activeKinds(next).contains(kind)) {
                continue;
            }
            // video-low on a stream without a low simulcast layer: its only video, lowest spatial layer (Galène)
            boolean lowestSpatial = kind.equals("video-low") && !source.kinds().contains(kind)
                    && !kinds.contains("video");
            String from = lowestSpatial ? "video" : kind;
            List<UpTrack> layers = source.kinds().contains(from) ? source.layersFor(from) : List.of();
            if (layers.isEmpty()) {
                continue;
            }
            DownTrack track = new DownTrack(layers.toArray(new UpTrack[0]), Negotiation.ssrc(), Negotiation.ssrc(),
                    transport);
            if (lowestSpatial) {
                track.limitToLowestSpatial();
            }
            next.add(new Slot(Integer.toString(nextMid++), kind, track));
            changed = true;
        }
        slots = next.toArray(new Slot[0]);
        return changed;
    }

    private static List<String> activeKinds(List<Slot> list) {
        return list.stream().filter(s -> s.track != null).map(s -> s.kind).toList();
    }

    /** The section of the latest offer that our trickled candidates belong to. */
    synchronized Negotiation.BundleTag bundleTag() {
        return bundleTag;
    }

    /** The ICE agent the latest offer describes. */
    IceTransport ice() {
        return transport.ice();
    }

    /**
     * The current offer, with a new version number each time.
     *
     * @param restartIce whether to restart ICE (new credentials; the answer's start the new agent)
     */
    synchronized String offer(boolean restartIce) throws MediaException {
        if (restartIce) {
            try {
                transport.restartIce();
            } catch (IOException e) {
                throw new MediaException("The server could not restart ICE for stream " + id + ".", e);
            }
        }
        List<MediaSection> sections = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        IceTransport ice = transport.ice();
        List<String> candidates = ice.localCandidates();
        for (Slot s : slots) {
            DownTrack t = s.track;
            String kind = s.kind.equals("audio") ? "audio" : "video";
            if (t == null) {
                sections.add(new MediaSection(kind, 0, "UDP/TLS/RTP/SAVPF", s.mid, "inactive", "", "", null, "",
                        false, List.of(), Map.of(), List.of(), List.of(), List.of(), "", "", List.of()));
                continue;
            }
            String trackId = source.id() + "-" + s.kind;
            String msid = source.id() + " " + trackId;
            Codec codec = t.source().codec();
            Map<String, String> ssrcAttributes = Map.of("cname", transport.cname(), "msid", msid);
            long media = Integer.toUnsignedLong(t.ssrc());
            long rtx = Integer.toUnsignedLong(t.rtxSsrc());
            // video offers RTX (RFC 4588) for the resends: the receiver keeps it or not in its answer
            boolean video = codec.isVideo();
            sections.add(new MediaSection(kind, 9, "UDP/TLS/RTP/SAVPF", s.mid, "sendonly",
                    ice.localUfrag(), ice.localPassword(), UpConnection.ourFingerprint(),
                    "actpass", true, video ? List.of(codec, Codecs.rtx(codec)) : List.of(codec),
                    video ? Map.of(PLAYOUT_DELAY_ID, PlayoutDelay.URI) : Map.of(),
                    video ? List.of(new MediaSection.Ssrc(media, ssrcAttributes), new MediaSection.Ssrc(rtx, ssrcAttributes))
                            : List.of(new MediaSection.Ssrc(media, ssrcAttributes)),
                    video ? List.of(new MediaSection.SsrcGroup("FID", List.of(media, rtx))) : List.of(),
                    List.of(), "", msid, bundle.isEmpty() ? candidates : List.of(), video ? RTCP_XR : ""));
            bundle.add(s.mid);
        }
        SessionDescription description = new SessionDescription(bundle, sections);
        bundleTag = Negotiation.BundleTag.of(description);
        return SdpWriter.write(description, sessionId, ++version);
    }

    synchronized void answer(String sdp) throws MediaException {
        SessionDescription answer = SdpParser.parse(sdp);
        Slot[] current = slots;
        if (answer.media().size() != current.length) {
            throw new MediaException("The answer has " + answer.media().size() + " media sections but the offer had "
                    + current.length + "; answer the latest offer.");
        }
        MediaSection first = null;
        boolean xr = false;
        for (int i = 0; i < current.length; i++) {
            Slot s = current[i];
            MediaSection m = answer.media().get(i);
            DownTrack t = s.track;
            if (t == null) {
                continue;
            }
            Codec answered = null;
            for (Codec c : m.port() == 0 ? List.<Codec>of() : m.codecs()) {
                if (Codecs.match(c, List.of(t.source().codec())) != null) {
                    answered = c;
                    break;
                }
            }
            if (answered == null) {
                t.stop();
                s.track = null;
                continue;
            }
            t.setPayloadType(answered.payloadType());
            t.setRtxPayloadType(Codecs.rtxPayloadType(m.codecs(), answered.payloadType()));
            t.setPlayoutDelayExtension(m.extensionId(PlayoutDelay.URI));
            xr |= m.receiverRtt();
            if (first == null) {
                first = m;
            }
        }
        if (first == null) {
            throw new MediaException("The answer accepts none of the offered tracks.");
        }
        RemoteFingerprint fingerprint = new RemoteFingerprint(first.fingerprint().algorithm(),
                first.fingerprint().value());
        if (!transport.keepsFingerprint(fingerprint)) {
            throw new MediaException("The answer changes the DTLS certificate; this connection cannot continue.");
        }
        if (!answered) {
            Negotiation.checkBundle(answer);
        }
        answered = true;
        receiverRtt = xr;
        // starts the first ICE agent, or a restart's; a no-op when this offer restarted nothing
        List<String> candidates = new ArrayList<>();
        answer.media().forEach(m -> candidates.addAll(m.candidates()));
        transport.start(first.iceUfrag(), first.icePwd(), candidates, !first.setup().equals("passive"), fingerprint);
        if (transport.srtp() != null) {
            startTracks(transport.srtp());
        }
    }

    PeerTransport transport() {
        return transport;
    }

    void addRemoteCandidate(String candidate, String ufrag) {
        transport.addRemoteCandidate(candidate, ufrag);
    }

    @Override
    public void onSecured(SrtpSession srtp) {
        startTracks(srtp);
    }

    private void startTracks(SrtpSession srtp) {
        for (Slot s : slots) {
            DownTrack t = s.track;
            if (t != null) {
                t.start(srtp);
            }
        }
    }

    @Override
    public void onPathLost() {
        onPathLost.accept(this);
    }

    @Override
    public void onRtp(PacketBuffer packet) {
        // the receiver sends no media on a send-only connection
    }

    @Override
    public void onRtcp(PacketBuffer p) {
        byte[] b = p.getBuffer();
        int end = p.getOffset() + p.getLength();
        for (int at = p.getOffset(), n; (n = Rtcp.length(b, at, end)) > 0; at += n) {
            int type = Rtcp.type(b, at);
            int format = Rtcp.format(b, at);
            if (type == Rtcp.RR || type == Rtcp.SR) {
                receiverReports(b, at, n);
            } else if (type == Rtcp.PSFB && format == Rtcp.FMT_PLI && n >= 12) {
                requestKeyframe(Rtcp.mediaSsrc(b, at));
            } else if (type == Rtcp.PSFB && format == Rtcp.FMT_FIR && n >= 20) {
                requestKeyframe(Bytes.i32(b, at + 12));
            } else if (type == Rtcp.RTPFB && format == Rtcp.FMT_NACK && n >= 16) {
                DownTrack t = track(Rtcp.mediaSsrc(b, at));
                if (t != null) {
                    t.nacked(b, at, n);
                }
            } else if (type == Xr.XR && receiverRtt) {
                rrtrEcho.xr(b, at, n, System.nanoTime());
            }
        }
    }

    private void requestKeyframe(int ssrc) {
        DownTrack t = track(ssrc);
        if (t != null) {
            t.keyframeRequested();
        }
    }

    private void receiverReports(byte[] b, int at, int n) {
        long now = System.nanoTime();
        for (int i = 0, block; (block = Rtcp.reportBlock(b, at, n, i)) >= 0; i++) {
            DownTrack t = track(Bytes.i32(b, block));
            if (t != null) {
                t.receiverReport(ReportBlock.read(b, block), now);
            }
        }
    }

    /** What this stream's tracks have sent, and what the receiver reported about them. */
    StreamCounts counts() {
        List<StreamCounts.TrackCounts> counted = new ArrayList<>();
        boolean dlrrsCounted = false;
        for (Slot s : slots) {
            DownTrack t = s.track;
            if (t == null) {
                continue;
            }
            UpTrack up = t.source();
            ReportBlock report = t.lastReceiverReport();
            UpTrack layer = t.forwardedLayer();
            boolean dlrrs = up.isVideo() && !dlrrsCounted;
            dlrrsCounted |= dlrrs;
            counted.add(new StreamCounts.TrackCounts(up.isVideo() ? "video" : "audio", UpConnection.codecName(up),
                    (layer == null ? up : layer).rid(), t.packets(), t.bytes(), t.bitrate(), report == null ? 0 : report.lossRatio(),
                    report == null ? 0 : report.cumulativeLost(),
                    report == null ? 0 : report.jitter() * 1000.0 / up.codec().clockRate(), t.rttNanos() / 1e6,
                    t.nacks(), t.resent(), t.keyframeRequests(), t.estimatedBitrate(), t.layerSwitches(),
                    t.notCached(), t.resendsRefused(), t.keyframeReplays(),
                    (layer == null ? up : layer).frameRate(), t.probe().probes(), t.probe().paddingPackets(), t.owedRepairs(),
                    t.tailPadding().packets(), 0, t.delayedFrames(), dlrrs ? rrtrEcho.sent() : 0,
                    sublayers(t.sublayers())));
        }
        return new StreamCounts(id, 0, counted);
    }

    private static StreamCounts.Sublayers sublayers(LayerFilter f) {
        int maxTid = f.maxTemporal();
        return f.maxSpatial() < 0 || (maxTid <= 0 && f.maxSpatial() == 0) ? null
                : new StreamCounts.Sublayers(f.spatial(), f.maxSpatial(), Math.max(0, f.temporal()),
                        Math.max(0, maxTid),
                        f.dropped());
    }

    /** The tracks sent now, in section order. */
    List<DownTrack> tracks() {
        List<DownTrack> result = new ArrayList<>();
        for (Slot s : slots) {
            if (s.track != null) {
                result.add(s.track);
            }
        }
        return result;
    }

    private DownTrack track(int ssrc) {
        for (Slot s : slots) {
            DownTrack t = s.track;
            if (t != null && t.ssrc() == ssrc) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void onClosed(String reason) {
        senderReports.cancel(false);
        stopTracks();
        onClosed.accept(this, reason);
    }

    private void stopTracks() {
        for (Slot s : slots) {
            DownTrack t = s.track;
            if (t != null) {
                t.stop();
            }
        }
    }

    void close() {
        senderReports.cancel(false);
        stopTracks();
        transport.close();
    }
}
