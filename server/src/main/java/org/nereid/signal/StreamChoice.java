package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which parts of a published stream a client receives, from its "request"
 * (label → kinds, the empty label being the default) or its per-stream
 * "requestStream".
 */
final class StreamChoice {

    static final String AUDIO = "audio";
    static final String VIDEO = "video";
    static final String VIDEO_LOW = "video-low";

    private StreamChoice() {
    }

    /** The kinds requested for streams of this label: its own entry, else the default (""). */
    static List<String> requestedFor(Map<String, List<String>> request, String label) {
        List<String> own = request.get(label == null ? "" : label);
        return own != null ? own : request.getOrDefault("", List.of());
    }

    /**
     * What to send, given what was requested and what the stream carries.
     * "video-low" asks for the low simulcast layer; on a stream without one it
     * still names "video-low", which the media side gives as the only video
     * layer's lowest spatial layer (VP9 SVC), as Galène does.
     */
    static Set<String> kinds(List<String> requested, Set<String> available) {
        Set<String> out = new LinkedHashSet<>();
        if (requested.contains(AUDIO) && available.contains(AUDIO)) {
            out.add(AUDIO);
        }
        if (requested.contains(VIDEO_LOW) && available.contains(VIDEO_LOW)
                || requested.contains(VIDEO_LOW) && !requested.contains(VIDEO) && available.contains(VIDEO)) {
            out.add(VIDEO_LOW);
        } else if ((requested.contains(VIDEO) || requested.contains(VIDEO_LOW)) && available.contains(VIDEO)) {
            out.add(VIDEO);
        }
        return out;
    }

    /** Reads a "request" field: an object mapping labels to lists of kinds. */
    static Map<String, List<String>> parseRequest(JsonNode request) throws BadMessageException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (request == null) {
            return out;
        }
        if (!request.isObject()) {
            throw new BadMessageException("The \"request\" field must map stream labels to lists such as"
                    + " [\"audio\", \"video\"].");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = request.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), parseKinds(f.getValue()));
        }
        return out;
    }

    /** Reads a list of kinds such as ["audio", "video-low"]. */
    static List<String> parseKinds(JsonNode kinds) throws BadMessageException {
        if (kinds == null || kinds.isNull()) {
            return List.of();
        }
        if (!kinds.isArray()) {
            throw new BadMessageException("A stream request must be a list such as [\"audio\", \"video\"].");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode k : kinds) {
            if (!k.isTextual()) {
                throw new BadMessageException("A stream request must be a list of strings such as"
                        + " [\"audio\", \"video\"].");
            }
            out.add(k.textValue());
        }
        return List.copyOf(out);
    }
}
