package org.nereid.console.stats;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One second of a server or group, summed from the admin API's statistics (Galène's
 * format: groups → clients → up/down connections → tracks with bitrate and loss).
 *
 * @param bitrateIn  bits per second received by the server (clients' up streams)
 * @param bitrateOut bits per second sent by the server (clients' down streams)
 * @param loss       mean packet loss over all tracks, 0…1
 */
public record StatsSample(int clients, int streams, long bitrateIn, long bitrateOut, double loss) {

    /** Sums the statistics of one group ({@code group} non-null) or of the whole server. */
    public static StatsSample of(JsonNode stats, String group) {
        int clients = 0;
        int streams = 0;
        long in = 0;
        long out = 0;
        double lossSum = 0;
        int tracks = 0;
        for (JsonNode g : stats) {
            if (group != null && !group.equals(g.path("name").asText())) {
                continue;
            }
            for (JsonNode c : g.path("clients")) {
                clients++;
                for (JsonNode conn : c.path("up")) {
                    streams++;
                    for (JsonNode t : conn.path("tracks")) {
                        in += t.path("bitrate").asLong();
                        lossSum += t.path("loss").asDouble();
                        tracks++;
                    }
                }
                for (JsonNode conn : c.path("down")) {
                    for (JsonNode t : conn.path("tracks")) {
                        out += t.path("bitrate").asLong();
                        lossSum += t.path("loss").asDouble();
                        tracks++;
                    }
                }
            }
        }
        return new StatsSample(clients, streams, in, out, tracks == 0 ? 0 : lossSum / tracks);
    }
}
