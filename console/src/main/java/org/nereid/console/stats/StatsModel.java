package org.nereid.console.stats;

import java.util.List;

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
 * Polls the admin statistics every second while the view is shown, and keeps the last
 * {@link #WINDOW} seconds as chart series for the whole server or for one group.
 */
public final class StatsModel {
    public static final int WINDOW = 120;
    private final ConsoleContext context;
    private final XYChart.Series<Number, Number> clients = series("Clients");
    private final XYChart.Series<Number, Number> streams = series("Streams");
    private final XYChart.Series<Number, Number> bitrateIn = series("In (kbit/s)");
    private final XYChart.Series<Number, Number> bitrateOut = series("Out (kbit/s)");
    private final XYChart.Series<Number, Number> loss = series("Loss (%)");
    private final ObservableList<JsonNode> latest = FXCollections.observableArrayList();
    private final Timeline timer;
    private boolean wholeServer = true;
    private boolean polling;
    private long tick;

    public StatsModel(ConsoleContext context) {
        this.context = context;
        timer = new Timeline(new KeyFrame(Duration.seconds(1), e -> poll()));
        timer.setCycleCount(Timeline.INDEFINITE);
    }

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    public List<XYChart.Series<Number, Number>> counts() {
        return List.of(clients, streams);
    }

    public List<XYChart.Series<Number, Number>> bitrates() {
        return List.of(bitrateIn, bitrateOut);
    }

    public XYChart.Series<Number, Number> loss() {
        return loss;
    }

    /** The groups of the latest statistics (for the clients-and-tracks table). */
    public ObservableList<JsonNode> latest() {
        return latest;
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
        for (var s : List.of(clients, streams, bitrateIn, bitrateOut, loss)) {
            s.getData().clear();
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
            add(StatsSample.of(stats, group));
            java.util.List<JsonNode> groups = new java.util.ArrayList<>();
            stats.forEach(g -> {
                if (group == null || group.equals(g.path("name").asText())) {
                    groups.add(g);
                }
            });
            latest.setAll(groups);
        }, e -> polling = false);
    }

    /** Appends one second to every series, dropping what is older than the window. */
    public void add(StatsSample s) {
        long x = tick++;
        point(clients, x, s.clients());
        point(streams, x, s.streams());
        point(bitrateIn, x, s.bitrateIn() / 1000.0);
        point(bitrateOut, x, s.bitrateOut() / 1000.0);
        point(loss, x, s.loss() * 100);
    }

    private static void point(XYChart.Series<Number, Number> series, long x, Number y) {
        series.getData().add(new XYChart.Data<>(x, y));
        if (series.getData().size() > WINDOW) {
            series.getData().remove(0, series.getData().size() - WINDOW);
        }
    }
}
