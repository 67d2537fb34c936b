package org.nereid.console.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import javafx.util.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.nereid.admin.AdminClient;
import org.nereid.console.ConsoleContext;

/**
 * Polls the admin statistics every second while the view is shown, keeps the last hour of
 * each chart line ({@link HourHistory}) for the whole server or one group, the rows of who
 * is suffering ({@link Participants}), and the alerts of links that collapsed
 * ({@link LinkWatch}).
 */
public final class StatsModel {
    private static final int ALERTS_KEPT = 50;
    private final ConsoleContext context;
    private final List<Line> lines = List.of(new Line("Clients"), new Line("Streams"), new Line("In (kbit/s)"),
            new Line("Out (kbit/s)"), new Line("Loss (%)"));
    private final ObservableList<StatsRow> rows = FXCollections.observableArrayList();
    private final ObservableList<LinkWatch.Alert> alerts = FXCollections.observableArrayList();
    private final Participants participants = new Participants();
    private final LinkWatch watch = new LinkWatch();
    private final Timeline timer;
    private final long origin = System.nanoTime();
    private Consumer<LinkWatch.Alert> notifier = a -> { };
    private boolean wholeServer = true;
    private boolean polling;

    /** A chart line and its hour of history. */
    private record Line(XYChart.Series<Number, Number> series, HourHistory history) {
        Line(String name) {
            this(new XYChart.Series<>(), new HourHistory());
            series.setName(name);
        }
    }

    public StatsModel(ConsoleContext context) {
        this.context = context;
        timer = new Timeline(new KeyFrame(Duration.seconds(1), e -> poll()));
        timer.setCycleCount(Timeline.INDEFINITE);
    }

    public List<XYChart.Series<Number, Number>> counts() {
        return List.of(lines.get(0).series(), lines.get(1).series());
    }

    public List<XYChart.Series<Number, Number>> bitrates() {
        return List.of(lines.get(2).series(), lines.get(3).series());
    }

    public XYChart.Series<Number, Number> loss() {
        return lines.get(4).series();
    }

    /** Groups → people → streams → tracks of the latest sample. */
    public ObservableList<StatsRow> rows() {
        return rows;
    }

    /** The latest alerts, newest last. */
    public ObservableList<LinkWatch.Alert> alerts() {
        return alerts;
    }

    /** Who shows an alert as it comes (the view's notification). */
    public void onAlert(Consumer<LinkWatch.Alert> show) {
        notifier = show;
    }

    public void wholeServer(boolean whole) {
        if (whole != wholeServer) {
            wholeServer = whole;
            clear();
        }
    }

    public void start() {
        timer.play();
        poll();
    }

    public void stop() {
        timer.stop();
    }

    public void clear() {
        for (Line l : lines) {
            l.history().clear();
            l.series().getData().clear();
        }
    }

    private void poll() {
        AdminClient api = context.api().get();
        if (api == null || polling) {
            return;
        }
        polling = true;
        String group = wholeServer ? null : context.group().get();
        context.background().run("Reading statistics", api::stats, stats -> {
            polling = false;
            show(stats, group);
        }, e -> polling = false);
    }

    /** Takes one sample: the chart lines, the rows and any alerts. */
    public void show(JsonNode stats, String group) {
        add(StatsSample.of(stats, group));
        rows.setAll(participants.rows(stats, group));
        for (LinkWatch.Alert a : watch.check(participants.links(), System.currentTimeMillis())) {
            alerts.add(a);
            if (alerts.size() > ALERTS_KEPT) {
                alerts.remove(0, alerts.size() - ALERTS_KEPT);
            }
            notifier.accept(a);
        }
    }

    /** Appends one sample to every line, and redraws them as minutes before now. */
    public void add(StatsSample s) {
        double now = (System.nanoTime() - origin) / 1e9;
        double[] values = {s.clients(), s.streams(), s.bitrateIn() / 1000.0, s.bitrateOut() / 1000.0, s.loss() * 100};
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            l.history().add(now, values[i]);
            List<XYChart.Data<Number, Number>> data = new ArrayList<>();
            for (HourHistory.Point p : l.history().points()) {
                data.add(new XYChart.Data<>((p.t() - now) / 60, p.y()));
            }
            l.series().getData().setAll(data);
        }
    }
}
