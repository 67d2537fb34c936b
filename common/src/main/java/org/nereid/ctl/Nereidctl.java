package org.nereid.ctl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nereid.admin.AdminClient;
import org.nereid.admin.ServerTrust;
import org.nereid.admin.UserRef;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nereidctl}: galenectl's commands and flags, for Nereid and Galène servers alike.
 * Global options come before the command, the command's options after it, single-dash as
 * in Go ({@code nereidctl -insecure create-group -group city-watch -auto-subgroups}).
 */
@Command(name = "nereidctl", sortOptions = false,
        description = "Manage the groups, users and tokens of a Nereid (or Galène) server.",
        footer = "%nSee \"nereidctl COMMAND -help\" for the options of each command.",
        subcommands = {
            PasswordCommands.HashPassword.class, SetupCommand.class,
            PasswordCommands.SetPassword.class, PasswordCommands.DeletePassword.class,
            GroupCommands.ListGroups.class, GroupCommands.ShowGroup.class, GroupCommands.CreateGroup.class,
            GroupCommands.UpdateGroup.class, GroupCommands.DeleteGroup.class,
            UserCommands.ListUsers.class, UserCommands.CreateUser.class, UserCommands.UpdateUser.class,
            UserCommands.DeleteUser.class,
            TokenCommands.ListTokens.class, TokenCommands.CreateToken.class, TokenCommands.UpdateToken.class,
            TokenCommands.RevokeToken.class, TokenCommands.DeleteToken.class, AuditCommand.class,
            ClusterCommand.class})
public final class Nereidctl implements Callable<Integer> {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    @Option(names = {"-server", "--server"}, paramLabel = "url", description = "server URL (default "
            + CtlConfig.DEFAULT_SERVER + ")")
    String server;

    @Option(names = {"-insecure", "--insecure"}, description = "don't check server certificates")
    boolean insecure;

    @Option(names = {"-fingerprint", "--fingerprint"}, paramLabel = "sha256",
            description = "trust the server certificate with this SHA-256 fingerprint")
    String fingerprint;

    @Option(names = {"-config", "--config"}, paramLabel = "file", description = "configuration file")
    Path configFile;

    @Option(names = {"-admin-username", "--admin-username"}, paramLabel = "username",
            description = "administrator username")
    String adminUsername;

    @Option(names = {"-admin-password", "--admin-password"}, paramLabel = "password",
            description = "administrator password")
    String adminPassword;

    @Option(names = {"-admin-token", "--admin-token"}, paramLabel = "token", description = "administrator token")
    String adminToken;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    private final BufferedReader stdin;
    private final Console console;
    private CtlConfig settings;

    /** A nereidctl reading passwords and templates from {@code stdin}, never from a terminal. */
    Nereidctl(BufferedReader stdin) {
        this(stdin, null);
    }

    private Nereidctl(BufferedReader stdin, Console console) {
        this.stdin = stdin;
        this.console = console;
    }

    public static void main(String[] args) {
        Nereidctl ctl = new Nereidctl(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.console());
        System.exit(commandLine(ctl, new PrintWriter(System.out, true), new PrintWriter(System.err, true))
                .execute(args));
    }

    /** The command line for {@code ctl}, printing to {@code out} and {@code err}. */
    static CommandLine commandLine(Nereidctl ctl, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(ctl);
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("nereidctl " + commandLine.getCommandName() + ": " + describe(e));
            return 1;
        });
        return cl;
    }

    private static String describe(Exception e) {
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.toString();
    }

    /** Without a command: the list of commands, as galenectl prints it. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }

    /** The configuration file in use: -config, else nereidctl's, else galenectl's if only that exists. */
    Path configPath() {
        if (configFile != null) {
            return configFile;
        }
        Path own = CtlConfig.defaultPath();
        Path galene = CtlConfig.galenectlPath();
        return !own.toFile().exists() && galene.toFile().exists() ? galene : own;
    }

    /** The settings: command-line flags over the configuration file. */
    CtlConfig settings() throws IOException {
        if (settings == null) {
            Path file = configPath();
            settings = CtlConfig.read(file).overriddenBy(server, adminUsername, adminPassword, adminToken,
                    fingerprint);
        }
        return settings;
    }

    AdminClient client() throws IOException {
        CtlConfig s = settings();
        ServerTrust trust = insecure ? ServerTrust.insecure()
                : s.serverFingerprint() != null ? ServerTrust.pinned(s.serverFingerprint()) : ServerTrust.system();
        return AdminClient.create(URI.create(s.server()), s.adminUsername(), s.adminPassword(), s.adminToken(),
                trust);
    }

    /** Asks for a password on the terminal without echo, or reads a line when there is no terminal. */
    String readPassword(String prompt) throws IOException {
        if (console != null) {
            char[] pw = console.readPassword("%s", prompt);
            if (pw == null) {
                throw new IOException("no password given");
            }
            return new String(pw);
        }
        String line = stdin.readLine();
        if (line == null) {
            throw new IOException("no password given on standard input");
        }
        return line;
    }

    /** A JSON object template from standard input, or an empty one if {@code doJson} is false. */
    Map<String, Object> readTemplate(boolean doJson) throws IOException {
        if (!doJson) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, Object> template = Json.mapper().readValue(stdin, OBJECT);
            if (template == null) {
                throw new IOException("the template on standard input is null; give a JSON object");
            }
            return template;
        } catch (JacksonException e) {
            throw new JsonFileException("standard input", -1, "the template on standard input is not a JSON "
                    + "object: " + e.getOriginalMessage(), e);
        }
    }

    /** The user named by -user or -wildcard, exactly one of which is required. */
    static UserRef user(CommandSpec spec, String username, boolean wildcard) {
        if (wildcard == (username != null && !username.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "Exactly one of \"-user\" and \"-wildcard\" is required");
        }
        return wildcard ? UserRef.wildcardUser() : UserRef.named(username);
    }
}
