package org.nereid.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.nereid.json.Json;
import org.nereid.model.Permissions;
import org.nereid.model.ServerConfig;
import org.nereid.model.UserDescription;
import org.nereid.password.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * initial-setup: writes a server config.json with one administrator (bcrypt, cost 12, as
 * galenectl) and writable groups, and nereidctl's own configuration with the same
 * credentials. Neither file may exist already.
 */
@Command(name = "initial-setup", description = "initial setup of the server and nereidctl")
final class SetupCommand extends CtlCommand {
    private static final int ADMIN_BCRYPT_COST = 12;

    @Option(names = {"-config", "--config"}, paramLabel = "file", defaultValue = "config.json",
            description = "server configuration file to create (default config.json)")
    Path serverConfigFile;

    @Override
    public Integer call() throws IOException {
        CtlConfig settings = ctl.settings();
        if (settings.adminUsername() == null || settings.adminUsername().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Option \"-admin-username\" is required");
        }
        String password = settings.adminPassword();
        if ((password == null || password.isEmpty()) && settings.adminToken() == null) {
            password = ctl.readPassword("Administrator password: ");
        }
        ServerConfig config = ServerConfig.EMPTY.withWritableGroups(true);
        if (password != null && !password.isEmpty()) {
            config = config.withUser(settings.adminUsername(),
                    new UserDescription(Passwords.bcrypt(password, ADMIN_BCRYPT_COST), Permissions.named("admin")));
        }
        CtlConfig own = new CtlConfig(settings.server(), settings.adminUsername(), password, settings.adminToken(),
                settings.serverFingerprint());
        Path ctlFile = ctl.configPath();

        createExclusively(serverConfigFile, Json.writePretty(config));
        try {
            createExclusively(ctlFile, Json.writePretty(own));
        } catch (IOException e) {
            Files.deleteIfExists(serverConfigFile);
            throw e;
        }
        PrintWriter out = out();
        out.println("The file " + serverConfigFile + " has been created.  Please copy it into your server's");
        out.println("\"data/\" directory.");
        out.println("The file " + ctlFile + " has been created.  It contains the administrator's");
        out.println("password in cleartext, please keep it secure.");
        return 0;
    }

    /** Creates {@code file} readable by its owner only; refuses to replace an existing file. */
    private static void createExclusively(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                if (!Files.isDirectory(parent)) {
                    Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                }
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createDirectories(parent);
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " already exists; move it away first if you want a new one", e);
        }
        Files.writeString(file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
