package org.nereid.media.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.PacketTap;
import org.nereid.media.nack.NackGenerator;
import org.nereid.media.nack.ResendTrace;
import org.nereid.media.rtp.Keyframes;
import org.nereid.media.rtp.Reception;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.rtp.SenderClock;
import org.nereid.media.sdp.Codec;
import org.nereid.media.srtp.PacketBuffer;

/**
 * One track a client publishes (one SSRC: an m-line, or one simulcast
 * encoding of it). Its worker stores each packet and hands it to every
 * subscriber, itself or through the lane the publisher's {@link FanOut} gave
 * the subscriber; the subscriber list and its slices by lane are arrays
 * replaced on change, so the packet path reads them without a lock. It counts what RFC 3550 has a
 * receiver count ({@link Reception}) for statistics and our receiver reports,
 * and asks the publisher again for what it lost on the way
 * ({@link NackGenerator}) when the track negotiated {@code nack}.
 */
public final class UpTrack {
    private static final DownTrack[] NONE = new DownTrack[0];
    private static final Slice[] NO_SLICES = new Slice[0];
    /** PID + BLP pairs in one NACK we send; the sequence numbers due at once, at most. */
    private static final int NACK_PAIRS = 64;
    static final long KEYFRAME_INTERVAL_NANOS = 500_000_000L;
    /**
     * The packet cache's bounds (Galène's are 128–1024 video, 24–1024 audio). A video cache keeps
     * at least a fan-out lane's ring of packets: lanes read what they forward back from it.
     */
    static final int MIN_VIDEO_CACHE = FanOutLane.CAPACITY;
    static final int MIN_AUDIO_CACHE = 64;
    static final int MAX_CACHE = 1024;
    /** Galène's MinBitrate: no receiver makes the publisher go below this. */
    public static final long MIN_RECEIVER_BITRATE = 200 * 1024;

    private final String mid;
    private final String rid;
    private final Codec codec;
    private final int payloadType;
    private final PeerSink transport;
    private final PacketCache cache;
    private final AtomicLong lastKeyframeRequest = new AtomicLong(System.nanoTime() - KEYFRAME_INTERVAL_NANOS);
    private final FanOut fanOut;
    private volatile DownTrack[] subscribers = NONE;
    /** The subscribers grouped by the lane that forwards to them (null: this track's worker). */
    private volatile Slice[] slices = NO_SLICES;
    private volatile int ssrc;
    private volatile boolean ssrcKnown;
    private SrtpCryptoContext receiveContext;
    private volatile SenderClock senderClock;
    /** Null when the track did not negotiate generic NACK. */
    private final NackGenerator nacks;
    /** The RTCP feedback the publisher takes from us (nack, nack pli). */
    private final List<String> feedback;
    private final int[] dueNacks = new int[NACK_PAIRS];
    private final Reception reception;
    private final RateMeter rate = new RateMeter();
    private volatile long recentPeak;
    /** Packets per second (for the cache's size). */
    private final RateMeter packetRate = new RateMeter();
    /** Frames (video packets with the marker bit, which ends a frame) and their rate, for statistics. */
    private final RateMeter frameRate = new RateMeter();
    private volatile long frames;
    /** The RTP timestamp of the last frame counted (worker thread), so a resent frame end counts once. */
    private int lastFrameTimestamp;
    private boolean framesCounted;
    private final AtomicLong keyframeRequests = new AtomicLong();
    private volatile long packets;
    private volatile long bytes;
    private volatile PacketTap tap;
    /** A test's trace of the asks made of the publisher, null when none (read once where used: a test may detach it meanwhile). */
    private ResendTrace trace;

    /**
     * @param codec       the codec as Nereid names it (Galène's payload type) and offers it to receivers
     * @param payloadType the payload type the publisher uses for it
     * @param feedback    the RTCP feedback the publisher's offer and our answer both name: we send
     *                    it NACKs and PLIs only when it said it takes them
     */
    public UpTrack(String mid, String rid, Codec codec, int payloadType, List<String> feedback, PeerSink transport) {
        this(mid, rid, codec, payloadType, feedback, transport, new FanOut());
    }

    /** @param fanOut the publisher's: shared by all its tracks, so a subscriber's tracks share a lane */
    public UpTrack(String mid, String rid, Codec codec, int payloadType, List<String> feedback, PeerSink transport,
                   FanOut fanOut) {
        this.fanOut = fanOut;
        this.mid = mid;
        this.rid = rid;
        this.codec = codec;
        this.payloadType = payloadType;
        this.transport = transport;
        this.cache = new PacketCache(minCache());
        this.reception = new Reception(codec.clockRate());
        this.nacks = feedback.contains("nack") ? new NackGenerator() : null;
        this.feedback = List.copyOf(feedback);
    }

    public String mid() {
        return mid;
    }

    /** The RTCP feedback the publisher's offer and our answer both name. */
    public List<String> feedback() {
        return feedback;
    }

    /** The simulcast encoding id, or "" when the m-line is not simulcast. */
    public String rid() {
        return rid;
    }

    /** The payload type the publisher sends this track with. */
    public int payloadType() {
        return payloadType;
    }

    public Codec codec() {
        return codec;
    }

    public boolean isVideo() {
        return codec.isVideo();
    }

    public boolean hasSsrc(int value) {
        return ssrcKnown && ssrc == value;
    }

    public boolean ssrcKnown() {
        return ssrcKnown;
    }

    public int ssrc() {
        return ssrc;
    }

    /** Binds the track to the SSRC its packets arrive with (worker thread). */
    public void latch(int value, SrtpCryptoContext context) {
        ssrc = value;
        receiveContext = context;
        ssrcKnown = true;
    }

    public SrtpCryptoContext receiveContext() {
        return receiveContext;
    }

    FanOut fanOut() {
        return fanOut;
    }

    public PacketCache cache() {
        return cache;
    }

    public long packets() {
        return packets;
    }

    /** RTP payload bytes received. */
    public long bytes() {
        return bytes;
    }

    /** Payload bitrate over the last second, in bit/s. */
    public long bitrate() {
        return rate.bitsPerSecond();
    }

    /**
     * The most this track has sent lately, bit/s: its last second's bitrate, or its earlier
     * peak decaying by 1/64 a second (half of it gone in about 44 s). A simulcast layer nobody
     * takes is throttled by its publisher (REMB); once taken it climbs back towards this.
     */
    public long recentPeakBitrate() {
        return recentPeak;
    }

    /**
     * Frames per second over the last second, counted by the marker bit that ends a video
     * frame; 0 for audio.
     */
    public double frameRate() {
        return frameRate.bitsPerSecond() / 8.0; // the meter counts bits: eight per unit it is given
    }

    /** Sequence numbers, loss and jitter of what the publisher sent us. */
    public Reception reception() {
        return reception;
    }

    /** Keyframe requests (PLI) sent to the publisher. */
    public long keyframeRequests() {
        return keyframeRequests.get();
    }

    /**
     * Samples the bitrates of this track and of its subscribers (media timer, about once a
     * second), and sizes the packet cache to this track's packet rate × the longest
     * retransmission timeout among its receivers.
     */
    public void sampleRates(long nowNanos) {
        rate.sample(bytes, nowNanos);
        recentPeak = Math.max(rate.bitsPerSecond(), recentPeak - recentPeak / 64);
        frameRate.sample(frames, nowNanos);
        packetRate.sample(packets, nowNanos);
        long rto = 0;
        for (DownTrack d : subscribers) {
            d.sampleRate(nowNanos);
            rto = Math.max(rto, d.retransmissionTimeoutNanos());
        }
        cache.fit(PacketCache.wantedCapacity(packetRate.bitsPerSecond() / 8, rto, minCache(), MAX_CACHE));
    }

    private int minCache() {
        return codec.isVideo() ? MIN_VIDEO_CACHE : MIN_AUDIO_CACHE;
    }

    /**
     * Closes a reporting interval and returns our report block about this track (media
     * timer), or null before the first packet: LSR and DLSR from the publisher's last SR
     * let it measure the round trip.
     */
    public ReportBlock report(long nowNanos) {
        SenderClock sr = senderClock;
        long lsr = sr == null ? 0 : Rtcp.middleNtp(sr.ntp());
        long dlsr = sr == null ? 0 : (nowNanos - sr.arrivalNanos()) * 65536 / 1_000_000_000L;
        return reception.report(ssrc, lsr, dlsr);
    }

    /**
     * An unprotected packet of this track with its header extensions already
     * stripped (worker thread): store it, then forward it to every subscriber.
     */
    public void receive(byte[] b, int off, int len) {
        if (Rtp.payloadType(b, off) != payloadType) {
            return;
        }
        int header = Rtp.headerLength(b, off, len);
        int payload = Rtp.payloadLength(b, off, len);
        if (payload < 0) {
            return;
        }
        int kind = codec.isVideo() ? Keyframes.test(codec.key(), b, off + header, payload) : Keyframes.UNKNOWN;
        boolean keyframe = kind == Keyframes.YES;
        int seq = Rtp.sequence(b, off);
        long now = System.nanoTime();
        long timestamp = Rtp.timestamp(b, off);
        reception.received(seq, timestamp, now);
        cache.store(seq, b, off, len, keyframe);
        packets++;
        bytes += payload;
        if (codec.isVideo() && Rtp.marker(b, off)
                && (!framesCounted || (int) timestamp - lastFrameTimestamp > 0)) { // newer, modulo 2^32
            lastFrameTimestamp = (int) timestamp;
            framesCounted = true;
            frames++;
        }
        PacketTap recorder = tap;
        if (recorder != null) {
            recorder.rtp(b, off, len);
        }
        boolean stillWaiting = false;
        for (Slice slice : slices) {
            if (slice.lane() != null) {
                slice.lane().offer(this, slice.receivers(), seq, kind);
                continue;
            }
            for (DownTrack d : slice.receivers()) {
                stillWaiting |= d.forward(this, b, off, len, kind, null);
            }
        }
        if (stillWaiting) {
            // a request can be lost (or made before this track had sent anything, as a simulcast
            // layer that starts late): ask again, at most every 500 ms, until a keyframe passes
            requestKeyframe();
        }
        if (nacks != null) {
            // a padding-only packet (the publisher probing) leaves no frame open
            nacks.received(seq, !codec.isVideo() || Rtp.marker(b, off) || payload == 0, now);
            askForMissing(now);
        }
    }

    /**
     * Asks the publisher for this track's missing packets that are due (worker thread). Called
     * after every packet of the connection, not only this track's: a frame's packets come in a
     * burst, and the next of this track may be a frame (50 ms) away, long after the gap was due.
     */
    public void askForMissing(long nowNanos) {
        if (nacks == null) {
            return;
        }
        int due = nacks.due(nowNanos, dueNacks);
        ResendTrace traced = trace;
        if (traced != null) {
            for (int i = 0; i < due; i++) {
                traced.record(ResendTrace.ASKED_UPSTREAM, -1, dueNacks[i], nowNanos);
            }
        }
        if (due > 0) {
            sendNack(due);
        }
    }

    private void sendNack(int count) {
        PacketBuffer out = PacketBuffer.scratch();
        int n = Rtcp.writeNack(out.getBuffer(), 0, transport.rtcpSsrc(), ssrc, dueNacks, count, NACK_PAIRS);
        out.setOffset(0);
        out.setLength(n);
        transport.sendRtcp(out);
    }

    /**
     * The publisher's sender report (worker thread): its clock, from which subscribers'
     * sender reports are made; after the first, every subscriber sends one at once.
     */
    public void senderReport(long ntp, long rtpTime) {
        long now = System.nanoTime();
        boolean first = senderClock == null;
        senderClock = new SenderClock(ntp, rtpTime, now);
        PacketTap recorder = tap;
        if (recorder != null) {
            recorder.senderReport(ntp, rtpTime);
        }
        if (first) {
            long nowNtp = SenderClock.ntpNow();
            for (DownTrack d : subscribers) {
                d.sendSenderReport(nowNtp, now, null);
            }
        }
    }

    /** The publisher's clock from its last sender report, null before the first. */
    SenderClock senderClock() {
        return senderClock;
    }

    /** Sequence numbers we asked the publisher for again (each ask), 0 without NACK. */
    public long nacksSent() {
        return nacks == null ? 0 : nacks.asked();
    }

    /** Packets that arrived after we asked for them. */
    public long recovered() {
        return nacks == null ? 0 : nacks.recovered();
    }

    /** Packets we gave up on: asked for as often as we ask, or too old to chase. */
    public long unrecovered() {
        return nacks == null ? 0 : nacks.unrecovered();
    }

    /** Video frames whose lost last packet we asked for before a later packet showed the gap. */
    public long tailNacks() {
        return nacks == null ? 0 : nacks.tailsGuessed();
    }

    /**
     * Records each packet asked of the publisher into {@code trace} from now on (null: stops); a
     * debugging aid for tests of loss recovery ({@link DownTrack#traceResends}).
     */
    public void traceAsks(ResendTrace trace) {
        this.trace = trace;
    }

    /** A copy of every packet (and sender report) goes to {@code recorder} from now on; null stops. */
    public void tap(PacketTap recorder) {
        tap = recorder;
    }

    /** Asks the publisher for a keyframe, at most once per 500 ms (any thread). */
    public void requestKeyframe() {
        if (!codec.isVideo() || !ssrcKnown || !feedback.contains("nack pli")) {
            return;
        }
        long now = System.nanoTime();
        long last = lastKeyframeRequest.get();
        if (now - last < KEYFRAME_INTERVAL_NANOS || !lastKeyframeRequest.compareAndSet(last, now)) {
            return;
        }
        keyframeRequests.incrementAndGet();
        PacketBuffer out = PacketBuffer.scratch();
        int n = Rtcp.writePli(out.getBuffer(), 0, transport.rtcpSsrc(), ssrc);
        out.setOffset(0);
        out.setLength(n);
        transport.sendRtcp(out);
    }

    /**
     * What this track's receivers can take, for the publisher's REMB (Galène's rule): the
     * most any receiver asks of it (it gets the track, is switching or probing towards it), at
     * least {@link #MIN_RECEIVER_BITRATE}. A simulcast layer whose receivers all get another
     * layer gets nothing (Galène keeps the floor, which kept an unwatched high layer near what
     * a receiver on the low one could take, so that it never fitted); a track nobody receives
     * keeps the floor (a recorder, a receiver yet to come).
     */
    public long receiversBitrate(long nowNanos) {
        DownTrack[] receivers = subscribers;
        long max = 0;
        for (DownTrack d : receivers) {
            max = Math.max(max, d.bitrateFor(this, nowNanos));
        }
        return max == 0 && receivers.length > 0 ? 0 : Math.max(MIN_RECEIVER_BITRATE, max);
    }

    public synchronized void subscribe(DownTrack d) {
        DownTrack[] current = subscribers;
        for (DownTrack existing : current) {
            if (existing == d) {
                return;
            }
        }
        DownTrack[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = d;
        subscribers = next;
        slices = slice(next, fanOut.inlineLane());
    }

    public synchronized void unsubscribe(DownTrack d) {
        DownTrack[] current = subscribers;
        int n = 0;
        DownTrack[] next = new DownTrack[current.length];
        for (DownTrack existing : current) {
            if (existing != d) {
                next[n++] = existing;
            }
        }
        subscribers = n == 0 ? NONE : Arrays.copyOf(next, n);
        slices = slice(subscribers, fanOut.inlineLane());
    }

    /** Receivers forwarded to by one lane, or by this track's worker at once when {@code lane} is null. */
    private record Slice(FanOutLane lane, DownTrack[] receivers) {
    }

    /**
     * {@code all} grouped by lane, the inline ones first: in {@code inlineLane} when the fan-out
     * has one (its worker forwards them at the end of its turn), else forwarded at once.
     */
    private static Slice[] slice(DownTrack[] all, FanOutLane inlineLane) {
        Map<FanOutLane, List<DownTrack>> byLane = new LinkedHashMap<>();
        byLane.put(inlineLane, new ArrayList<>());
        for (DownTrack d : all) {
            byLane.computeIfAbsent(d.lane() == null ? inlineLane : d.lane(), l -> new ArrayList<>()).add(d);
        }
        return byLane.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> new Slice(e.getKey(), e.getValue().toArray(NONE))).toArray(Slice[]::new);
    }

    public int subscriberCount() {
        return subscribers.length;
    }
}
