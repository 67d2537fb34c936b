package org.nereid.console.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import com.fasterxml.jackson.databind.JsonNode;

import org.nereid.admin.AdminClient;
import org.nereid.admin.AdminException;
import org.nereid.admin.UntrustedServerException;
import org.nereid.console.ConsoleContext;

/**
 * The servers view's logic: profiles, connecting (with certificate pinning), and the
 * server on this computer (start, health, stop). No controls here, so it is testable
 * without a window.
 */
public final class ServersModel implements AutoCloseable {
    private static final int LOG_LINES = 2000;
    private final ConsoleContext context;
    private final ObservableList<ServerProfile> profiles = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper health = new ReadOnlyStringWrapper("Not running.");
    private final ReadOnlyStringWrapper connected = new ReadOnlyStringWrapper("Not connected.");
    private final ReadOnlyStringWrapper turn = new ReadOnlyStringWrapper(TurnFlag.AUTO);
    private final LocalServer local;
    private final Path serviceFile;
    /** The installed service as last read, or null; written in the background, read anywhere. */
    private volatile InstalledService service;
    /** A start or restart is under way (FX thread): the health probe leaves its line alone. */
    private boolean launching;

    public ServersModel(ConsoleContext context, Path localHome, List<String> serverProgram, Path serviceFile) {
        this.context = context;
        this.serviceFile = serviceFile;
        this.local = new LocalServer(localHome, serverProgram, line -> Platform.runLater(() -> {
            log.add(line);
            if (log.size() > LOG_LINES) {
                log.remove(0, log.size() - LOG_LINES);
            }
        }));
    }

    public ObservableList<ServerProfile> profiles() {
        return profiles;
    }

    public ObservableList<String> log() {
        return log;
    }

    public ReadOnlyStringProperty health() {
        return health.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connected() {
        return connected.getReadOnlyProperty();
    }

    public LocalServer local() {
        return local;
    }

    /** Loads the saved profiles, with the installed service's up to date if there is one. */
    public void load() {
        context.background().run("Loading server profiles", () -> {
            List<ServerProfile> all = new ArrayList<>(context.store().load());
            try {
                service = InstalledService.read(serviceFile).orElse(null);
            } catch (IOException e) {
                service = null;
                context.background().say(e.getMessage()); // the saved profiles still load
            }
            if (service != null) {
                all.removeIf(p -> p.name().equals(InstalledService.PROFILE_NAME));
                all.add(0, service.profile());
            }
            return all;
        }, profiles::setAll);
    }

    /** Adds or replaces (by name) a profile and saves the list. */
    public void save(ServerProfile p) {
        List<ServerProfile> copy = new ArrayList<>(profiles);
        copy.removeIf(old -> old.name().equals(p.name()));
        copy.add(p);
        copy.sort((a, b) -> Boolean.compare(b.local(), a.local()) * 2 + Integer.signum(a.name().compareTo(b.name())));
        profiles.setAll(copy);
        List<ServerProfile> snapshot = List.copyOf(copy);
        context.background().run("Saving server profiles", () -> {
            context.store().save(snapshot);
            return null;
        }, x -> { });
    }

    public void remove(ServerProfile p) {
        profiles.remove(p);
        List<ServerProfile> snapshot = List.copyOf(profiles);
        context.background().run("Removing " + p.name(), () -> {
            context.store().save(snapshot);
            context.store().remember(p.name(), null);
            return null;
        }, x -> { });
    }

    /** The remembered secret of a profile, or null (blocking; background use). */
    public String rememberedSecret(ServerProfile p) throws IOException {
        return context.store().secret(p.name());
    }

    /**
     * Connects with {@code secret} (null: the remembered one). If the server's certificate is
     * not trusted, {@code pin} is asked (on the FX thread) whether to trust that fingerprint;
     * on yes the fingerprint is saved in the profile and the connection retried.
     */
    public void connect(ServerProfile p, String secret, boolean remember,
            Predicate<UntrustedServerException> pin) {
        context.background().run("Connecting to " + p.name(), () -> {
            String s = secret != null && !secret.isEmpty() ? secret : context.store().secret(p.name());
            InstalledService installed = service;
            if (s == null && installed != null && p.name().equals(InstalledService.PROFILE_NAME)) {
                s = installed.password();
            }
            if (s == null) {
                throw new IOException("No password or token for " + p.name() + ". Type it and connect again.");
            }
            AdminClient api = p.connect(s);
            api.listGroups();
            if (remember) {
                context.store().remember(p.name(), s);
            }
            return api;
        }, api -> {
            context.api().set(api);
            connected.set("Connected to " + p.name() + " (" + p.url() + ").");
        }, e -> {
            UntrustedServerException u = untrusted(e);
            if (u != null && pin.test(u)) {
                ServerProfile pinned = p.withFingerprint(u.fingerprint());
                save(pinned);
                connect(pinned, secret, remember, pin);
            }
        });
    }

    public void disconnect() {
        context.api().set(null);
        connected.set("Not connected.");
    }

    /**
     * Starts the server on this computer, runs the initial setup if needed, waits until the
     * admin API answers, and connects to it.
     */
    public void startLocal() {
        launch("Starting the server on this computer", false);
    }

    /** Stops the server on this computer and starts it again (with the settings saved meanwhile). */
    public void restartLocal() {
        launch("Restarting the server on this computer", true);
    }

    private void launch(String what, boolean stopFirst) {
        ServerProfile existing = profiles.stream().filter(ServerProfile::local).findFirst().orElse(null);
        int port = existing == null ? 0 : java.net.URI.create(existing.url()).getPort();
        health.set(stopFirst ? "Restarting…" : "Starting…");
        launching = true;
        context.background().run(what, () -> {
            if (stopFirst) {
                local.stop();
            }
            int chosen = local.start(port, pw -> {
                try {
                    context.store().remember(ServerProfile.LOCAL_NAME, pw);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ServerProfile p = new ServerProfile(ServerProfile.LOCAL_NAME, "http://127.0.0.1:" + chosen + "/",
                    FirstRunSetup.ADMIN, false, null, true);
            AdminClient api = p.connect(context.store().secret(p.name()));
            waitUntilAnswering(api);
            return new Started(p, api);
        }, s -> {
            launching = false;
            save(s.profile());
            context.api().set(s.api());
            connected.set("Connected to the server on this computer (" + s.profile().url() + ").");
            health.set("Running.");
        }, e -> {
            launching = false;
            health.set((local.isRunning() ? "Running, but not usable: " : "Not running: ")
                    + org.nereid.console.Problems.describe(e));
        });
    }

    /** The -turn setting the server on this computer starts with (read in the background). */
    public void loadTurn() {
        context.background().run("Reading the settings of the server on this computer",
                () -> local.settings().turn(), turn::set);
    }

    /**
     * Checks and saves the -turn setting; {@code done} hears, on the FX thread, null when it
     * was saved or the sentence that says what is wrong.
     */
    public void saveTurn(String typed, java.util.function.Consumer<String> done) {
        String checked;
        try {
            checked = TurnFlag.check(typed);
        } catch (IllegalArgumentException e) {
            done.accept(e.getMessage());
            return;
        }
        context.background().run("Saving the TURN setting", () -> local.settings().saveTurn(checked), saved -> {
            turn.set(saved);
            done.accept(null);
        }, e -> done.accept(org.nereid.console.Problems.describe(e)));
    }

    /** The saved -turn setting of the server on this computer. */
    public ReadOnlyStringProperty turn() {
        return turn.getReadOnlyProperty();
    }

    private record Started(ServerProfile profile, AdminClient api) {
    }

    private void waitUntilAnswering(AdminClient api) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!local.isRunning()) {
                throw new IOException("The server stopped right after starting. Its log (below) says why.");
            }
            try {
                api.stats();
                return;
            } catch (AdminException e) {
                if (e.status() == 404) {
                    throw new AdminException(404, "The server started but offers no admin API (/galene-api/v0/)."
                            + " Install a newer server.");
                }
                throw e;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IOException("The server did not answer within a minute. Look at its log below.", last);
    }

    public void stopLocal() {
        context.background().run("Stopping the server on this computer", () -> {
            local.stop();
            return null;
        }, x -> {
            health.set("Not running.");
            if (context.api().get() != null && context.api().get().serverUrl().getHost().equals("127.0.0.1")
                    && !local.isRunning()) {
                disconnect();
            }
        });
    }

    /** One health probe of the connected server: counts from the admin API's statistics. */
    public void probeHealth() {
        AdminClient api = context.api().get();
        if (api == null || launching) {
            return;
        }
        context.background().run("Checking the server", api::stats, stats -> {
            if (!launching) {
                health.set(describe(stats));
            }
        }, e -> {
            if (!launching) {
                health.set("Not answering: " + org.nereid.console.Problems.describe(e));
            }
        });
    }

    static String describe(JsonNode stats) {
        int groups = stats.size();
        int clients = 0;
        for (JsonNode g : stats) {
            clients += g.path("clients").size();
        }
        return "Running: " + groups + (groups == 1 ? " group" : " groups") + " in use, "
                + clients + (clients == 1 ? " client" : " clients") + ".";
    }

    private static UntrustedServerException untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UntrustedServerException u) {
                return u;
            }
        }
        return null;
    }

    @Override
    public void close() {
        local.close();
    }
}
