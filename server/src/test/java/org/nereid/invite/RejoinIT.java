package org.nereid.invite;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nereid.auth.RejoinCredentials;
import org.nereid.signal.WebSocketClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.invite.InvitationFixture.joinWithToken;
import static org.nereid.invite.InvitationFixture.madeToken;
import static org.nereid.invite.InvitationsIT.template;

/**
 * A guest of a single-use invitation loses its socket and comes back with the rejoin
 * credential its "joined" carried (docs/auth.md): admitted as before, the use count in
 * tokens.jsonl unchanged, while a second person with the link is refused; a credential
 * presented for another name or group, altered, or after the invitation was revoked, is
 * refused with a sentence. Real server, real WebSockets, real tokens.jsonl.
 */
class RejoinIT {
    @RegisterExtension
    final InvitationFixture f = new InvitationFixture();

    @Test
    void aSingleUseGuestComesBackWithoutSpendingTheInvitation() throws Exception {
        WebSocketClient vimes = f.client("vimes");
        JsonNode opJoined = vimes.joinOk("city-watch", "vimes", "sybil");
        assertTrue(opJoined.path("rejoin").isMissingNode(), "a password join gets no credential: " + opJoined);
        String token = madeToken(vimes, template("city-watch", null, 1, "present", "message"));

        WebSocketClient nobby = f.client("nobby-1");
        JsonNode joined = joinWithToken(nobby, "city-watch", token, "nobby");
        assertEquals("join", joined.path("kind").asText(), joined::toString);
        String credential = joined.path("rejoin").asText();
        assertTrue(RejoinCredentials.looksLike(credential), joined::toString);
        assertEquals(1, uses(token));

        // the socket drops (a network change); the page joins again with the credential
        nobby.close();
        vimes.expect(m -> m.path("type").asText().equals("user") && m.path("kind").asText().equals("delete"),
                "nobby gone");
        WebSocketClient back = f.client("nobby-2");
        JsonNode again = joinWithToken(back, "city-watch", credential, "nobby");
        assertEquals("join", again.path("kind").asText(), again::toString);
        assertEquals("nobby", again.path("username").asText());
        assertEquals(List.of("present", "message"), List.of(again.path("permissions").get(0).asText(),
                again.path("permissions").get(1).asText()));
        assertTrue(RejoinCredentials.looksLike(again.path("rejoin").asText()), "a fresh credential for next time");
        assertEquals(1, uses(token), "the rejoin spent no use");
        String file = Files.readString(f.tokens().path());
        assertTrue(file.contains("\"max-uses\":1,\"uses\":1"), file);

        // someone else with the plain link: the single use is gone
        JsonNode colon = joinWithToken(f.client("colon"), "city-watch", token, "colon");
        assertEquals("fail", colon.path("kind").asText());
        assertTrue(colon.path("value").asText().contains("used up"), colon::toString);

        // the credential under another name, for another group, or altered: refused, saying why
        assertRefused(joinWithToken(f.client("colon-2"), "city-watch", credential, "colon"), "for the name \"nobby\"");
        assertRefused(joinWithToken(f.client("nobby-3"), "guild", credential, "nobby"),
                "for group city-watch, not for guild");
        String altered = credential.substring(0, credential.length() - 3) + (credential.endsWith("AAA") ? "BBB" : "AAA");
        assertRefused(joinWithToken(f.client("nobby-4"), "city-watch", altered, "nobby"), "not valid here");

        // once the invitation is revoked, the credential admits nobody; the member present stays, as in Galène
        f.tokens().revoke(token);
        assertRefused(joinWithToken(f.client("nobby-5"), "city-watch", credential, "nobby"), "revoked");
        back.chat("still here");
        vimes.expect(m -> m.path("type").asText().equals("chat") && m.path("value").asText().equals("still here"),
                "the chat of the member who came back before the revocation");
        assertEquals(1, uses(token));
    }

    private int uses(String token) throws Exception {
        return f.tokens().get(token).orElseThrow().uses();
    }

    private static void assertRefused(JsonNode joined, String words) {
        assertEquals("fail", joined.path("kind").asText(), joined::toString);
        assertEquals("not-authorised", joined.path("error").asText(), joined::toString);
        assertTrue(joined.path("value").asText().contains(words), joined::toString);
        assertFalse(joined.path("value").asText().contains(RejoinCredentials.PREFIX), "never repeated");
        assertTrue(joined.path("rejoin").isMissingNode());
    }
}
