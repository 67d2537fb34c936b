package org.nereid.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.util.function.Predicate;

/** Reads the getStats summary the SFU test page (sfu-test.html) makes of one of its peer connections. */
final class PageStats {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageStats() {
    }

    static JsonNode stats(Page page, String id) throws Exception {
        return JSON.readTree((String) page.evaluate("id => stats(id)", id));
    }

    /** Polls the stats of {@code id} until {@code condition} holds, for at most {@code seconds}. */
    static JsonNode await(Page page, String id, String what, int seconds, Predicate<JsonNode> condition)
            throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode s = stats(page, id);
        while (!condition.test(s)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + what + " on " + id + "; last stats " + s);
            }
            Thread.sleep(200);
            s = stats(page, id);
        }
        return s;
    }
}
