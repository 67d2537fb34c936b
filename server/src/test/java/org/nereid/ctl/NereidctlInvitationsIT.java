package org.nereid.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.invite.InvitationFixture;
import org.nereid.model.TokenKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.invite.InvitationFixture.joinWithToken;
import static org.nereid.invite.InvitationFixture.json;

/** nereidctl's invitation options end to end: made, listed, redeemed, revoked and extended on a real server. */
class NereidctlInvitationsIT {
    @TempDir
    Path dir;
    InvitationFixture f;

    @BeforeEach
    void start() throws Exception {
        f = InvitationFixture.start(dir);
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    /** nereidctl as users run it, in process, as the server's administrator. */
    Run ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("-config", dir.resolve("no-ctl-config.json").toString(),
                "-server", f.server.base(), "-admin-username", "root", "-admin-password", "rootpw"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Nereidctl.commandLine(new Nereidctl(new BufferedReader(new StringReader(""))),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        Run r = new Run(exit, out.toString(), err.toString());
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " → " + r);
        return r;
    }

    @Test
    void nereidctlMakesListsAndRevokesInvitations() throws Exception {
        String register = ctl("create-token", "-group", "city-watch", "-register", "-max-uses", "1",
                "-permissions", "message").out().trim();
        assertEquals(TokenKind.REGISTER, f.tokens.get(register).orElseThrow().kind());
        assertTrue(ctl("list-tokens", "-group", "city-watch", "-l").out().contains("register 0/1"));
        assertEquals(201, f.register(register, "{\"username\":\"cheery\",\"password\":\"axe\"}").statusCode());
        assertTrue(ctl("list-tokens", "-group", "city-watch", "-l").out().contains("register 1/1"));
        f.client("cheery").joinOk("city-watch", "cheery", "axe");

        String join = ctl("create-token", "-group", "city-watch", "-max-uses", "1").out().trim();
        assertEquals("join", joinWithToken(f.client("g1"), "city-watch", join, "nobby").path("kind").asText());
        JsonNode second = joinWithToken(f.client("g2"), "city-watch", join, "colon");
        assertTrue(second.path("value").asText().contains("used up"), second::toString);

        String other = ctl("create-token", "-group", "city-watch").out().trim();
        ctl("revoke-token", "-group", "city-watch", "-token", other);
        assertEquals("revoked", json(f.get("/invitation/" + other)).path("state").asText());
        ctl("update-token", "-group", "city-watch", "-token", other, "-duration", "1h");
        assertEquals("valid", json(f.get("/invitation/" + other)).path("state").asText());
    }
}
