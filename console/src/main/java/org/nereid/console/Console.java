package org.nereid.console;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import javafx.scene.Scene;

import org.nereid.console.cluster.ClusterView;
import org.nereid.console.groups.GroupsView;
import org.nereid.console.health.HealthView;
import org.nereid.console.invites.InvitesView;
import org.nereid.console.meeting.MeetingView;
import org.nereid.console.audit.AuditView;
import org.nereid.console.recordings.RecordingsView;
import org.nereid.console.server.InstalledService;
import org.nereid.console.server.LocalServer;
import org.nereid.console.server.ProfileStore;
import org.nereid.console.server.ServersModel;
import org.nereid.console.server.ServersView;
import org.nereid.console.stats.StatsView;
import org.nereid.console.users.UsersView;

/** The composition root: builds the context, models and views, and closes them in order. */
public final class Console implements AutoCloseable {
    private final Background background = new Background();
    private final ConsoleContext context;
    private final ServersModel servers;
    private final List<ConsoleView> views;
    private final MainWindow window;

    /**
     * @param configDir    where profiles and secrets are kept
     * @param showDocument opens URLs and files with the system (HostServices in the app)
     */
    public Console(Path configDir, Consumer<String> showDocument) {
        context = new ConsoleContext(background, new ProfileStore(configDir), showDocument);
        servers = new ServersModel(context, configDir.resolveSibling("local-server"), LocalServer.findProgram(),
                InstalledService.FILE);
        views = List.of(new ServersView(servers), new GroupsView(context), new UsersView(context),
                new InvitesView(context), new StatsView(context), new RecordingsView(context),
                new MeetingView(context), new AuditView(context), new HealthView(context, servers::log, About::version),
                new ClusterView(context));
        window = new MainWindow(context, views);
    }

    public Scene scene(double width, double height) {
        return window.scene(width, height);
    }

    public ConsoleContext context() {
        return context;
    }

    public ServersModel servers() {
        return servers;
    }

    /** The tabs' views, in order. */
    public List<ConsoleView> views() {
        return views;
    }

    public MainWindow window() {
        return window;
    }

    @Override
    public void close() {
        views.forEach(ConsoleView::hidden);
        servers.close();
        background.close();
    }
}
