package org.nereid.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of Prometheus text exposition format, for tests of what the server writes. */
public final class PrometheusText {
    private PrometheusText() {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    /** Checks the exposition format line by line; returns each sample line's labels keyed by the sample text. */
    public static Map<String, List<Map<String, String>>> parse(String text) {
        assertTrue(text.endsWith("\n"));
        Map<String, String> types = new HashMap<>();
        Map<String, List<Map<String, String>>> samples = new HashMap<>();
        Set<String> helped = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String name = line.substring(7).split(" ", 2)[0];
                assertTrue(NAME.matcher(name).matches(), line);
                assertTrue(helped.add(name), "one HELP per metric: " + line);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                assertEquals(2, parts.length, line);
                assertTrue(Set.of("counter", "gauge").contains(parts[1]), line);
                assertEquals(null, types.put(parts[0], parts[1]), "one TYPE per metric: " + line);
            } else {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    fail("not a sample line: " + line);
                }
                String name = m.group(1);
                assertTrue(types.containsKey(name), "TYPE comes before the samples: " + line);
                Double.parseDouble(m.group(3).replace("Inf", "Infinity"));
                if (types.get(name).equals("counter")) {
                    assertTrue(name.endsWith("_total"), line);
                }
                Map<String, String> labels = new HashMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"")
                                .replace("\\\\", "\\"));
                    }
                }
                labels.put("__value", m.group(3));
                samples.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(labels);
            }
        }
        return samples;
    }
}
