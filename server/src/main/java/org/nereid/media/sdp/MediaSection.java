package org.nereid.media.sdp;

import java.util.List;
import java.util.Map;

/**
 * One m-line of a session description, with session-level ICE and DTLS
 * attributes already folded in.
 *
 * @param kind        "audio", "video" or "application"
 * @param port        0 when the section is rejected
 * @param proto       e.g. "UDP/TLS/RTP/SAVPF"
 * @param mid         the a=mid value
 * @param direction   sendrecv, sendonly, recvonly or inactive
 * @param iceUfrag    a=ice-ufrag
 * @param icePwd      a=ice-pwd
 * @param fingerprint a=fingerprint, null when absent
 * @param setup       a=setup value (actpass, active, passive), "" when absent
 * @param rtcpMux     a=rtcp-mux present
 * @param codecs      payload formats in m-line order
 * @param extmap      header extension id to URI
 * @param ssrcs       declared SSRCs (a=ssrc), in order, with their attributes
 * @param ssrcGroups  a=ssrc-group lines
 * @param rids        a=rid lines
 * @param simulcast   a=simulcast value, "" when absent
 * @param msid        a=msid value, "" when absent
 * @param candidates  a=candidate values (without the "candidate:" prefix removed)
 * @param rtcpXr      a=rtcp-xr value (RFC 3611 §5.1), "" when absent
 */
public record MediaSection(String kind, int port, String proto, String mid, String direction,
                           String iceUfrag, String icePwd, Fingerprint fingerprint, String setup, boolean rtcpMux,
                           List<Codec> codecs, Map<Integer, String> extmap, List<Ssrc> ssrcs,
                           List<SsrcGroup> ssrcGroups, List<Rid> rids, String simulcast, String msid,
                           List<String> candidates, String rtcpXr) {

    /** A section without a=rtcp-xr. */
    public MediaSection(String kind, int port, String proto, String mid, String direction,
                        String iceUfrag, String icePwd, Fingerprint fingerprint, String setup, boolean rtcpMux,
                        List<Codec> codecs, Map<Integer, String> extmap, List<Ssrc> ssrcs,
                        List<SsrcGroup> ssrcGroups, List<Rid> rids, String simulcast, String msid,
                        List<String> candidates) {
        this(kind, port, proto, mid, direction, iceUfrag, icePwd, fingerprint, setup, rtcpMux, codecs, extmap, ssrcs,
                ssrcGroups, rids, simulcast, msid, candidates, "");
    }

    public MediaSection {
        codecs = List.copyOf(codecs);
        extmap = Map.copyOf(extmap);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
        candidates = List.copyOf(candidates);
    }

    /** A fingerprint line: hash algorithm and colon-separated hex value. */
    public record Fingerprint(String algorithm, String value) {
    }

    /** One a=ssrc source with its attributes (cname, msid, ...). */
    public record Ssrc(long ssrc, Map<String, String> attributes) {
        public Ssrc {
            attributes = Map.copyOf(attributes);
        }
    }

    /** a=ssrc-group: semantics (FID, SIM) and member SSRCs. */
    public record SsrcGroup(String semantics, List<Long> ssrcs) {
        public SsrcGroup {
            ssrcs = List.copyOf(ssrcs);
        }
    }

    /** a=rid: identifier and direction ("send" or "recv"). */
    public record Rid(String id, String direction) {
    }

    public boolean isRtp() {
        return kind.equals("audio") || kind.equals("video");
    }

    /** The extmap id of {@code uri}, or 0 when not negotiated. */
    public int extensionId(String uri) {
        for (Map.Entry<Integer, String> e : extmap.entrySet()) {
            if (e.getValue().equals(uri)) {
                return e.getKey();
            }
        }
        return 0;
    }

    /** Whether a=rtcp-xr lists the {@code rcvr-rtt} format: RRTR and DLRR blocks (RFC 3611 §5.1). */
    public boolean receiverRtt() {
        for (String format : rtcpXr.split(" +")) {
            if (format.startsWith("rcvr-rtt")) {
                return true;
            }
        }
        return false;
    }

    /** The SSRCs that carry media (excluding the repair streams of FID groups). */
    public List<Long> mediaSsrcs() {
        java.util.Set<Long> repair = new java.util.HashSet<>();
        for (SsrcGroup g : ssrcGroups) {
            if (g.semantics().equals("FID") && g.ssrcs().size() > 1) {
                repair.addAll(g.ssrcs().subList(1, g.ssrcs().size()));
            }
        }
        return ssrcs.stream().map(Ssrc::ssrc).filter(s -> !repair.contains(s)).distinct().toList();
    }
}
