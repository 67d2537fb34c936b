package org.nereid.console.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server on this computer, run as a child process of the console:
 * {@code nereid-server (or java -jar nereid-server.jar) -insecure -http 127.0.0.1:PORT -data HOME/data -groups HOME/groups
 * -recordings HOME/recordings -turn TURN}, its web server on loopback only, TURN as {@link LocalSettings} say.
 * Owns the process; {@link #stop()} is idempotent. Log lines go to a listener as they come.
 */
public final class LocalServer implements AutoCloseable {
    private final Path home;
    private final List<String> program;
    private final Consumer<String> log;
    private final LocalSettings settings;
    private Process process;

    /** @param program how to run the server ({@link #findProgram()}), or null if there is none */
    public LocalServer(Path home, List<String> program, Consumer<String> log) {
        this.home = home;
        this.program = program;
        this.log = log;
        this.settings = new LocalSettings(home);
    }

    /**
     * How to run the server here, as the start of a command line: {@code nereid.serverJar} or
     * {@code NEREID_SERVER_JAR} if set, else the installed server's launcher (which brings its
     * own Java), else a jar built in this source tree; null if there is none.
     */
    public static List<String> findProgram() {
        String configured = System.getProperty("nereid.serverJar", System.getenv("NEREID_SERVER_JAR"));
        return findProgram(configured, List.of(Path.of("/opt/nereid-server/bin/nereid-server"),
                Path.of("C:\\Program Files\\nereid-server\\nereid-server.exe"),
                Path.of("/Applications/nereid-server.app/Contents/MacOS/nereid-server")),
                List.of(Path.of("server/target/nereid-server.jar"), Path.of("../server/target/nereid-server.jar")));
    }

    static List<String> findProgram(String configuredJar, List<Path> launchers, List<Path> builtJars) {
        if (configuredJar != null && !configuredJar.isBlank() && Files.isRegularFile(Path.of(configuredJar))) {
            return javaJar(Path.of(configuredJar));
        }
        for (Path launcher : launchers) {
            if (Files.isRegularFile(launcher) && Files.isExecutable(launcher)) {
                return List.of(launcher.toString());
            }
        }
        for (Path jar : builtJars) {
            if (Files.isRegularFile(jar)) {
                return javaJar(jar);
            }
        }
        return null;
    }

    private static List<String> javaJar(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(serverJvmOptions());
        command.addAll(List.of("-jar", jar.toAbsolutePath().normalize().toString()));
        return List.copyOf(command);
    }

    /**
     * The JVM options every launcher of the server uses (server/jvm.options, copied into the
     * console at build time); the installed launcher has them already.
     */
    static List<String> serverJvmOptions() {
        try (InputStream in = LocalServer.class.getResourceAsStream("jvm.options")) {
            if (in == null) {
                throw new IllegalStateException("jvm.options is missing from the console's classes");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    /** The operator's settings for this server (its -turn value). */
    public LocalSettings settings() {
        return settings;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server on {@code port} (0 picks a free one) and returns the port. Runs the
     * initial setup first if this server was never set up; its admin password is then given to
     * {@code firstPassword}.
     */
    public synchronized int start(int port, Consumer<String> firstPassword) throws IOException {
        if (isRunning()) {
            throw new IOException("The server on this computer is already running.");
        }
        if (program == null) {
            throw new IOException("The server program was not found. Install the nereid-server package, build it"
                    + " with `mvn -pl server -am package`, or set NEREID_SERVER_JAR to the path of nereid-server.jar.");
        }
        Files.createDirectories(dataDir());
        Files.createDirectories(home.resolve("groups"));
        Files.createDirectories(home.resolve("recordings"));
        if (!FirstRunSetup.isDone(dataDir())) {
            log.accept("First start: creating the admin account in " + dataDir().resolve("config.json"));
            firstPassword.accept(FirstRunSetup.run(dataDir()));
        }
        int chosen = port > 0 ? port : freePort();
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of("-insecure", "-http", "127.0.0.1:" + chosen, "-data", dataDir().toString(),
                "-groups", home.resolve("groups").toString(), "-recordings", home.resolve("recordings").toString(),
                "-turn", TurnFlag.argument(settings.turn())));
        log.accept("Starting: " + String.join(" ", command.stream().map(a -> a.isEmpty() ? "\"\"" : a).toList()));
        process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        Process p = process;
        Thread reader = new Thread(() -> pump(p), "local-server-log");
        reader.setDaemon(true);
        reader.start();
        return chosen;
    }

    private void pump(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                log.accept(line);
            }
        } catch (IOException e) {
            log.accept("(log closed: " + e.getMessage() + ")");
        }
        try {
            log.accept("The server stopped (exit code " + p.waitFor() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server: a polite termination, then a forced one after 10 s. Safe to call twice. */
    public synchronized void stop() {
        Process p = process;
        process = null;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
