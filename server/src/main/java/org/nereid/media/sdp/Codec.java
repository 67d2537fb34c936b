package org.nereid.media.sdp;

import java.util.List;
import java.util.Locale;

/**
 * One RTP payload format as an m-line declares it (rtpmap + fmtp + rtcp-fb).
 *
 * @param payloadType the dynamic or static payload type
 * @param name        encoding name as written, e.g. "VP8", "opus"
 * @param clockRate   RTP clock rate in Hz
 * @param channels    audio channels (1 when absent), 0 for video
 * @param fmtp        the fmtp parameters, "" when none
 * @param feedback    rtcp-fb values such as "nack", "nack pli", "ccm fir"
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> feedback) {
    public Codec {
        fmtp = fmtp == null ? "" : fmtp;
        feedback = List.copyOf(feedback);
    }

    public boolean isVideo() {
        return clockRate == 90000;
    }

    /** Lower-case name, e.g. "vp8", "h264", "opus". */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The value of one fmtp parameter, or "" when absent. */
    public String fmtpValue(String parameter) {
        for (String part : fmtp.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(parameter)) {
                return part.substring(eq + 1).trim();
            }
        }
        return "";
    }

    public boolean hasFeedback(String value) {
        return feedback.contains(value);
    }

    public Codec withPayloadType(int pt) {
        return new Codec(pt, name, clockRate, channels, fmtp, feedback);
    }

    public Codec withFeedback(List<String> values) {
        return new Codec(payloadType, name, clockRate, channels, fmtp, values);
    }
}
