package org.nereid.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The codecs a group may use, with Galène's fixed payload types and RTCP
 * feedback, and the rules for matching what a browser offers against them.
 */
public final class Codecs {
    /** Feedback Nereid advertises and honours on video; audio gets none. */
    public static final List<String> VIDEO_FEEDBACK = List.of("goog-remb", "nack", "nack pli", "ccm fir");

    /** What a group allows when its description names no codecs. */
    public static final List<String> DEFAULT_NAMES = List.of("vp8", "opus");

    private Codecs() {
    }

    /**
     * The codecs for a group's {@code codecs} names; unknown names are ignored
     * (Galène logs and skips them too). An empty or null list means the default.
     */
    public static List<Codec> allowed(List<String> names) {
        List<String> effective = names == null || names.isEmpty() ? DEFAULT_NAMES : names;
        List<Codec> result = new ArrayList<>();
        for (String name : effective) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "vp8" -> result.add(video(96, "VP8", ""));
                case "vp9" -> {
                    result.add(video(98, "VP9", "profile-id=0"));
                    result.add(video(100, "VP9", "profile-id=2"));
                }
                case "av1" -> result.add(video(35, "AV1", ""));
                case "h264" -> result.add(video(108, "H264",
                        "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"));
                case "opus" -> result.add(new Codec(111, "opus", 48000, 2,
                        "minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1", List.of()));
                case "g722" -> result.add(new Codec(9, "G722", 8000, 1, "", List.of()));
                case "pcmu" -> result.add(new Codec(0, "PCMU", 8000, 1, "", List.of()));
                case "pcma" -> result.add(new Codec(8, "PCMA", 8000, 1, "", List.of()));
                default -> { }
            }
        }
        return List.copyOf(result);
    }

    private static Codec video(int pt, String name, String fmtp) {
        return new Codec(pt, name, 90000, 0, fmtp, VIDEO_FEEDBACK);
    }

    /**
     * The RFC 4588 retransmission format offered beside a video codec: {@code rtx} at the
     * next payload type (none of Galène's video payload types is followed by another's),
     * {@code apt} naming the codec's.
     */
    public static Codec rtx(Codec media) {
        return new Codec(media.payloadType() + 1, "rtx", media.clockRate(), 0, "apt=" + media.payloadType(),
                List.of());
    }

    /** The payload type of the {@code rtx} format in {@code codecs} whose apt is {@code payloadType}, or -1. */
    public static int rtxPayloadType(List<Codec> codecs, int payloadType) {
        for (Codec c : codecs) {
            if (c.key().equals("rtx") && c.fmtpValue("apt").equals(Integer.toString(payloadType))) {
                return c.payloadType();
            }
        }
        return -1;
    }

    /** The allowed codec that {@code offered} is an instance of, or null. */
    public static Codec match(Codec offered, List<Codec> allowed) {
        for (Codec candidate : allowed) {
            if (sameFormat(offered, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Same encoding, clock rate and the fmtp parameters that change the bitstream. */
    static boolean sameFormat(Codec a, Codec b) {
        if (!a.key().equals(b.key()) || a.clockRate() != b.clockRate()) {
            return false;
        }
        return switch (a.key()) {
            case "vp9" -> orDefault(a.fmtpValue("profile-id"), "0").equals(orDefault(b.fmtpValue("profile-id"), "0"));
            case "h264" -> orDefault(a.fmtpValue("packetization-mode"), "0").equals(orDefault(b.fmtpValue("packetization-mode"), "0"))
                    && profilePrefix(a).equals(profilePrefix(b));
            default -> true;
        };
    }

    // profile_idc and constraint flags: the level (last byte) may differ
    private static String profilePrefix(Codec c) {
        String p = c.fmtpValue("profile-level-id").toLowerCase(Locale.ROOT);
        return p.length() >= 4 ? p.substring(0, 4) : p;
    }

    private static String orDefault(String v, String dflt) {
        return v.isEmpty() ? dflt : v;
    }
}
