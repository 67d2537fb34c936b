package org.nereid.media;

/** A trickled ICE candidate, shaped like the browser's RTCIceCandidateInit. */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
}
