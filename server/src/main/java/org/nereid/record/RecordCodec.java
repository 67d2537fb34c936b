package org.nereid.record;

import java.util.Locale;
import java.util.Optional;

/** The codecs Nereid records, with their Matroska codec IDs and RTP clock rates. */
public enum RecordCodec {
    OPUS("A_OPUS", 48000, true),
    VP8("V_VP8", 90000, false),
    VP9("V_VP9", 90000, false);

    private final String matroskaId;
    private final int clockRate;
    private final boolean audio;

    RecordCodec(String matroskaId, int clockRate, boolean audio) {
        this.matroskaId = matroskaId;
        this.clockRate = clockRate;
        this.audio = audio;
    }

    public String matroskaId() {
        return matroskaId;
    }

    public int clockRate() {
        return clockRate;
    }

    public boolean audio() {
        return audio;
    }

    /** The codec for an SDP/MIME name such as "opus", "VP8" or "video/VP9"; empty for codecs we cannot record. */
    public static Optional<RecordCodec> fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int slash = n.indexOf('/');
        if (slash >= 0) {
            n = n.substring(slash + 1);
        }
        return switch (n) {
            case "opus" -> Optional.of(OPUS);
            case "vp8" -> Optional.of(VP8);
            case "vp9" -> Optional.of(VP9);
            default -> Optional.empty();
        };
    }
}
