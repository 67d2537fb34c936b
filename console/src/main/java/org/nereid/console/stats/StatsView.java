package org.nereid.console.stats;

import java.util.List;

import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import org.controlsfx.control.Notifications;

import org.nereid.console.ConsoleContext;
import org.nereid.console.ConsoleView;
import org.nereid.console.stats.StatsRow.Column;

/**
 * Who is suffering: charts of the last hour (clients, streams, bitrate, loss), a table of
 * groups → people → streams → tracks with bad figures in red or amber and a legend, and
 * a notification when someone's link collapses.
 */
public final class StatsView implements ConsoleView {
    private final StatsModel model;
    private final BorderPane root = new BorderPane();
    private final TreeTableView<StatsRow> table = new TreeTableView<>();

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
                chart("stats-loss", "Loss (%)", List.of(model.loss())));
        charts.getChildren().forEach(c -> HBox.setHgrow(c, Priority.ALWAYS));

        table.setId("stats-table");
        table.setShowRoot(false);
        table.setPlaceholder(new Label("No clients connected."));
        for (Column c : Column.values()) {
            table.getColumns().add(column(c));
        }
        model.rows().addListener((ListChangeListener<StatsRow>) c -> table.setRoot(tree(model.rows())));

        ListView<LinkWatch.Alert> alerts = new ListView<>(model.alerts());
        alerts.setId("stats-alerts");
        alerts.setPrefHeight(70);
        alerts.setPlaceholder(new Label("No link has collapsed since the console started."));
        alerts.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(LinkWatch.Alert a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : a.text());
            }
        });
        model.onAlert(this::notify);

        VBox lower = new VBox(6, table, legend(), alerts);
        VBox.setVgrow(table, Priority.ALWAYS);
        lower.setPadding(new Insets(0, 8, 8, 8));
        SplitPane split = new SplitPane(charts, lower);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        root.setTop(bar);
        root.setCenter(split);
    }

    private static LineChart<Number, Number> chart(String id, String title, List<XYChart.Series<Number, Number>> series) {
        NumberAxis x = new NumberAxis();
        x.setForceZeroInRange(false);
        x.setLabel("minutes (0 is now; the last hour is kept)");
        NumberAxis y = new NumberAxis();
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.setTitle(title);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.setPrefSize(360, 230);
        c.getData().addAll(series);
        return c;
    }

    private static TreeTableColumn<StatsRow, StatsRow> column(Column column) {
        TreeTableColumn<StatsRow, StatsRow> c = new TreeTableColumn<>(column.title);
        c.setId("stats-column-" + column.name().toLowerCase(java.util.Locale.ROOT));
        c.setCellValueFactory(f -> new SimpleObjectProperty<>(f.getValue().getValue()));
        c.setCellFactory(col -> new SeverityCell(column));
        c.setPrefWidth(column.width);
        c.setSortable(false);
        return c;
    }

    /** A figure, with the style class of how bad it is. */
    static final class SeverityCell extends TreeTableCell<StatsRow, StatsRow> {
        private final Column column;

        SeverityCell(Column column) {
            this.column = column;
        }

        @Override
        protected void updateItem(StatsRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll("severity-warn", "severity-bad");
            if (empty || row == null) {
                setText(null);
                return;
            }
            setText(row.text(column));
            String style = row.severity(column).styleClass();
            if (style != null) {
                getStyleClass().add(style);
            }
        }
    }

    private static Node legend() {
        Label bad = new Label("bad");
        bad.getStyleClass().addAll("legend-swatch", "severity-bad");
        Label warn = new Label("worth a look");
        warn.getStyleClass().addAll("legend-swatch", "severity-warn");
        bad.setMinWidth(Region.USE_PREF_SIZE);
        warn.setMinWidth(Region.USE_PREF_SIZE);
        Label text = new Label(Thresholds.legend());
        text.getStyleClass().add("help");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        HBox legend = new HBox(8, bad, warn, text);
        legend.setId("stats-legend");
        legend.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(text, Priority.ALWAYS);
        return legend;
    }

    static TreeItem<StatsRow> tree(List<StatsRow> rows) {
        TreeItem<StatsRow> root = new TreeItem<>(new StatsRow(""));
        for (StatsRow r : rows) {
            root.getChildren().add(item(r));
        }
        return root;
    }

    private static TreeItem<StatsRow> item(StatsRow row) {
        TreeItem<StatsRow> item = new TreeItem<>(row);
        for (StatsRow c : row.children()) {
            item.getChildren().add(item(c));
        }
        item.setExpanded(true);
        return item;
    }

    private void notify(LinkWatch.Alert a) {
        if (root.getScene() == null || root.getScene().getWindow() == null) {
            return; // the alert stays in the list below the table
        }
        Notifications.create().owner(root.getScene().getWindow()).title("A link collapsed").text(a.text())
                .hideAfter(Duration.seconds(8)).showWarning();
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
}
