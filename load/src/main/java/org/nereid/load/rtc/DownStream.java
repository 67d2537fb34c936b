package org.nereid.load.rtc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.nereid.load.LoadException;
import org.nereid.load.stats.JoinTimeline;
import org.nereid.load.stats.LatencyHistogram;
import org.nereid.load.stats.StreamReception;
import org.nereid.media.MediaException;
import org.nereid.media.dtls.RemoteFingerprint;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.rtp.Reception;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SessionDescription;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.transport.PeerTransport;

/**
 * One stream a subscriber receives: the server's offer answered, ICE, DTLS,
 * then packets counted straight from their SRTP headers (sequence number and
 * SSRC are not encrypted, so nothing is decrypted). It sends receiver reports
 * every second and, when asked, a NACK for each gap.
 */
final class DownStream implements PeerTransport.Handler {
    private static final int NACK_SPAN = 17;       // one NACK item: a packet and the 16 after it

    private final String name;
    private final ClientTransport transport;
    private final Track[] tracks;
    private final boolean nack;
    private final JoinTimeline timeline;
    private final PacketBuffer reportBuffer = new PacketBuffer();
    private final PacketBuffer nackBuffer = new PacketBuffer();
    private final String answer;
    private volatile ScheduledFuture<?> reports;
    private volatile String failure;
    private volatile boolean gotPacket;
    private volatile long nacksSent;

    /** One received SSRC: the publisher's track it carries, and the counts about it. */
    private static final class Track {
        final int ssrc;
        final StreamReception reception;
        final Reception rtcp;
        volatile long lastSrMiddle;
        volatile long lastSrNanos;

        Track(int ssrc, StreamReception reception, int clockRate) {
            this.ssrc = ssrc;
            this.reception = reception;
            this.rtcp = new Reception(clockRate);
        }
    }

    /**
     * Answers {@code offer} for the stream of {@code publisher}.
     *
     * @throws LoadException when the offer names an SSRC we cannot tie to a publisher's track
     */
    DownStream(String name, ClientMedia media, SessionDescription offer, Publisher publisher, LatencyHistogram latency,
               boolean nack, JoinTimeline timeline) throws LoadException, MediaException {
        this.name = name;
        this.nack = nack;
        this.timeline = timeline;
        this.transport = new ClientTransport(name, media, false, this, () -> timeline.mark(JoinTimeline.Step.ICE));
        List<Track> list = new ArrayList<>();
        MediaSection first = null;
        for (MediaSection m : offer.media()) {
            if (!m.isRtp() || m.port() == 0 || m.codecs().isEmpty()) {
                continue;
            }
            first = first == null ? m : first;
            boolean video = m.kind().equals("video");
            for (long ssrc : m.mediaSsrcs()) {
                list.add(new Track((int) ssrc, new StreamReception(video ? publisher.videoLog() : publisher.audioLog(),
                        latency), m.codecs().get(0).clockRate()));
            }
        }
        if (first == null || list.isEmpty()) {
            transport.close();
            throw new MediaException("the offer has no audio or video with a=ssrc lines");
        }
        tracks = list.toArray(new Track[0]);
        answer = Sdp.answer(offer, transport);
        List<String> candidates = offer.media().stream().flatMap(m -> m.candidates().stream()).toList();
        transport.start(first.iceUfrag(), first.icePwd(), candidates, first.setup().equals("active"),
                new RemoteFingerprint(first.fingerprint().algorithm(), first.fingerprint().value()));
        reports = media.threads.timer.scheduleAtFixedRate(this::receiverReport, 1, 1, TimeUnit.SECONDS);
    }

    String answer() {
        return answer;
    }

    void addRemoteCandidate(String candidate) {
        transport.addRemoteCandidate(candidate);
    }

    @Override
    public void onSecured(SrtpSession srtp) {
        // nothing to derive: media stays encrypted, RTCP uses the transport's own context
        timeline.mark(JoinTimeline.Step.DTLS);
    }

    /** Packet worker: SSRC and sequence number from the (still protected) header. */
    @Override
    public void onRtp(PacketBuffer p) {
        long now = System.nanoTime();
        byte[] b = p.getBuffer();
        int off = p.getOffset();
        if (!Rtp.isValid(b, off, p.getLength())) {
            return;
        }
        int ssrc = Rtp.ssrc(b, off);
        for (Track t : tracks) {
            if (t.ssrc == ssrc) {
                int seq = Rtp.sequence(b, off);
                t.rtcp.received(seq, Rtp.timestamp(b, off), now);
                int gap = t.reception.received(seq, p.getLength(), now);
                if (!gotPacket) {
                    gotPacket = true;
                    timeline.mark(JoinTimeline.Step.FIRST_PACKET);
                }
                if (nack && gap > 0 && gap < NACK_SPAN) {
                    sendNack(t.ssrc, (seq - gap) & 0xFFFF, gap);
                }
                return;
            }
        }
    }

    private void sendNack(int mediaSsrc, int firstMissing, int count) {
        int blp = 0;
        for (int i = 1; i < count; i++) {
            blp |= 1 << (i - 1);
        }
        nackBuffer.setOffset(0);
        nackBuffer.setLength(Rtcp.writeNack(nackBuffer.getBuffer(), 0, transport.rtcpSsrc(), mediaSsrc, firstMissing, blp));
        transport.sendRtcp(nackBuffer);
        nacksSent++;
    }

    /** The server's sender reports give LSR and DLSR for our receiver reports. */
    @Override
    public void onRtcp(PacketBuffer p) {
        byte[] b = p.getBuffer();
        int end = p.getOffset() + p.getLength();
        for (int at = p.getOffset(), n; (n = Rtcp.length(b, at, end)) > 0; at += n) {
            if (Rtcp.type(b, at) == Rtcp.SR) {
                int ssrc = Rtcp.senderSsrc(b, at);
                for (Track t : tracks) {
                    if (t.ssrc == ssrc) {
                        t.lastSrMiddle = Rtcp.middleNtp((Bytes.u32(b, at + 8) << 32) | Bytes.u32(b, at + 12));
                        t.lastSrNanos = System.nanoTime();
                    }
                }
            }
        }
    }

    /** Timer: one RR with a block per track that has received something. */
    private void receiverReport() {
        if (transport.srtp() == null) {
            return;
        }
        byte[] b = reportBuffer.getBuffer();
        int blocks = 0;
        int at = 8;
        long now = System.nanoTime();
        for (Track t : tracks) {
            long dlsr = t.lastSrNanos == 0 ? 0 : ((now - t.lastSrNanos) << 16) / 1_000_000_000L;
            ReportBlock block = t.rtcp.report(t.ssrc, t.lastSrMiddle, t.lastSrNanos == 0 ? 0 : dlsr);
            if (block != null) {
                at += block.write(b, at);
                blocks++;
            }
        }
        Rtcp.writeReceiverReportHeader(b, 0, transport.rtcpSsrc(), blocks);
        reportBuffer.setOffset(0);
        reportBuffer.setLength(at);
        transport.sendRtcp(reportBuffer);
    }

    @Override
    public void onPathLost() {
        // a load client does not restart ICE: the run counts the loss, and the transport closes by itself
    }

    @Override
    public void onClosed(String reason) {
        failure = name + ": " + reason;
        stopReports();
    }

    /** Why the stream failed, or null. */
    String failure() {
        return failure;
    }

    long nacksSent() {
        return nacksSent;
    }

    /** Each track's counts. */
    List<StreamReception> receptions() {
        List<StreamReception> result = new ArrayList<>();
        for (Track t : tracks) {
            result.add(t.reception);
        }
        return result;
    }

    private void stopReports() {
        ScheduledFuture<?> r = reports;
        if (r != null) {
            r.cancel(false);
        }
    }

    void close() {
        stopReports();
        transport.close();
    }
}
