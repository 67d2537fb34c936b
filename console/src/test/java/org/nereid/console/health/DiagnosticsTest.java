package org.nereid.console.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    /** A health document as the server writes it (docs/server.md, Health). */
    private static final String HEALTH = """
            {"cpu":{"cores":2,"loadAverage":1.5,"process":0.031,"processSeconds":3.1,"system":0.25},
             "flags":["-insecure","-http","127.0.0.1:8443","-turn",""],"java":"17.0.21",
             "media":{"udp":"40000-40100","iceTcp":8444},"memory":{"heapCommitted":83886080,"heapMax":1073741824,
             "heapUsed":46620304,"rss":153190400},"pid":22639,"server":"Nereid","started":"2026-12-06T09:52:56Z",
             "threads":16,"turn":{"state":"off","detail":"turned off with -turn \\"\\"","flag":"","urls":[],
             "allocations":0},"uptimeSeconds":3725,"use":{"clients":2,"groups":1,"streamsDown":1,"streamsUp":1},
             "version":"0.1.0"}""";

    private static JsonNode health() throws Exception {
        return new ObjectMapper().readTree(HEALTH);
    }

    @Test
    void figuresForPeople() throws Exception {
        List<HealthFigures.Figure> f = HealthFigures.of(health());
        assertEquals("Nereid 0.1.0 on Java 17.0.21", value(f, "version"));
        assertTrue(value(f, "uptime").startsWith("1 h 2 min"), value(f, "uptime"));
        assertTrue(value(f, "cpu").startsWith("3.1 % of 2 cores for the server, 25.0 % for the machine"), value(f, "cpu"));
        assertTrue(value(f, "memory").startsWith("146 MiB resident; heap 44 MiB used of 1024 MiB"), value(f, "memory"));
        assertEquals("off: turned off with -turn \"\" (-turn \"\")", value(f, "turn"));
        assertEquals("turn-off", f.stream().filter(x -> x.id().equals("turn")).findFirst().orElseThrow().style());
        assertEquals("-insecure -http 127.0.0.1:8443 -turn \"\"", value(f, "flags"));
        assertEquals("UDP 40000-40100; ICE-TCP port 8444", value(f, "media"));
    }

    @Test
    void listeningTurnSaysWhereAndHowBusy() throws Exception {
        JsonNode turn = new ObjectMapper().readTree("""
                {"state":"listening","detail":"UDP and TCP port 1194 of [127.0.0.1]","flag":"auto",
                 "urls":["turn:127.0.0.1:1194","turn:127.0.0.1:1194?transport=tcp"],"allocations":3}""");
        assertEquals("listening: UDP and TCP port 1194 of [127.0.0.1]; clients get turn:127.0.0.1:1194,"
                + " turn:127.0.0.1:1194?transport=tcp; 3 allocations (-turn auto)", HealthFigures.turn(turn));
    }

    @Test
    void theBundleHasVersionTurnFlagsRecentProblemsAndTheCheck() throws Exception {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            log.add("2026-12-06 10:00:" + i + " WARN  [main] o.n.x: warning " + i);
            log.add("2026-12-06 10:00:" + i + " INFO  [main] o.n.x: fine " + i);
        }
        log.add("2026-12-06 10:01:00 ERROR [main] o.n.x: broken");
        String text = Diagnostics.text(Instant.parse("2026-12-06T10:02:00Z"), "0.1.0", "http://127.0.0.1:8443/",
                health(), null, "http://127.0.0.1:8443/connectivity.html", log);
        assertTrue(text.contains("Version: Nereid 0.1.0"), text);
        assertTrue(text.contains("TURN: off: turned off"), text);
        assertTrue(text.contains("Flags: -insecure -http 127.0.0.1:8443 -turn \"\""), text);
        assertTrue(text.contains("Connectivity check: http://127.0.0.1:8443/connectivity.html"), text);
        assertTrue(text.contains("  2026-12-06 10:01:00 ERROR [main] o.n.x: broken"), text);
        assertFalse(text.contains(" fine "), "only errors and warnings: " + text);
        assertFalse(text.contains("warning 20\n"), "the last thirty only: " + text);
        assertTrue(text.contains("warning 49"), text);
        assertEquals(Diagnostics.PROBLEM_LINES, text.lines().filter(l -> l.startsWith("  ")).count());
    }

    @Test
    void withoutHealthItSaysWhy() {
        String text = Diagnostics.text(Instant.EPOCH, "0.1.0", null, null, "not connected", null, List.of());
        assertTrue(text.contains("Server: not connected"), text);
        assertTrue(text.contains("Health: not available: not connected"), text);
        assertTrue(text.contains("Recent errors and warnings in the log: none"), text);
    }

    private static String value(List<HealthFigures.Figure> figures, String id) {
        return figures.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().value();
    }
}
