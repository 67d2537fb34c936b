package org.nereid.load.rtc;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.load.LoadException;
import org.nereid.load.media.Clip;
import org.nereid.load.signal.GaleneSocket;
import org.nereid.load.signal.Session;
import org.nereid.load.stats.SendLog;
import org.nereid.media.MediaException;
import org.nereid.media.dtls.RemoteFingerprint;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SdpParser;
import org.nereid.media.sdp.SessionDescription;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.transport.PeerTransport;

/**
 * A client that publishes one stream (label "camera"): it offers Opus + VP8,
 * and once DTLS is up sends the clip in a loop at its own pace, protected
 * with SRTP, logging each packet's send time, with a sender report per
 * track every second (servers forward SRs only after the publisher's first).
 */
public final class Publisher implements PeerTransport.Handler, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int VIDEO_PT = 96;
    private static final int AUDIO_PT = 111;
    private static final long PACE_MILLIS = 5;

    private final String name;
    private final ClientMedia media;
    private final Clip clip;
    private final Session session;
    private final ClientTransport transport;
    private final String streamId = "s" + Long.toHexString(RANDOM.nextLong());
    private final Track audio = new Track(RANDOM.nextInt() | 1, AUDIO_PT, 48000);
    private final Track video = new Track(RANDOM.nextInt() | 1, VIDEO_PT, 90000);
    private final CompletableFuture<String> answered = new CompletableFuture<>();
    private final CompletableFuture<Void> secured = new CompletableFuture<>();
    private final PacketBuffer out = new PacketBuffer();
    private final PacketBuffer report = new PacketBuffer();
    private volatile ScheduledFuture<?> pacing;
    private volatile ScheduledFuture<?> reports;
    private volatile String failure;
    // pacer thread only
    private long startNanos;
    private int next;
    private long loop;

    /** One published track: its SSRC, where its sequence numbers and timestamps are, and its send log. */
    private static final class Track {
        final int ssrc;
        final int payloadType;
        final int clockRate;
        final SendLog log = new SendLog();
        final long timestampBase = RANDOM.nextInt() & 0xFFFFFFFFL;
        long extendedSeq = RANDOM.nextInt(1 << 15);
        long packets;
        long octets;
        long lastTimestamp;
        SrtpCryptoContext context;
        SrtcpCryptoContext controlContext;

        Track(int ssrc, int payloadType, int clockRate) {
            this.ssrc = ssrc;
            this.payloadType = payloadType;
            this.clockRate = clockRate;
        }
    }

    public Publisher(String name, ClientMedia media, Clip clip, Session session) throws LoadException {
        this.name = name;
        this.media = media;
        this.clip = clip;
        this.session = session;
        this.transport = new ClientTransport(name, media, true, this, () -> { });
        session.onMessage(this::message);
        session.onLost(why -> fail(name + ": " + why));
    }

    /**
     * Offers the stream and waits for the answer; then ICE and DTLS run on their own.
     *
     * @throws LoadException when the server refuses the offer or never answers it
     */
    public void publish(long timeoutSeconds) throws LoadException {
        String offer = Sdp.offer(transport, audio.ssrc, video.ssrc, transport.cname());
        session.send(GaleneSocket.message("offer").put("id", streamId).put("label", "camera")
                .put("source", session.id()).put("sdp", offer));
        String sdp;
        try {
            sdp = answered.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new LoadException("The server never answered " + name + "'s offer (waited "
                    + timeoutSeconds + " seconds).", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LoadException("The server refused " + name + "'s stream: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted", e);
        }
        try {
            SessionDescription answer = SdpParser.parse(sdp);
            MediaSection first = answer.media().stream().filter(m -> m.port() != 0).findFirst()
                    .orElseThrow(() -> new MediaException("the answer turned every section down"));
            List<String> candidates = answer.media().stream().flatMap(m -> m.candidates().stream()).toList();
            transport.start(first.iceUfrag(), first.icePwd(), candidates, first.setup().equals("active"),
                    new RemoteFingerprint(first.fingerprint().algorithm(), first.fingerprint().value()));
        } catch (MediaException e) {
            throw new LoadException("The server's answer to " + name + "'s offer is unusable: " + e.getMessage(), e);
        }
    }

    private void message(JsonNode m) {
        String type = m.path("type").asText();
        if (!streamId.equals(m.path("id").asText())) {
            if (type.equals("usermessage") && m.path("kind").asText().equals("error")) {
                answered.completeExceptionally(new IllegalStateException(m.path("value").asText()));
            }
            return;
        }
        switch (type) {
            case "answer" -> answered.complete(m.path("sdp").asText());
            case "ice" -> transport.addRemoteCandidate(m.path("candidate").path("candidate").asText());
            case "abort" -> {
                answered.completeExceptionally(new IllegalStateException("the server aborted the stream"));
                fail(name + ": the server aborted the stream");
            }
            default -> { }
        }
    }

    /** The client id subscribers see as the stream's source. */
    public String clientId() {
        return session.id();
    }

    public SendLog audioLog() {
        return audio.log;
    }

    public SendLog videoLog() {
        return video.log;
    }

    /** Packets sent so far, audio and video. */
    public long sent() {
        return audio.log.sentCount() + video.log.sentCount();
    }

    /** Why the stream failed, or null. */
    public String failure() {
        return failure;
    }

    @Override
    public void onSecured(SrtpSession session) {
        for (Track t : new Track[] {audio, video}) {
            t.context = session.sendContext(t.ssrc);
            t.controlContext = session.sendControlContext(t.ssrc);
        }
        media.pacer.execute(() -> startNanos = System.nanoTime());
        pacing = media.pacer.scheduleAtFixedRate(this::pace, RANDOM.nextInt((int) PACE_MILLIS), PACE_MILLIS,
                TimeUnit.MILLISECONDS);
        reports = media.pacer.scheduleAtFixedRate(this::senderReports, 0, 1, TimeUnit.SECONDS);
        secured.complete(null);
    }

    /**
     * Waits until DTLS is up and the clip is being sent: subscribers that join before
     * would wait for the stream itself, and their join times would measure the publisher's.
     *
     * @throws LoadException when that does not happen within {@code timeoutSeconds}
     */
    public void awaitSending(long timeoutSeconds) throws LoadException {
        try {
            secured.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            String why = failure;
            throw new LoadException(name + "'s stream did not connect within " + timeoutSeconds + " seconds"
                    + (why == null ? "." : ": " + why), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted", e);
        }
    }

    /** Pacer thread: sends every packet of the clip that is due (an exception would silently end the task). */
    private void pace() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            fail(name + ": sending failed: " + e);
        }
    }

    private void sendDue() {
        long now = System.nanoTime();
        List<Clip.Packet> packets = clip.packets();
        while (true) {
            Clip.Packet p = packets.get(next);
            long due = startNanos + loop * clip.loopNanos() + p.dueNanos();
            if (due > now) {
                return;
            }
            send(p.video() ? video : audio, p, loop * Math.round(clip.loopNanos() / 1e9 * (p.video() ? 90000 : 48000)));
            if (++next == packets.size()) {
                next = 0;
                loop++;
            }
        }
    }

    private void send(Track t, Clip.Packet p, long loopTicks) {
        byte[] b = out.getBuffer();
        int seq = (int) (t.extendedSeq & 0xFFFF);
        long timestamp = t.timestampBase + loopTicks + p.rtpTicks();
        b[0] = (byte) 0x80;
        b[1] = (byte) ((p.marker() ? 0x80 : 0) | t.payloadType);
        Bytes.put16(b, 2, seq);
        Bytes.put32(b, 4, (int) timestamp);
        Bytes.put32(b, 8, t.ssrc);
        System.arraycopy(p.payload(), 0, b, 12, p.payload().length);
        out.setOffset(0);
        out.setLength(12 + p.payload().length);
        t.log.sent(t.extendedSeq, System.nanoTime());
        transport.sendRtp(t.context, out);
        t.extendedSeq++;
        t.packets++;
        t.octets += p.payload().length;
        t.lastTimestamp = timestamp;
    }

    /** Pacer thread: one SR per track (the transport adds the SDES). */
    private void senderReports() {
        for (Track t : new Track[] {audio, video}) {
            if (t.packets == 0) {
                continue;
            }
            long ntp = ntpNow();
            report.setOffset(0);
            report.setLength(Rtcp.writeSenderReport(report.getBuffer(), 0, t.ssrc, ntp, t.lastTimestamp,
                    t.packets, t.octets));
            transport.sendRtcp(t.controlContext, report);
        }
    }

    private static long ntpNow() {
        long millis = System.currentTimeMillis();
        long seconds = millis / 1000 + 2_208_988_800L;
        long fraction = ((millis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    @Override
    public void onRtp(PacketBuffer packet) {
        // a server sends a publisher nothing but RTCP
    }

    @Override
    public void onRtcp(PacketBuffer packet) {
        // receiver reports, REMB and PLIs: the clip has a keyframe every 2 s, so requests need no answer
    }

    @Override
    public void onPathLost() {
        // a load client does not restart ICE: the run counts the loss, and the transport closes by itself
    }

    @Override
    public void onClosed(String reason) {
        fail(name + ": " + reason);
    }

    private void fail(String why) {
        if (failure == null) {
            failure = why;
        }
        stopSending();
    }

    /** Stops the media (the connection stays until {@link #close}). */
    public void stopSending() {
        ScheduledFuture<?> p = pacing;
        if (p != null) {
            p.cancel(false);
        }
        ScheduledFuture<?> r = reports;
        if (r != null) {
            r.cancel(false);
        }
    }

    @Override
    public void close() {
        stopSending();
        session.send(GaleneSocket.message("close").put("id", streamId));
        transport.close();
        session.close();
    }
}
