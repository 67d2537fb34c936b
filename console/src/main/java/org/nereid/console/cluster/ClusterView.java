package org.nereid.console.cluster;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.util.Duration;

import org.nereid.admin.AdminClient;
import org.nereid.admin.ClusterStatus;
import org.nereid.console.ConsoleContext;
import org.nereid.console.Problems;
import org.nereid.console.TableTab;
import org.nereid.console.TimeText;

/**
 * The nodes of the cluster the connected server belongs to ({@code .cluster}, docs/cluster.md),
 * refreshed every 2 s while shown: their load, state and hosted groups, the node the console
 * is connected to marked; drain a node. A server running alone says so.
 */
public final class ClusterView extends TableTab<ClusterView.Row> {
    static final String ALONE = "This server is not in a cluster: it runs alone (without -cluster).";
    private final ObservableList<Row> rows;
    private final Label status = new Label("Not connected.");
    private final Timeline timer;

    /** One node, and whether it is the one the console is connected to. */
    public record Row(ClusterStatus.Node node, boolean self) {
        String name() {
            return node.node() + (self ? "  (connected)" : "");
        }
    }

    public ClusterView(ConsoleContext context) {
        this(context, FXCollections.observableArrayList());
    }

    private ClusterView(ConsoleContext context, ObservableList<Row> rows) {
        super(context, "Cluster", "cluster-table", rows, ALONE);
        this.rows = rows;
        column("Node", Row::name, 190);
        column("URL", r -> r.node().url(), 200);
        column("Clients", r -> Integer.toString(r.node().clients()), 70);
        column("Streams", r -> Integer.toString(r.node().streams()), 70);
        column("Bitrate", r -> r.node().bitrateText(), 90);
        column("CPU", r -> r.node().cpuText(), 60);
        column("State", r -> r.node().state(), 80);
        column("Groups", r -> r.node().groupsText(), 240);
        button("Drain…", "cluster-drain", this::drain);
        status.setId("cluster-status");
        status.setWrapText(true);
        status.setPadding(new javafx.geometry.Insets(4, 8, 8, 8));
        tablePane().setBottom(status);
        timer = new Timeline(new KeyFrame(Duration.seconds(2), e -> refresh()));
        timer.setCycleCount(Timeline.INDEFINITE);
    }

    @Override
    public void refresh() {
        timer.play();
        AdminClient api = context.api().get();
        if (api == null) {
            rows.clear();
            status.setText("Not connected.");
            return;
        }
        context.background().run("Reading the cluster", api::cluster, this::show, e -> {
            rows.clear();
            status.setText("Cannot read the cluster: " + Problems.describe(e));
        });
    }

    private void show(Optional<ClusterStatus> cluster) {
        String keep = selected() == null ? null : selected().node().node();
        if (cluster.isEmpty()) {
            rows.clear();
            status.setText(ALONE);
            return;
        }
        ClusterStatus c = cluster.get();
        List<Row> next = c.nodes().stream().map(n -> new Row(n, n.node().equals(c.self()))).toList();
        rows.setAll(next);
        next.stream().filter(r -> r.node().node().equals(keep)).findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r));
        status.setText(c.nodes().size() + " node(s); connected to " + c.self() + ". Read "
                + java.time.LocalTime.now().withNano(0) + ".");
    }

    private void drain() {
        Row row = selected();
        AdminClient api = context.api().get();
        if (row == null || api == null) {
            context.background().say("Choose the node to drain in the table first.");
            return;
        }
        String node = row.node().node();
        DrainDialog.show(window(), node, row.node().groups().size()).ifPresent(wait ->
                context.background().run("Draining " + node, () -> api.drain(node, wait.toSeconds()), deadline -> {
                    context.background().say("Node " + node + " is draining; meetings still there end at "
                            + TimeText.show(deadline, ZoneId.systemDefault()) + ".");
                    refresh();
                }));
    }

    @Override
    public void hidden() {
        timer.stop();
    }
}
