package org.nereid.console.health;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.nereid.admin.AdminClient;
import org.nereid.console.ConsoleContext;
import org.nereid.console.ConsoleView;
import org.nereid.console.Problems;

/**
 * The server's and the chosen group's health on one page (refreshed every 3 s while shown),
 * the TURN state, "Copy diagnostics" and the connectivity check.
 */
public final class HealthView implements ConsoleView {
    private final ConsoleContext context;
    private final Supplier<List<String>> log;
    private final Supplier<String> consoleVersion;
    private final BorderPane root = new BorderPane();
    private final GridPane figures = new GridPane();
    private final Label status = new Label("Not connected.");
    private final Label group = new Label();
    private final TextArea diagnostics = new TextArea();
    private final Timeline timer;
    private JsonNode health;
    private String problem;

    /**
     * @param log            the local server's log tail, for the diagnostics
     * @param consoleVersion this console's version
     */
    public HealthView(ConsoleContext context, Supplier<List<String>> log, Supplier<String> consoleVersion) {
        this.context = context;
        this.log = log;
        this.consoleVersion = consoleVersion;
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> refresh());
        Button copy = new Button("Copy diagnostics");
        copy.setId("health-copy");
        copy.setOnAction(e -> copyDiagnostics());
        Button check = new Button("Connectivity check");
        check.setId("health-connectivity");
        check.setOnAction(e -> openConnectivityCheck());
        status.setId("health-status");
        group.setId("health-group");
        group.setWrapText(true);
        figures.setId("health-figures");
        figures.setHgap(12);
        figures.setVgap(6);
        diagnostics.setId("health-diagnostics");
        diagnostics.setEditable(false);
        diagnostics.setPromptText("Copy diagnostics puts the text here and on the clipboard.");
        diagnostics.setPrefRowCount(12);
        Label serverTitle = new Label("Server");
        serverTitle.getStyleClass().add("health-title");
        Label groupTitle = new Label("Selected group");
        groupTitle.getStyleClass().add("health-title");
        Label hint = new Label("The connectivity check (/connectivity.html) opens in the system browser: it tests"
                + " WebRTC paths, which the console's embedded browser cannot make.");
        hint.getStyleClass().add("help");
        hint.setWrapText(true);
        VBox page = new VBox(10, status, serverTitle, figures, groupTitle, group, hint, diagnostics);
        page.setPadding(new Insets(10));
        root.setTop(new ToolBar(refresh, copy, check));
        root.setCenter(new javafx.scene.control.ScrollPane(page));
        ((javafx.scene.control.ScrollPane) root.getCenter()).setFitToWidth(true);
        timer = new Timeline(new KeyFrame(Duration.seconds(3), e -> refresh()));
        timer.setCycleCount(Timeline.INDEFINITE);
    }

    private void show(JsonNode h) {
        health = h;
        problem = null;
        figures.getChildren().clear();
        int row = 0;
        for (HealthFigures.Figure f : HealthFigures.of(h)) {
            Label value = new Label(f.value());
            value.setId("health-" + f.id());
            value.setWrapText(true);
            if (f.style() != null) {
                value.getStyleClass().add(f.style());
            }
            Label label = new Label(f.label());
            label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            figures.addRow(row++, label, value);
        }
        AdminClient api = context.api().get();
        status.setText("Read " + java.time.LocalTime.now().withNano(0) + (api == null ? "" : " from " + api.serverUrl()));
    }

    private void failed(Exception e) {
        health = null;
        problem = e instanceof org.nereid.admin.AdminException a && a.status() == 404
                ? "this server has no health endpoint (Galène, or an older Nereid)" : Problems.describe(e);
        figures.getChildren().clear();
        status.setText("No health figures: " + problem);
    }

    private void copyDiagnostics() {
        AdminClient api = context.api().get();
        String text = Diagnostics.text(Instant.now(), consoleVersion.get(), api == null ? null : api.serverUrl().toString(),
                health, api == null ? "not connected" : problem,
                api == null ? null : api.connectivityPage().toString(), log.get());
        diagnostics.setText(text);
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        context.background().say("Diagnostics copied to the clipboard.");
    }

    private void openConnectivityCheck() {
        AdminClient api = context.api().get();
        if (api == null) {
            context.background().say("Not connected. Open the Servers tab and connect to a server first.");
            return;
        }
        context.showDocument(api.connectivityPage().toString());
    }

    @Override
    public String title() {
        return "Health";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        timer.play();
        AdminClient api = context.api().get();
        if (api == null) {
            health = null;
            figures.getChildren().clear();
            status.setText("Not connected.");
            group.setText("");
            return;
        }
        context.background().run("Reading the server's health", api::health, this::show, this::failed);
        String g = context.group().get();
        if (g == null) {
            group.setText("No group chosen.");
        } else {
            context.background().run("Reading statistics", api::stats, s -> group.setText(HealthFigures.group(s, g)),
                    e -> group.setText(Problems.describe(e)));
        }
    }

    @Override
    public void hidden() {
        timer.stop();
    }
}
