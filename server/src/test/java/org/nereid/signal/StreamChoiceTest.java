package org.nereid.signal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamChoiceTest {
    private static final Set<String> SIMULCAST = Set.of("audio", "video", "video-low");
    private static final Set<String> PLAIN = Set.of("audio", "video");

    @Test
    void aLabelsOwnRequestWinsOverTheDefault() {
        Map<String, List<String>> r = Map.of("screenshare", List.of("video"), "", List.of("audio"));
        assertEquals(List.of("video"), StreamChoice.requestedFor(r, "screenshare"));
        assertEquals(List.of("audio"), StreamChoice.requestedFor(r, "camera"));
        assertEquals(List.of(), StreamChoice.requestedFor(Map.of(), "camera"));
    }

    @Test
    void videoLowPicksTheLowLayerOrTheOnlyVideoAsLow() {
        assertEquals(Set.of("audio", "video-low"), StreamChoice.kinds(List.of("audio", "video-low"), SIMULCAST));
        // the media side gives the only video layer's lowest spatial layer (VP9 SVC), as Galène
        assertEquals(Set.of("audio", "video-low"), StreamChoice.kinds(List.of("audio", "video-low"), PLAIN));
        assertEquals(Set.of("video"), StreamChoice.kinds(List.of("video", "video-low"), PLAIN));
        assertEquals(Set.of("video"), StreamChoice.kinds(List.of("video"), SIMULCAST));
        assertEquals(Set.of(), StreamChoice.kinds(List.of("video"), Set.of("audio")));
        assertEquals(Set.of(), StreamChoice.kinds(List.of(), SIMULCAST));
    }

    @Test
    void requestsMustBeMapsOfStringLists() throws Exception {
        assertEquals(Map.of("", List.of("audio")),
                StreamChoice.parseRequest(ProtocolClient.JSON.readTree("{\"\":[\"audio\"]}")));
        assertThrows(BadMessageException.class,
                () -> StreamChoice.parseRequest(ProtocolClient.JSON.readTree("[\"audio\"]")));
        assertThrows(BadMessageException.class,
                () -> StreamChoice.parseRequest(ProtocolClient.JSON.readTree("{\"camera\":[1]}")));
    }
}
