package org.nereid.load.rtc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.security.SecureRandom;
import org.nereid.media.dtls.DtlsIdentity;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SdpWriter;
import org.nereid.media.sdp.SessionDescription;

/** The two descriptions the tool writes: a publisher's offer and a subscriber's answer. */
final class Sdp {
    static final String PROTO = "UDP/TLS/RTP/SAVPF";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sdp() {
    }

    /** A sendonly audio (Opus) + video (VP8) offer, bundled, with our SSRCs and host candidates. */
    static String offer(ClientTransport ice, int audioSsrc, int videoSsrc, String cname) {
        String stream = "load-" + Integer.toHexString(RANDOM.nextInt());
        List<String> candidates = ice.localCandidates();
        MediaSection audio = section("audio", "0", "sendonly", ice, "actpass", Codecs.allowed(List.of("opus")),
                List.of(ssrc(audioSsrc, cname, stream, "audio")), stream + " audio", candidates);
        MediaSection video = section("video", "1", "sendonly", ice, "actpass", Codecs.allowed(List.of("vp8")),
                List.of(ssrc(videoSsrc, cname, stream, "video")), stream + " video", List.of());
        return SdpWriter.write(new SessionDescription(List.of("0", "1"), List.of(audio, video)), sessionId(), 1);
    }

    /**
     * The answer to a server's offer: every live audio or video section received with its
     * first codec (as offered, feedback included), DTLS client ("active", as browsers and
     * pion answer), everything else turned down.
     */
    static String answer(SessionDescription offer, ClientTransport ice) {
        List<MediaSection> sections = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (MediaSection m : offer.media()) {
            if (!m.isRtp() || m.port() == 0 || m.codecs().isEmpty()) {
                sections.add(new MediaSection(m.kind(), 0, m.proto(), m.mid(), "inactive", "", "", null, "", false,
                        m.codecs().isEmpty() ? List.of() : List.of(m.codecs().get(0)), Map.of(), List.of(), List.of(),
                        List.of(), "", "", List.of()));
                continue;
            }
            sections.add(section(m.kind(), m.mid(), "recvonly", ice, "active", List.of(m.codecs().get(0)), List.of(), "",
                    bundle.isEmpty() ? ice.localCandidates() : List.of()));
            bundle.add(m.mid());
        }
        return SdpWriter.write(new SessionDescription(bundle, sections), sessionId(), 1);
    }

    private static MediaSection section(String kind, String mid, String direction, ClientTransport ice, String setup,
                                        List<Codec> codecs, List<MediaSection.Ssrc> ssrcs, String msid,
                                        List<String> candidates) {
        DtlsIdentity id = DtlsIdentity.get();
        return new MediaSection(kind, 9, PROTO, mid, direction, ice.localUfrag(), ice.localPassword(),
                new MediaSection.Fingerprint(id.fingerprintAlgorithm(), id.fingerprint()), setup, true, codecs,
                Map.of(), ssrcs, List.of(), List.of(), "", msid, candidates);
    }

    private static MediaSection.Ssrc ssrc(int ssrc, String cname, String stream, String track) {
        return new MediaSection.Ssrc(Integer.toUnsignedLong(ssrc), Map.of("cname", cname, "msid", stream + " " + track));
    }

    private static long sessionId() {
        return RANDOM.nextLong() & Long.MAX_VALUE;
    }
}
