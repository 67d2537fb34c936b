package org.nereid.media;

import java.util.Set;

/** A stream a client publishes, as others see it. */
public interface UpStream {
    /** The stream id the publisher chose. */
    String id();

    /** The publisher's label: "camera", "screenshare", "video", … */
    String label();

    /** What the stream carries: "audio", "video", and "video-low" when it is simulcast. */
    Set<String> kinds();
}
