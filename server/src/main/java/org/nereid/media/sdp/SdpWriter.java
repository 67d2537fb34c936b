package org.nereid.media.sdp;

import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link SessionDescription} as SDP text, the way JSEP endpoints expect it. */
public final class SdpWriter {
    private SdpWriter() {
    }

    public static String write(SessionDescription sd, long sessionId, int version) {
        StringBuilder b = new StringBuilder(2048);
        line(b, "v=0");
        line(b, "o=- " + Long.toUnsignedString(sessionId) + " " + version + " IN IP4 0.0.0.0");
        line(b, "s=-");
        line(b, "t=0 0");
        if (!sd.bundle().isEmpty()) {
            line(b, "a=group:BUNDLE " + String.join(" ", sd.bundle()));
        }
        line(b, "a=msid-semantic:WMS *");
        for (MediaSection m : sd.media()) {
            section(b, m);
        }
        return b.toString();
    }

    private static void section(StringBuilder b, MediaSection m) {
        StringBuilder formats = new StringBuilder();
        for (Codec c : m.codecs()) {
            formats.append(' ').append(c.payloadType());
        }
        if (!m.isRtp()) {
            formats.append(" webrtc-datachannel");
        } else if (formats.length() == 0) {
            formats.append(" 0");
        }
        line(b, "m=" + m.kind() + " " + m.port() + " " + m.proto() + formats);
        line(b, "c=IN IP4 0.0.0.0");
        if (m.port() == 0) {
            line(b, "a=mid:" + m.mid());
            line(b, "a=inactive");
            return;
        }
        line(b, "a=ice-ufrag:" + m.iceUfrag());
        line(b, "a=ice-pwd:" + m.icePwd());
        line(b, "a=ice-options:trickle");
        line(b, "a=fingerprint:" + m.fingerprint().algorithm() + " " + m.fingerprint().value());
        line(b, "a=setup:" + m.setup());
        line(b, "a=mid:" + m.mid());
        for (Map.Entry<Integer, String> e : new TreeMap<>(m.extmap()).entrySet()) {
            line(b, "a=extmap:" + e.getKey() + " " + e.getValue());
        }
        line(b, "a=" + m.direction());
        if (!m.msid().isEmpty()) {
            line(b, "a=msid:" + m.msid());
        }
        if (m.rtcpMux()) {
            line(b, "a=rtcp-mux");
        }
        if (!m.rtcpXr().isEmpty()) {
            line(b, "a=rtcp-xr:" + m.rtcpXr());
        }
        for (Codec c : m.codecs()) {
            String channels = c.channels() > 1 ? "/" + c.channels() : "";
            line(b, "a=rtpmap:" + c.payloadType() + " " + c.name() + "/" + c.clockRate() + channels);
            for (String fb : c.feedback()) {
                line(b, "a=rtcp-fb:" + c.payloadType() + " " + fb);
            }
            if (!c.fmtp().isEmpty()) {
                line(b, "a=fmtp:" + c.payloadType() + " " + c.fmtp());
            }
        }
        for (MediaSection.Rid rid : m.rids()) {
            line(b, "a=rid:" + rid.id() + " " + rid.direction());
        }
        if (!m.simulcast().isEmpty()) {
            line(b, "a=simulcast:" + m.simulcast());
        }
        for (MediaSection.SsrcGroup g : m.ssrcGroups()) {
            StringBuilder members = new StringBuilder();
            g.ssrcs().forEach(s -> members.append(' ').append(s));
            line(b, "a=ssrc-group:" + g.semantics() + members);
        }
        for (MediaSection.Ssrc s : m.ssrcs()) {
            s.attributes().forEach((k, v) -> line(b, "a=ssrc:" + s.ssrc() + " " + k + (v.isEmpty() ? "" : ":" + v)));
        }
        for (String c : m.candidates()) {
            line(b, "a=candidate:" + c);
        }
        if (!m.candidates().isEmpty()) {
            line(b, "a=end-of-candidates");
        }
    }

    private static void line(StringBuilder b, String s) {
        b.append(s).append("\r\n");
    }
}
