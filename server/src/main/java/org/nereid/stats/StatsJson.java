package org.nereid.stats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes statistics as Galène's stats JSON: the same field names, empty
 * lists and zero optional values left out as Galène's omitempty does, rtt
 * and jitter in ms; then Nereid's extras per track.
 */
public final class StatsJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StatsJson() {
    }

    public static String write(List<GroupStats> groups) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (GroupStats group : groups) {
                g.writeStartObject();
                g.writeStringField("name", group.name());
                if (!group.clients().isEmpty()) {
                    g.writeArrayFieldStart("clients");
                    for (ClientStats c : group.clients()) {
                        client(g, c);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void client(JsonGenerator g, ClientStats c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        connections(g, "up", c.up());
        connections(g, "down", c.down());
        if (c.username() != null) {
            g.writeStringField("username", c.username());
        }
        g.writeEndObject();
    }

    private static void connections(JsonGenerator g, String field, List<ConnStats> conns) throws IOException {
        if (conns.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (ConnStats conn : conns) {
            g.writeStartObject();
            g.writeStringField("id", conn.id());
            if (conn.maxBitrate() != 0) {
                g.writeNumberField("maxBitrate", conn.maxBitrate());
            }
            g.writeArrayFieldStart("tracks");
            for (TrackStats t : conn.tracks()) {
                track(g, t);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void track(JsonGenerator g, TrackStats t) throws IOException {
        g.writeStartObject();
        optional(g, "sid", t.sid());
        optional(g, "maxSid", t.maxSid());
        optional(g, "tid", t.tid());
        optional(g, "maxTid", t.maxTid());
        g.writeNumberField("bitrate", t.bitrate());
        if (t.maxBitrate() != 0) {
            g.writeNumberField("maxBitrate", t.maxBitrate());
        }
        g.writeNumberField("loss", t.loss());
        if (t.rttMs() != 0) {
            g.writeNumberField("rtt", t.rttMs());
        }
        if (t.jitterMs() != 0) {
            g.writeNumberField("jitter", t.jitterMs());
        }
        if (t.kind() != null) {
            g.writeStringField("kind", t.kind());
        }
        if (t.codec() != null) {
            g.writeStringField("codec", t.codec());
        }
        g.writeNumberField("packets", t.packets());
        g.writeNumberField("nacks", t.nacks());
        g.writeNumberField("plis", t.plis());
        if (t.rid() != null) {
            g.writeStringField("rid", t.rid());
        }
        g.writeNumberField("bytes", t.bytes());
        g.writeNumberField("lost", t.lost());
        g.writeNumberField("resent", t.resent());
        g.writeNumberField("layerSwitches", t.switches());
        g.writeNumberField("unrecovered", t.unrecovered());
        g.writeNumberField("refused", t.refused());
        g.writeNumberField("replays", t.replays());
        if ("video".equals(t.kind())) {
            g.writeNumberField("frameRate", Math.round(t.frameRate() * 10) / 10.0);
            g.writeNumberField("probes", t.probes());
            g.writeNumberField("padding", t.padding());
            g.writeNumberField("owedRepairs", t.owedRepairs());
            g.writeNumberField("tailPadding", t.tailPadding());
            g.writeNumberField("tailNacks", t.tailNacks());
            g.writeNumberField("delayedFrames", t.delayedFrames());
            g.writeNumberField("dlrrs", t.dlrrs());
            g.writeNumberField("layerDrops", t.layerDrops());
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, Integer value) throws IOException {
        if (value != null) {
            g.writeNumberField(field, value);
        }
    }
}
