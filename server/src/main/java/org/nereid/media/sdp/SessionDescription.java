package org.nereid.media.sdp;

import java.util.List;

/**
 * A parsed SDP offer or answer: the BUNDLE group and the media sections.
 *
 * @param bundle the mids of a=group:BUNDLE, empty when there is none
 * @param media  the m-lines in order
 */
public record SessionDescription(List<String> bundle, List<MediaSection> media) {
    public SessionDescription {
        bundle = List.copyOf(bundle);
        media = List.copyOf(media);
    }

    /** The media section with this mid, or null. */
    public MediaSection section(String mid) {
        for (MediaSection m : media) {
            if (m.mid().equals(mid)) {
                return m;
            }
        }
        return null;
    }
}
