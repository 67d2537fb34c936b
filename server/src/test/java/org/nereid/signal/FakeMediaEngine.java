package org.nereid.signal;

import org.nereid.media.IceCandidate;
import org.nereid.media.MediaEngine;
import org.nereid.media.MediaEvents;
import org.nereid.media.MediaException;
import org.nereid.media.MediaSession;
import org.nereid.media.UpStream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the SFU so that signalling's routing can be tested alone:
 * answers with placeholder SDP, reports each up stream ready at once
 * (audio and video, simulcast when the label says so) and writes down calls.
 */
final class FakeMediaEngine implements MediaEngine {

    record Stream(String id, String label, Set<String> kinds) implements UpStream {
        /** Opus and VP8, or H.264 video for a stream labelled "h264". */
        @Override
        public List<org.nereid.media.TapTrack> tapTracks() {
            return List.of(new org.nereid.media.TapTrack(0, "audio", "opus", 2),
                    new org.nereid.media.TapTrack(1, "video", "h264".equals(label) ? "h264" : "vp8", 0));
        }
    }

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, MediaEvents> events = new ConcurrentHashMap<>();
    /** The stream each answerUp reported ready last, by id. */
    final Map<String, Stream> streams = new ConcurrentHashMap<>();

    @Override
    public MediaSession open(String clientId, List<String> codecs, MediaEvents ev) {
        events.put(clientId, ev);
        return new MediaSession() {
            @Override
            public String answerUp(String id, String label, String sdpOffer) throws MediaException {
                if (!sdpOffer.startsWith("v=0")) {
                    throw new MediaException("Your offer is not SDP; the stream was refused.");
                }
                calls.add(clientId + " answerUp " + id);
                Stream stream = new Stream(id, label, "simulcast".equals(label)
                        ? Set.of("audio", "video", "video-low") : Set.of("audio", "video"));
                streams.put(id, stream);
                ev.upStreamReady(stream);
                ev.localCandidate(id, new IceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0, null));
                return "v=0 answer " + id;
            }

            @Override
            public void closeUp(String id) {
                calls.add(clientId + " closeUp " + id);
            }

            @Override
            public String offerDown(String id, UpStream source, Set<String> kinds) {
                calls.add(clientId + " offerDown " + id + " " + new java.util.TreeSet<>(kinds));
                return "v=0 offer " + id;
            }

            @Override
            public void answerDown(String id, String sdpAnswer) {
                calls.add(clientId + " answerDown " + id);
            }

            @Override
            public String changeDown(String id, Set<String> kinds) {
                calls.add(clientId + " changeDown " + id + " " + new java.util.TreeSet<>(kinds));
                return "v=0 reoffer " + id;
            }

            @Override
            public String renegotiateDown(String id) {
                return "v=0 restart " + id;
            }

            @Override
            public void closeDown(String id) {
                calls.add(clientId + " closeDown " + id);
            }

            @Override
            public void addRemoteCandidate(String id, IceCandidate candidate) {
                calls.add(clientId + " candidate " + id);
            }

            @Override
            public void close() {
                calls.add(clientId + " close");
            }
        };
    }

    @Override
    public void close() {
    }
}
