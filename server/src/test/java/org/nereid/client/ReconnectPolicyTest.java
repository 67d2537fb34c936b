package org.nereid.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The meeting page's reconnection policy (static/meeting/reconnect.js), run as it is in node:
 * when a lost connection is made again by itself, and how long the page waits between tries.
 */
class ReconnectPolicyTest {
    private static final Path MODULE = Path.of("src/main/resources/static/meeting/reconnect.js").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLostConnectionIsMadeAgainUnlessTheUserLeftWasKickedOrTheFaultIsThePages() throws Exception {
        assertTrue(decide("{code: 1006, joined: true}"), "a host that died, a network that changed");
        assertTrue(decide("{code: 1001, joined: true}"), "the server stopped answering pings");
        assertTrue(decide("{code: 1006, joined: false, reconnecting: true}"), "a try that found no server yet");
        assertTrue(decide("{code: 1012, joined: false, kickedBy: 'server'}"),
                "the server stops, drains or lost the group's host, and says to come back");
        assertFalse(decide("{code: 1006, joined: false}"), "a first connection that never joined");
        assertFalse(decide("{code: 1000, joined: false, kickedBy: 'server'}"), "the group was deleted");
        assertFalse(decide("{code: 1000, joined: false, kickedBy: 'operator'}"), "kicked by an operator");
        assertFalse(decide("{code: 1012, joined: false, kickedBy: 'operator'}"), "kicked, whatever the close code");
        assertFalse(decide("{code: 1006, joined: true, left: true}"), "the user left");
        assertFalse(decide("{code: 1012, joined: true, left: true}"), "the user left");
        assertFalse(decide("{code: 1002, joined: true}"), "a protocol error would happen again");
    }

    @Test
    void triesComeAfterAboutOneTwoFourAndEightSecondsThenEveryTenToFifteen() throws Exception {
        // the extremes of the jitter: random() at 0 and just under 1
        JsonNode low = run("[1, 2, 3, 4, 5, 50].map(a => m.reconnectDelay(a, () => 0))");
        JsonNode high = run("[1, 2, 3, 4, 5, 50].map(a => m.reconnectDelay(a, () => 0.999999))");
        long[] base = {1000, 2000, 4000, 8000};
        for (int i = 0; i < 4; i++) {
            assertEquals(Math.round(base[i] * 0.8), low.get(i).asLong(), "try " + (i + 1) + ": " + low);
            assertEquals(Math.round(base[i] * 1.2), high.get(i).asLong(), "try " + (i + 1) + ": " + high);
        }
        assertEquals(10000, low.get(4).asLong());
        assertEquals(10000, low.get(5).asLong());
        assertEquals(15000, high.get(4).asLong());
        assertEquals(15000, high.get(5).asLong());
        // Math.random itself: within the bounds, and not all the same (members do not come back at once)
        JsonNode spread = run("Array.from({length: 20}, () => m.reconnectDelay(5))");
        long distinct = java.util.stream.StreamSupport.stream(spread.spliterator(), false).distinct().count();
        spread.forEach(d -> assertTrue(d.asLong() >= 10000 && d.asLong() <= 15000, spread::toString));
        assertTrue(distinct > 1, spread::toString);
    }

    private static boolean decide(String close) throws Exception {
        return run("m.shouldReconnect({reconnecting: false, left: false, kickedBy: '', ..." + close + "})")
                .asBoolean();
    }

    /** Evaluates {@code expression} in node with the module as {@code m}; its value, as JSON. */
    private static JsonNode run(String expression) throws IOException, InterruptedException {
        String script = "import * as m from '" + MODULE.toUri() + "';\n"
                + "console.log(JSON.stringify(" + expression + "));\n";
        String node = Files.isExecutable(Path.of("/usr/bin/node")) ? "/usr/bin/node" : "node";
        Process p = new ProcessBuilder(node, "--input-type=module", "-e", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "node did not finish");
        assertEquals(0, p.exitValue(), out);
        return JSON.readTree(out);
    }
}
