package org.nereid.console.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row of the statistics table: a group, a person, one of their streams or a track,
 * with the text of each column, how bad each figure is, and the rows below it.
 */
public final class StatsRow {
    /** The table's columns, in order. */
    public enum Column {
        NAME("Person / stream / track", 260), KIND("Kind", 110), LAYER("Layer", 60),
        BITRATE("Bitrate (kbit/s)", 110), ESTIMATE("Estimate (kbit/s)", 120), LOSS("Loss (%, 5 s)", 90),
        JITTER("Jitter (ms)", 80), RTT("RTT (ms)", 75), FPS("Frames/s", 75), NACKS("NACKs", 70),
        KEYFRAMES("Keyframe req.", 100);

        public final String title;
        public final double width;

        Column(String title, double width) {
            this.title = title;
            this.width = width;
        }
    }

    private final String[] text = new String[Column.values().length];
    private final Severity[] severity = new Severity[Column.values().length];
    private final List<StatsRow> children = new ArrayList<>();

    StatsRow(String name) {
        Arrays.fill(text, "");
        Arrays.fill(severity, Severity.GOOD);
        text[Column.NAME.ordinal()] = name;
    }

    StatsRow set(Column c, String value, Severity s) {
        text[c.ordinal()] = value;
        severity[c.ordinal()] = s;
        return this;
    }

    StatsRow set(Column c, String value) {
        return set(c, value, Severity.GOOD);
    }

    void add(StatsRow child) {
        children.add(child);
    }

    public String text(Column c) {
        return text[c.ordinal()];
    }

    public Severity severity(Column c) {
        return severity[c.ordinal()];
    }

    public String name() {
        return text(Column.NAME);
    }

    public List<StatsRow> children() {
        return children;
    }

    /** The worst figure of this row and of every row below it. */
    public Severity worst() {
        Severity w = Severity.GOOD;
        for (Severity s : severity) {
            w = w.worst(s);
        }
        for (StatsRow c : children) {
            w = w.worst(c.worst());
        }
        return w;
    }

    @Override
    public String toString() {
        return String.join(" | ", text);
    }
}
