package org.nereid.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.nereid.invite.InvitationFixture;
import org.nereid.signal.WebSocketClient;

/**
 * Two honest members of city-watch who chat while an attack goes on: each {@link #say}
 * sends one numbered message, and {@link #assertNothingLost} checks that the listener got
 * every one, in order — the attack may hurt the attacker, never the others.
 */
final class HonestChat {
    private final WebSocketClient speaker;
    private final WebSocketClient listener;
    private int said;

    HonestChat(InvitationFixture f) throws Exception {
        speaker = f.member("city-watch", "vimes", "sybil");
        listener = f.member("city-watch", "carrot", "angua");
    }

    void say() {
        speaker.chat("honest " + said++);
    }

    void assertNothingLost() {
        say();
        for (int i = 0; i < said; i++) {
            String expected = "honest " + i;
            JsonNode m = listener.expect(n -> n.path("type").asText().equals("chat")
                    && n.path("value").asText().startsWith("honest "), "chat " + expected);
            assertEquals(expected, m.path("value").asText());
        }
        said = 0;
    }
}
