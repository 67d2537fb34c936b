package org.nereid.console;

import java.util.List;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The window: a group chooser and refresh button on top, one tab per view, a status bar
 * with a spinner for work in progress. Keyboard: Ctrl+1…9 and Ctrl+0 (the tenth) tabs,
 * F5 refresh, Ctrl+N new, Ctrl+E edit, Delete delete.
 */
public final class MainWindow {
    private final ConsoleContext context;
    private final List<ConsoleView> views;
    private final TabPane tabs = new TabPane();
    private final BorderPane root = new BorderPane();
    private final ComboBox<String> groupBox = new ComboBox<>();

    public MainWindow(ConsoleContext context, List<ConsoleView> views) {
        this.context = context;
        this.views = views;
        for (ConsoleView v : views) {
            Tab t = new Tab(v.title(), v.node());
            t.setClosable(false);
            t.setId("tab-" + v.title().toLowerCase(java.util.Locale.ROOT));
            tabs.getTabs().add(t);
        }
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            if (was.intValue() >= 0) {
                views.get(was.intValue()).hidden();
            }
            views.get(now.intValue()).refresh();
        });

        groupBox.setId("group-chooser");
        groupBox.setItems(context.groups());
        groupBox.setPromptText("choose a group");
        groupBox.valueProperty().bindBidirectional(context.group());
        groupBox.setPrefWidth(220);
        context.group().addListener((o, a, b) -> current().refresh());
        Button refresh = new Button("Refresh (F5)");
        refresh.setOnAction(e -> refreshAll());
        Label connection = new Label();
        connection.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> context.api().get() == null ? "not connected" : context.api().get().serverUrl().toString(),
                context.api()));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        Button about = new Button("About");
        about.setId("about");
        about.setOnAction(e -> About.show(Forms.window(root)));
        root.setTop(new ToolBar(new Label("Group:"), groupBox, refresh, spring, connection, about));
        root.setCenter(tabs);

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.visibleProperty().bind(context.background().running().greaterThan(0));
        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(context.background().message());
        HBox status = new HBox(8, spinner, message);
        status.setPadding(new Insets(4, 8, 4, 8));
        root.setBottom(status);

        context.api().addListener((o, a, b) -> refreshAll());
    }

    public Scene scene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(MainWindow.class.getResource("console.css").toExternalForm());
        for (int i = 0; i < views.size() && i < 10; i++) {
            int index = i;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf((i + 1) % 10)),
                    KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(index));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), this::refreshAll);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                () -> current().create());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN),
                () -> current().edit());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DELETE), () -> {
            if (!(scene.getFocusOwner() instanceof TextInputControl)) {
                current().delete();
            }
        });
        return scene;
    }

    public TabPane tabs() {
        return tabs;
    }

    private ConsoleView current() {
        return views.get(Math.max(0, tabs.getSelectionModel().getSelectedIndex()));
    }

    /** Lists the groups again (keeping the chosen one if it still exists) and reloads the visible view. */
    public void refreshAll() {
        var api = context.api().get();
        if (api == null) {
            context.groups().clear();
            current().refresh();
            return;
        }
        context.background().run("Listing groups", api::listGroups, names -> {
            String keep = context.group().get();
            context.groups().setAll(names);
            if (keep != null && names.contains(keep)) {
                context.group().set(keep);
            } else if (!names.isEmpty()) {
                context.group().set(names.get(0));
            }
            current().refresh();
        });
    }
}
