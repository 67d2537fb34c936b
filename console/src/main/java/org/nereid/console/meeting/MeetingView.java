package org.nereid.console.meeting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;

import netscape.javascript.JSObject;

import org.nereid.admin.AdminClient;
import org.nereid.console.ConsoleContext;
import org.nereid.console.ConsoleView;
import org.nereid.console.invites.Invitation;
import org.nereid.console.invites.InvitesModel;

/**
 * Joins a meeting through the server's web client in a WebView, for chat, users and
 * moderation; the page's signalling goes through {@link MeetingBridge}. WebView has no
 * WebRTC, so audio and video are offered in the system browser.
 */
public final class MeetingView implements ConsoleView {
    private final ConsoleContext context;
    private final BorderPane root = new BorderPane();
    private final TextField address = new TextField();
    private final Label note = new Label("WebView cannot send or receive audio and video:"
            + " use Open in browser for those.");
    private WebView web;
    /** Held strongly: WebEngine keeps Java objects only weakly. */
    private MeetingBridge bridge;
    private final javafx.animation.Timeline injector = new javafx.animation.Timeline(
            new javafx.animation.KeyFrame(javafx.util.Duration.millis(100), e -> inject(web.getEngine())));

    public MeetingView(ConsoleContext context) {
        this.context = context;
        address.setId("meeting-address");
        address.setPromptText("the group's page, or an invitation link");
        HBox.setHgrow(address, Priority.ALWAYS);
        Button join = new Button("Join here");
        join.setId("meeting-join");
        join.setOnAction(e -> join(address.getText()));
        Button browser = new Button("Open in browser");
        browser.setId("meeting-browser");
        browser.setOnAction(e -> context.showDocument(address.getText()));
        Button invite = new Button("Invite me as operator");
        invite.setId("meeting-invite-me");
        invite.setOnAction(e -> inviteMe());
        HBox bar = new HBox(8, address, join, browser, invite);
        bar.setPadding(new Insets(8));
        note.getStyleClass().add("help");
        note.setPadding(new Insets(0, 8, 4, 8));
        root.setTop(new javafx.scene.layout.VBox(bar, note));
        context.group().addListener((o, a, b) -> suggestAddress());
        context.api().addListener((o, a, b) -> suggestAddress());
        suggestAddress();
    }

    private void suggestAddress() {
        AdminClient api = context.api().get();
        String group = context.group().get();
        if (api != null && group != null && (address.getText().isEmpty() || !address.getText().contains("token="))) {
            address.setText(api.groupPage(group).toString());
        }
    }

    /** Loads the page with a fresh bridge to the connected server. */
    public void join(String url) {
        AdminClient api = context.api().get();
        if (api == null || url == null || url.isBlank()) {
            context.background().say("Connect to a server and choose a group first.");
            return;
        }
        if (web == null) {
            web = new WebView();
            web.setId("meeting-web");
            root.setCenter(web);
            WebEngine engine = web.getEngine();
            // The page may keep loading (RUNNING) long after its scripts run, while it waits
            // only 5 s for the bridge; and until the new document is committed, "window" is
            // still the previous page's. So check every 100 ms for as long as the page loads
            // (setting the bridge again wherever it is missing), and once more at the end.
            engine.documentProperty().addListener((o, a, d) -> inject(engine));
            injector.setCycleCount(javafx.animation.Animation.INDEFINITE);
            engine.getLoadWorker().stateProperty().addListener((o, a, s) -> {
                if (s == Worker.State.RUNNING) {
                    injector.playFromStart();
                } else if (s == Worker.State.SUCCEEDED) {
                    injector.stop();
                    inject(engine);
                } else if (s == Worker.State.CANCELLED) {
                    injector.stop();
                } else if (s == Worker.State.FAILED) {
                    injector.stop();
                    context.background().say("The meeting page did not load: "
                            + engine.getLoadWorker().getException() + ". Check the server is running.");
                }
            });
        }
        if (bridge != null) {
            bridge.close();
        }
        bridge = new MeetingBridge(api.webSocket(), api.httpClient(), new PageEvents(web.getEngine()),
                context::showDocument);
        web.getEngine().load(url.strip());
    }

    private void inject(WebEngine engine) {
        if (bridge == null || engine.getDocument() == null) {
            return;
        }
        JSObject window = (JSObject) engine.executeScript("window");
        if (!(window.getMember("nereidBridge") instanceof MeetingBridge)) {
            window.setMember("nereidBridge", bridge);
        }
    }

    /** Mints a 12-hour operator invitation for the admin's own name and puts its link in the address. */
    private void inviteMe() {
        AdminClient api = context.api().get();
        String group = context.group().get();
        if (api == null || group == null) {
            context.background().say("Connect to a server and choose a group first.");
            return;
        }
        String me = api.username();
        Instant now = Instant.now();
        Invitation spec = new Invitation(null, me, List.of("op", "present", "message", "record"),
                now.plus(Duration.ofHours(12)), null, null, null, false);
        new InvitesModel(context, java.time.Clock.systemUTC()).mint(spec, made -> {
            address.setText(made.link().toString());
            context.background().say("Operator invitation created (valid 12 hours). Join here or open in browser.");
        });
    }

    public MeetingBridge bridge() {
        return bridge;
    }

    public WebView web() {
        return web;
    }

    @Override
    public String title() {
        return "Meeting";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        suggestAddress();
    }
}
