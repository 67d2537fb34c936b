package org.nereid.media;

/** A trickled ICE candidate, shaped like the browser's RTCIceCandidateInit. */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
    /**
     * What starts {@link #candidate()} (the attribute's name, as JSEP writes it); in SDP
     * the attribute line is "a=candidate:" followed by the rest.
     */
    public static final String PREFIX = "candidate:";
}
