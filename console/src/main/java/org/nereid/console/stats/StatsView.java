package org.nereid.console.stats;

import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import com.fasterxml.jackson.databind.JsonNode;

import org.nereid.console.ConsoleContext;
import org.nereid.console.ConsoleView;

/** Live charts (clients, streams, bitrate, loss) and a table of clients, connections and tracks. */
public final class StatsView implements ConsoleView {
    private final StatsModel model;
    private final BorderPane root = new BorderPane();
    private final TreeTableView<String[]> table = new TreeTableView<>();

    public StatsView(ConsoleContext context) {
        this.model = new StatsModel(context);
        ToggleGroup scope = new ToggleGroup();
        RadioButton server = new RadioButton("Whole server");
        RadioButton group = new RadioButton("Selected group");
        server.setToggleGroup(scope);
        group.setToggleGroup(scope);
        server.setSelected(true);
        group.setId("stats-group-scope");
        scope.selectedToggleProperty().addListener((o, a, b) -> model.wholeServer(b == server));
        context.group().addListener((o, a, b) -> model.clear());
        HBox bar = new HBox(12, server, group);
        bar.setPadding(new Insets(8));

        HBox charts = new HBox(chart("stats-counts", "Clients and streams", model.counts()),
                chart("stats-bitrate", "Bitrate (kbit/s)", model.bitrates()),
                chart("stats-loss", "Loss (%)", java.util.List.of(model.loss())));
        charts.getChildren().forEach(c -> HBox.setHgrow(c, javafx.scene.layout.Priority.ALWAYS));

        table.setId("stats-table");
        table.setShowRoot(false);
        table.setPlaceholder(new javafx.scene.control.Label("No clients connected."));
        table.getColumns().add(column("Client / stream / track", 0, 300));
        table.getColumns().add(column("Bitrate (kbit/s)", 1, 130));
        table.getColumns().add(column("Loss (%)", 2, 90));
        table.getColumns().add(column("RTT (ms)", 3, 90));
        table.getColumns().add(column("Jitter (ms)", 4, 90));
        model.latest().addListener((ListChangeListener<JsonNode>) c -> table.setRoot(StatsTree.of(model.latest())));
        SplitPane split = new SplitPane(charts, table);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        root.setTop(bar);
        root.setCenter(split);
    }

    private static LineChart<Number, Number> chart(String id, String title,
            java.util.List<XYChart.Series<Number, Number>> series) {
        NumberAxis x = new NumberAxis();
        x.setForceZeroInRange(false);
        x.setTickLabelsVisible(false);
        x.setLabel("last " + StatsModel.WINDOW + " s");
        NumberAxis y = new NumberAxis();
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.setTitle(title);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.setPrefSize(360, 260);
        c.getData().addAll(series);
        return c;
    }

    private static TreeTableColumn<String[], String> column(String title, int index, double width) {
        TreeTableColumn<String[], String> c = new TreeTableColumn<>(title);
        c.setCellValueFactory(f -> new SimpleStringProperty(f.getValue().getValue()[index]));
        c.setPrefWidth(width);
        return c;
    }

    public StatsModel model() {
        return model;
    }

    @Override
    public String title() {
        return "Statistics";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.start();
    }

    @Override
    public void hidden() {
        model.stop();
    }

    /** Builds the clients → connections → tracks tree from the statistics of some groups. */
    static final class StatsTree {
        private StatsTree() {
        }

        static TreeItem<String[]> of(java.util.List<JsonNode> groups) {
            TreeItem<String[]> root = new TreeItem<>(new String[5]);
            for (JsonNode g : groups) {
                TreeItem<String[]> gi = item(g.path("name").asText() + " (group)", "", "", "", "");
                for (JsonNode c : g.path("clients")) {
                    TreeItem<String[]> ci = item(c.path("id").asText(), "", "", "", "");
                    conns(ci, c.path("up"), "up");
                    conns(ci, c.path("down"), "down");
                    gi.getChildren().add(ci);
                }
                gi.setExpanded(true);
                root.getChildren().add(gi);
            }
            return root;
        }

        private static void conns(TreeItem<String[]> parent, JsonNode conns, String direction) {
            for (JsonNode conn : conns) {
                TreeItem<String[]> ci = item(direction + " " + conn.path("id").asText(), "", "", "", "");
                int n = 0;
                for (JsonNode t : conn.path("tracks")) {
                    ci.getChildren().add(item("track " + n++, kbit(t.path("bitrate").asLong()),
                            String.format("%.1f", t.path("loss").asDouble() * 100),
                            ms(t.path("rtt")), ms(t.path("jitter"))));
                }
                ci.setExpanded(true);
                parent.getChildren().add(ci);
            }
            parent.setExpanded(true);
        }

        private static String kbit(long bps) {
            return String.format("%.0f", bps / 1000.0);
        }

        private static String ms(JsonNode n) {
            return n.isMissingNode() ? "" : String.format("%.1f", n.asDouble());
        }

        private static TreeItem<String[]> item(String... cells) {
            return new TreeItem<>(cells);
        }
    }
}
