package org.nereid.service;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;
import org.nereid.model.Permissions;
import org.nereid.model.ServerConfig;
import org.nereid.model.UserDescription;
import org.nereid.password.PasswordFormatException;
import org.nereid.password.Passwords;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Run by the system service before each start of the server, with the server's own flags
 * (those it does not know are ignored). On the first start (no {@code data/config.json}) it
 * creates the admin user {@value #ADMIN} with a freshly generated password, so an installed
 * server never runs with a password anybody could know. It keeps a lasting self-signed
 * certificate unless the server is -insecure, and it (re)writes the console's discovery file.
 * It never changes a user or a configuration that already exists.
 */
@Command(name = "nereid-setup", usageHelpAutoWidth = true,
        description = "Prepares the data directory of the Nereid service; takes the server's flags"
                + " and ignores those it does not need.")
public final class ServiceSetup implements Callable<Integer> {
    static final String ADMIN = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Option(names = {"-http", "--http"}, defaultValue = ":8443",
            description = "the server's -http address (default ${DEFAULT-VALUE})")
    String http;

    @Option(names = {"-insecure", "--insecure"}, description = "the server runs with -insecure")
    boolean insecure;

    @Option(names = {"-data", "--data"}, defaultValue = "./data/",
            description = "the server's data directory (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = {"-console-file", "--console-file"},
            description = "where to write the console's discovery file (default: console.json beside the data directory)")
    Path consoleFile;

    @Option(names = {"-help", "--help", "-h"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** The server's other flags, given to both by the service unit. */
    @Unmatched
    List<String> otherServerFlags = new ArrayList<>();

    private final List<String> report = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServiceSetup()).execute(args));
    }

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        Path dataDir = data.toAbsolutePath().normalize();
        Path discoveryFile = consoleFile != null ? consoleFile : dataDir.resolveSibling("console.json");
        Files.createDirectories(dataDir);
        String password = createConfigIfAbsent(dataDir.resolve("config.json"));
        if (!insecure && SelfSignedCertificate.createIfAbsent(dataDir, hostName())) {
            report.add("created a self-signed certificate in " + dataDir.resolve("cert.pem"));
        }
        ConsoleDiscovery discovery = discovery(dataDir, discoveryFile, password);
        if (discovery != null) {
            Json.writeAtomically(discoveryFile, discovery);
            Files.setPosixFilePermissions(discoveryFile, PosixFilePermissions.fromString("rw-r-----"));
        }
        report.forEach(line -> System.err.println("nereid-setup: " + line));
        return 0;
    }

    /** Lines telling what was done, for the journal. */
    List<String> report() {
        return report;
    }

    /** Writes config.json with a new admin user when there is none; returns the new password, or null. */
    private String createConfigIfAbsent(Path configFile) throws IOException {
        if (Files.exists(configFile)) {
            return null;
        }
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ServerConfig config = ServerConfig.EMPTY
                .withUser(ADMIN, new UserDescription(Passwords.hash(password), Permissions.named("admin")))
                .withWritableGroups(true);
        Json.writeAtomically(configFile, config);
        report.add("first start: created " + configFile + " with the admin user \"" + ADMIN
                + "\"; its password is in the console's discovery file");
        return password;
    }

    /**
     * The discovery file's new content: the password just generated, or the one already
     * there if config.json still accepts it; without a password if the operator changed it.
     * Null if config.json cannot be read (the server will say why; the old file is kept).
     */
    private ConsoleDiscovery discovery(Path dataDir, Path discoveryFile, String newPassword) throws IOException {
        String certificate = insecure ? null : dataDir.resolve("cert.pem").toString();
        String url = url(insecure, http);
        if (newPassword != null) {
            return new ConsoleDiscovery(url, ADMIN, newPassword, certificate);
        }
        ServerConfig config;
        try {
            config = Json.readStrict(dataDir.resolve("config.json"), ServerConfig.class);
        } catch (JsonFileException e) {
            report.add("left " + discoveryFile + " unchanged: " + e.getMessage());
            return null;
        }
        ConsoleDiscovery known = readDiscovery(discoveryFile);
        String username = known == null || known.username() == null ? ADMIN : known.username();
        String password = known == null ? null : known.password();
        UserDescription user = config.users().get(username);
        if (password != null && (user == null || !accepts(user, password))) {
            report.add("the password of \"" + username + "\" in config.json was changed by hand;"
                    + " the console will ask for it");
            password = null;
        }
        return new ConsoleDiscovery(url, username, password, certificate);
    }

    private static boolean accepts(UserDescription user, String password) {
        try {
            return Passwords.matches(user.password(), password);
        } catch (PasswordFormatException e) {
            return false;
        }
    }

    private ConsoleDiscovery readDiscovery(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Json.readStrict(file, ConsoleDiscovery.class);
        } catch (IOException e) {
            report.add("rewriting " + file + ", which could not be read: " + e.getMessage());
            return null;
        }
    }

    /**
     * The URL this computer reaches the server at, from a -http value ({@code :8443},
     * {@code host:port}, {@code [v6]:port}); a wildcard address becomes the loopback one.
     */
    static String url(boolean insecure, String http) {
        int colon = http.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("-http: expected host:port or :port, got \"" + http + "\"");
        }
        String host = http.substring(0, colon);
        String port = http.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::")) {
            host = "::1";
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (insecure ? "http" : "https") + "://" + host + ":" + port + "/";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
