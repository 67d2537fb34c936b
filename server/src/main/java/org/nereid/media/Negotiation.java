package org.nereid.media;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SessionDescription;

/** Offer/answer rules shared by up and down streams. */
final class Negotiation {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Negotiation() {
    }

    /**
     * Checks that every live section is bundled on one transport with ICE and
     * DTLS parameters, and returns the first live section (whose parameters
     * the bundle uses).
     */
    static MediaSection checkBundle(SessionDescription sd) throws MediaException {
        MediaSection first = null;
        for (MediaSection m : sd.media()) {
            if (m.port() == 0) {
                continue;
            }
            if (!sd.bundle().contains(m.mid())) {
                throw new MediaException("Media section \"" + m.mid() + "\" is not in an a=group:BUNDLE line; "
                        + "this server needs all media bundled on one connection (bundlePolicy max-bundle).");
            }
            if (first == null) {
                first = m;
            }
        }
        if (first == null) {
            throw new MediaException("The session description has no active media section.");
        }
        return first;
    }

    /** The media section our candidates are trickled for: the first live one, which carries the bundle. */
    record BundleTag(String mid, int index) {
        static BundleTag of(SessionDescription sd) {
            for (int i = 0; i < sd.media().size(); i++) {
                if (sd.media().get(i).port() != 0) {
                    return new BundleTag(sd.media().get(i).mid(), i);
                }
            }
            return new BundleTag("0", 0);
        }
    }

    /** The answer (or offer) section that turns {@code m} down. */
    static MediaSection rejected(MediaSection m) {
        return new MediaSection(m.kind(), 0, m.proto(), m.mid(), "inactive", "", "", null, "", false,
                m.codecs().isEmpty() ? List.of() : List.of(m.codecs().get(0)), Map.of(), List.of(), List.of(),
                List.of(), "", "", List.of());
    }

    static long sessionId() {
        return RANDOM.nextLong() & Long.MAX_VALUE;
    }

    static int ssrc() {
        return RANDOM.nextInt() | 1;
    }
}
