package org.nereid.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nereid.invite.InvitationFixture;
import org.nereid.signal.ProtocolClient;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.RawWebSocket;

/**
 * Issue 18's protocol abuse from clients of the signalling WebSocket, on one server with the
 * real SFU for the whole class, while two honest members chat throughout: messages out of
 * place or of the wrong shape, other clients' ids, offers and candidates that make no sense,
 * oversize messages, floods and a reader that stops. Each gets a sentence or its own
 * disconnection; the honest members lose nothing.
 */
class ProtocolAbuseIT {
    @RegisterExtension
    static final InvitationFixture f = new InvitationFixture().withMedia();
    static HonestChat honest;

    @BeforeAll
    static void honestMembers() throws Exception {
        honest = new HonestChat(f);
    }

    @AfterEach
    void nothingLost() {
        honest.assertNothingLost();
    }

    static String chromiumOffer() throws Exception {
        try (InputStream in = ProtocolAbuseIT.class.getResourceAsStream("/org/nereid/media/sdp/chromium-156-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode offer(ProtocolClient c, String id, String sdp) {
        c.send(ProtocolClient.msg("offer", "id", id, "label", "camera", "source", c.id, "sdp", sdp));
        return c.expect(n -> id.equals(n.path("id").asText())
                && List.of("answer", "abort").contains(n.path("type").asText()), "answer or abort of " + id);
    }

    @Test
    void anOfferOfThreeHundredMediaSectionsIsRefusedWithItsSentence() throws Exception {
        WebSocketClient carrot = f.member("city-watch", "carrot", "angua");
        String sdp = chromiumOffer();
        String head = sdp.substring(0, sdp.indexOf("m=audio"));
        String audio = sdp.substring(sdp.indexOf("m=audio"), sdp.indexOf("m=video"));
        StringBuilder sections = new StringBuilder();
        StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
        for (int i = 0; i < 300; i++) {
            sections.append(audio.replace("a=mid:0", "a=mid:" + i));
            bundle.append(' ').append(i);
        }
        String many = head.replace("a=group:BUNDLE 0 1", bundle) + sections;
        JsonNode refused = offer(carrot, "many", many);
        assertEquals("abort", refused.path("type").asText(), "the offer was answered");
        String sentence = carrot.expectError();
        assertTrue(sentence.contains("300 media sections"), sentence);
        honest.say();
        assertEquals("answer", offer(carrot, "camera", sdp).path("type").asText(), "an honest offer after it");
        honest.say();
    }
}
