package org.nereid.console.server;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import org.nereid.admin.UntrustedServerException;
import org.nereid.console.ConsoleView;
import org.nereid.console.Forms;

/** Server profiles, connecting, and the server on this computer with its log and health. */
public final class ServersView implements ConsoleView {
    private final ServersModel model;
    private final SplitPane root = new SplitPane();
    private final ListView<ServerProfile> list = new ListView<>();
    private final TextField name = new TextField();
    private final TextField url = new TextField();
    private final TextField username = new TextField();
    private final CheckBox useToken = new CheckBox("Use a bearer token instead of a user name and password");
    private final PasswordField secret = new PasswordField();
    private final CheckBox remember = new CheckBox("Remember the password or token on this computer");
    private final Label fingerprint = new Label();
    private final Timeline healthTimer;

    public ServersView(ServersModel model) {
        this.model = model;
        name.setId("profile-name");
        url.setId("profile-url");
        username.setId("profile-user");
        secret.setId("profile-secret");
        list.setId("profiles");
        list.setItems(model.profiles());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> show(p));
        username.disableProperty().bind(useToken.selectedProperty());

        GridPane form = Forms.grid();
        Forms.row(form, "Name", name, "How this server appears in the console.");
        Forms.row(form, "Address", url, "For example https://meet.example.org:8443/ — the address of the server.");
        Forms.row(form, "Admin user", username, "A user with the admin permission in the server's data/config.json.");
        form.add(useToken, 1, form.getRowCount());
        Forms.row(form, "Password or token", secret,
                "Kept in memory only, unless you tick Remember (then in an owner-only file in "
                        + model.local().home().getParent() + ").");
        form.add(remember, 1, form.getRowCount());
        Forms.row(form, "Pinned certificate", fingerprint,
                "The SHA-256 fingerprint of a self-signed certificate you accepted.");

        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.setDefaultButton(true);
        connect.setOnAction(e -> connect());
        Button saveButton = new Button("Save profile");
        saveButton.setOnAction(e -> profile().ifPresent(model::save));
        Button disconnect = new Button("Disconnect");
        disconnect.setOnAction(e -> model.disconnect());
        Label status = new Label();
        status.setId("connection-status");
        status.textProperty().bind(model.connected());
        VBox editor = new VBox(10, form, new HBox(8, connect, saveButton, disconnect), status);

        Button start = new Button("Start");
        start.setId("local-start");
        start.setOnAction(e -> model.startLocal());
        Button stop = new Button("Stop");
        stop.setId("local-stop");
        stop.setOnAction(e -> model.stopLocal());
        Button restart = new Button("Restart");
        restart.setId("local-restart");
        restart.setOnAction(e -> model.restartLocal());
        Label health = new Label();
        health.setId("local-health");
        health.textProperty().bind(model.health());
        ListView<String> log = new ListView<>(model.log());
        log.setId("local-log");
        log.setPrefHeight(220);
        model.log().addListener((javafx.collections.ListChangeListener<String>) c -> log.scrollTo(model.log().size()));
        Label where = new Label("Data in " + model.local().home() + ". The server stops when the console quits.");
        where.getStyleClass().add("help");
        TitledPane localPane = new TitledPane("This computer",
                new VBox(8, new HBox(8, start, stop, restart, health), turnSetting(), where, log));
        localPane.setCollapsible(false);

        Button add = new Button("New profile");
        add.setOnAction(e -> create());
        Button remove = new Button("Remove");
        remove.setOnAction(e -> delete());
        BorderPane left = new BorderPane(list, null, null, new HBox(8, add, remove), null);
        BorderPane.setMargin(list, new Insets(0, 0, 8, 0));
        VBox right = new VBox(16, editor, localPane);
        right.setPadding(new Insets(10));
        left.setPadding(new Insets(10));
        root.getItems().addAll(left, right);
        root.setDividerPositions(0.25);
        healthTimer = new Timeline(new KeyFrame(Duration.seconds(3), e -> {
            if (model.local().isRunning()) {
                model.probeHealth();
            }
        }));
        healthTimer.setCycleCount(Timeline.INDEFINITE);
        healthTimer.play();
    }

    /** The -turn field: checked and saved on Save, used from the next start. */
    private Node turnSetting() {
        TextField turn = new TextField();
        turn.setId("local-turn");
        turn.setPromptText("auto");
        turn.setPrefColumnCount(16);
        model.turn().addListener((o, a, b) -> turn.setText(b));
        turn.setText(model.turn().get());
        Label message = new Label("auto, off, :PORT (every local address) or ADDR:PORT (behind port forwarding:"
                + " clients are told ADDR).");
        message.setId("local-turn-message");
        message.getStyleClass().add("help");
        message.setWrapText(true);
        Button save = new Button("Save");
        save.setId("local-turn-save");
        save.setOnAction(e -> model.saveTurn(turn.getText(), problem -> {
            message.getStyleClass().removeAll("help", "error-text");
            message.getStyleClass().add(problem == null ? "help" : "error-text");
            String flag = TurnFlag.argument(model.turn().get());
            message.setText(problem == null ? "Saved: the server starts with -turn " + (flag.isEmpty() ? "\"\"" : flag)
                    + (model.local().isRunning() ? ". Restart it to use the new setting." : ".") : problem);
        }));
        Label title = new Label("Built-in TURN server (-turn)");
        title.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        save.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox row = new HBox(8, title, turn, save);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        model.loadTurn();
        return new VBox(4, row, message);
    }

    private void show(ServerProfile p) {
        if (p == null) {
            return;
        }
        name.setText(p.name());
        url.setText(p.url());
        username.setText(p.username());
        useToken.setSelected(p.useToken());
        fingerprint.setText(p.fingerprint() == null ? "(none)" : p.fingerprint());
        secret.clear();
    }

    private java.util.Optional<ServerProfile> profile() {
        try {
            ServerProfile selected = list.getSelectionModel().getSelectedItem();
            String pin = selected != null && selected.name().equals(name.getText()) ? selected.fingerprint() : null;
            boolean local = selected != null && selected.local() && selected.name().equals(name.getText());
            return java.util.Optional.of(new ServerProfile(name.getText().strip(), url.getText(),
                    username.getText().strip(), useToken.isSelected(), pin, local));
        } catch (IllegalArgumentException e) {
            Forms.error(Forms.window(root), "This profile is not complete", e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private void connect() {
        profile().ifPresent(p -> {
            model.save(p);
            model.connect(p, secret.getText(), remember.isSelected(), this::askToPin);
        });
    }

    private boolean askToPin(UntrustedServerException u) {
        Alert a = new Alert(Alert.AlertType.WARNING, "No authority this computer trusts vouches for this server's"
                + " certificate. If you set up the server yourself, compare its fingerprint with the one the server"
                + " printed, and trust it only if they are the same.\n\nSubject: " + u.subject()
                + "\nSHA-256: " + u.fingerprint(), ButtonType.YES, ButtonType.NO);
        a.getDialogPane().setId("pin-dialog");
        a.initOwner(Forms.window(root));
        a.setTitle("Unknown certificate");
        a.setHeaderText("Trust this server's certificate?");
        return a.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    @Override
    public String title() {
        return "Servers";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        if (model.profiles().isEmpty()) {
            model.load();
        }
        model.probeHealth();
    }

    @Override
    public void create() {
        list.getSelectionModel().clearSelection();
        name.setText("");
        url.setText("https://");
        username.setText("admin");
        useToken.setSelected(false);
        fingerprint.setText("(none)");
        secret.clear();
        name.requestFocus();
    }

    @Override
    public void delete() {
        ServerProfile p = list.getSelectionModel().getSelectedItem();
        if (p != null && Forms.confirm(Forms.window(root), "Remove " + p.name() + "?",
                "The profile and its remembered password are removed from this computer. The server is not changed.")) {
            model.remove(p);
        }
    }
}
