package org.nereid.record;

import java.util.Locale;
import java.util.Optional;

/** The codecs Nereid records, with their Matroska codec IDs and RTP clock rates. */
public enum RecordCodec {
    OPUS("A_OPUS", 48000, true, true),
    VP8("V_VP8", 90000, false, true),
    VP9("V_VP9", 90000, false, true),
    /** Not a WebM codec: its files are Matroska (.mkv), as Galène writes them. */
    H264("V_MPEG4/ISO/AVC", 90000, false, false),
    AV1("V_AV1", 90000, false, true);

    private final String matroskaId;
    private final int clockRate;
    private final boolean audio;
    private final boolean webm;

    RecordCodec(String matroskaId, int clockRate, boolean audio, boolean webm) {
        this.matroskaId = matroskaId;
        this.clockRate = clockRate;
        this.audio = audio;
        this.webm = webm;
    }

    /** Whether WebM allows it; a file with a codec that it does not is Matroska. */
    public boolean webm() {
        return webm;
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
            case "h264" -> Optional.of(H264);
            case "av1" -> Optional.of(AV1);
            default -> Optional.empty();
        };
    }
}
