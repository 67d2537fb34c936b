package org.nereid.console.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.nereid.json.Json;
import org.nereid.model.Permissions;
import org.nereid.model.ServerConfig;
import org.nereid.model.UserDescription;
import org.nereid.password.Passwords;

/**
 * The initial setup of a server the console runs on this computer: an admin account with
 * a fresh random password (stored hashed, as galenectl does) and writable groups, in
 * {@code data/config.json}, so the operator is connected with no manual step.
 *
 * <p>Does what {@code nereidctl initial-setup} does, through common's model and password
 * API, because the console owns this server's data directory; it should call that command's
 * code once it is in common.
 */
public final class FirstRunSetup {
    public static final String ADMIN = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FirstRunSetup() {
    }

    public static boolean isDone(Path dataDir) {
        return Files.exists(dataDir.resolve("config.json"));
    }

    /** Writes {@code config.json} and returns the admin password (to be remembered by the console). */
    public static String run(Path dataDir) throws IOException {
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ServerConfig config = ServerConfig.EMPTY
                .withUser(ADMIN, new UserDescription(Passwords.hash(password), Permissions.named("admin")))
                .withWritableGroups(true);
        Json.writeAtomically(dataDir.resolve("config.json"), config);
        return password;
    }
}
