package org.nereid.media;

import java.util.List;
import java.util.Set;

/** A stream a client publishes, as others see it. */
public interface UpStream {
    /** The stream id the publisher chose. */
    String id();

    /** The publisher's label: "camera", "screenshare", "video", … */
    String label();

    /** What the stream carries: "audio", "video", and "video-low" when it is simulcast. */
    Set<String> kinds();

    /**
     * The tracks a recorder takes, as Galène's disk writer picks them: the first
     * audio track and the best video track (the high simulcast layer).
     */
    default List<TapTrack> tapTracks() {
        return List.of();
    }

    /** Copies every packet of track {@code index} to {@code tap} from now on; null stops. Any thread. */
    default void tap(int index, PacketTap tap) {
    }

    /** Asks the publisher for a keyframe on the tapped video track (rate-limited). Any thread. */
    default void requestKeyframe() {
    }
}
