package org.nereid.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nereid.invite.InvitationFixture;
import org.nereid.testing.LogCapture;
import org.nereid.testing.RunningServer;

/**
 * Issue 18's attacks from a stranger over HTTP, against a server wired as Main wires it,
 * while two honest members chat: each attack gets a short clear refusal, writes little to
 * the log, and the honest members lose nothing.
 */
class HostileInputIT {
    @RegisterExtension
    final InvitationFixture f = new InvitationFixture();

    @Test
    void aMalformedHostHeaderIsA400WithoutAStackTrace() throws Exception {
        HonestChat honest = new HonestChat(f);
        RunningServer server = f.server();
        String invitation = InvitationFixture.madeToken(f.member("city-watch", "vimes", "sybil"),
                InvitationFixture.JSON.createObjectNode().put("group", "city-watch"));
        try (LogCapture log = new LogCapture()) {
            for (String path : new String[] {"/public-groups.json", "/group/city-watch/.status",
                    "/invitation/" + invitation + "/qr.svg", "/invitation/" + invitation, "/group/city-watch/"}) {
                for (String host : new String[] {"a b", "[::1", "%zz", "x/y", "a@b"}) {
                    String response = server.raw("GET " + path + " HTTP/1.1\r\nHost: " + host
                            + "\r\nConnection: close\r\n\r\n");
                    assertTrue(response.startsWith("HTTP/1.1 400 "), path + " with Host " + host + ": " + response);
                    assertTrue(response.endsWith("\r\n\r\nMalformed Host header.\n"), response);
                }
                honest.say();
            }
            for (int i = 0; i < 1000; i++) {
                server.raw("GET /public-groups.json HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n");
            }
            assertTrue(log.size() < 2000, "1,025 malformed requests logged " + log.size() + " chars: " + log.lines());
            assertFalse(log.lines().stream().anyMatch(l -> l.contains("\tat ")), "a stack trace: " + log.lines());
        }
        assertEquals(200, server.get("/public-groups.json").statusCode(), "an honest request still works");
        honest.assertNothingLost();
    }
}
