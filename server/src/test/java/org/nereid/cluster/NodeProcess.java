package org.nereid.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A Nereid server as a real child process ({@code target/nereid-server.jar}, built by
 * {@code package} before Failsafe runs), with its own data and groups directories, on
 * 127.0.0.1: what a node of a cluster test is, so that it can be killed with SIGKILL.
 */
final class NodeProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "nereid-server.jar");
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    final String name;
    final Path dir;
    final int httpPort;
    final Path log;
    private final Process process;

    private NodeProcess(String name, Path dir, int httpPort, Process process, Path log) {
        this.name = name;
        this.dir = dir;
        this.httpPort = httpPort;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a node on {@code dir}/data and {@code dir}/groups.
     *
     * @param jvmOptions options for the node's JVM ({@code -Xlog:...})
     * @param flags      server flags beyond the directories and address ({@code -cluster ...})
     */
    static NodeProcess start(String name, Path dir, int httpPort, List<String> jvmOptions, List<String> flags)
            throws IOException {
        dir = dir.toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "-insecure",
                "-http", "127.0.0.1:" + httpPort, "-turn", "",
                "-data", dir.resolve("data").toString(), "-groups", dir.resolve("groups").toString(),
                "-recordings", dir.resolve("recordings").toString()));
        command.addAll(flags);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new NodeProcess(name, dir, httpPort, p, log);
    }

    /** Writes {@code home}/data/config.json: the administrator of {@link #ADMIN} and the origins pages may come from. */
    static void writeConfig(Path home, String allowOrigins) throws IOException {
        Files.writeString(home.resolve("data/config.json"), "{\"users\": {\"admin\": {\"password\": \"pw\", "
                + "\"permissions\": \"admin\"}}, \"allowOrigin\": [" + allowOrigins + "]}\n");
    }

    /** Writes a node's group files and config.json into its fresh home before it starts. */
    @FunctionalInterface
    interface HomeSetup {
        void write(Path home) throws IOException;
    }

    /**
     * Starts one node per HTTP port, called a, b, c…, in {@code dir}/a, /b… (emptied first; under
     * target/, the logs stay there to read after a failure), each with its own cluster address
     * first in {@code -cluster}; returns them once all listen.
     *
     * @param flags the flags of node i beyond -cluster
     */
    static List<NodeProcess> startCluster(Path dir, int[] http, int[] cluster, IntFunction<List<String>> flags,
                                          HomeSetup setup, Duration timeout) throws Exception {
        deleteTree(dir);
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 0; i < http.length; i++) {
            String name = String.valueOf((char) ('a' + i));
            Path home = dir.resolve(name);
            Files.createDirectories(home.resolve("groups"));
            Files.createDirectories(home.resolve("data/var"));
            setup.write(home);
            StringBuilder peers = new StringBuilder("127.0.0.1:" + cluster[i]);
            for (int p : cluster) {
                peers.append(",127.0.0.1:").append(p);
            }
            List<String> all = new ArrayList<>(flags.apply(i));
            all.addAll(List.of("-cluster", peers.toString()));
            nodes.add(start(name, home, http[i], List.of(), all));
            if (i == 0) {
                // the first node forms the cluster (and offers it its files); the others join it
                nodes.get(0).awaitListening(timeout);
            }
        }
        for (NodeProcess n : nodes) {
            n.awaitListening(timeout);
        }
        return nodes;
    }

    /** Stops every node still there (SIGTERM, then SIGKILL after 20 s). */
    static void closeAll(NodeProcess... nodes) throws InterruptedException {
        for (NodeProcess n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until the web server listens (its log says so). */
    void awaitListening(Duration timeout) throws Exception {
        awaitLog(l -> l.contains("Listening on http://127.0.0.1:" + httpPort), timeout);
    }

    void awaitLog(Predicate<String> line, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not get there in " + timeout + ":\n" + tail());
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", ADMIN));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The names of the process's threads, as the kernel keeps them (15 characters at most). */
    List<String> threadNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.add(Files.readString(task.resolve("comm")).trim());
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        return names;
    }

    /** The TCP ports this process listens on: its socket inodes matched in /proc/net/tcp and tcp6. */
    java.util.Set<Integer> listeningTcpPorts() throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closed) {
                    // closed meanwhile
                }
            }
        }
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid()), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** SIGTERM, as a service stop sends it, without waiting: the node's shutdown hook runs. */
    void sigterm() {
        process.destroy();
    }

    /** Whether the process ended within {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or said goodbye to. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            kill9();
        }
    }
}
