package org.nereid.console.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The initial setup of a server the console runs on this computer: an admin account with
 * a fresh random password and writable groups, in {@code data/config.json} (Galène's
 * format), so the operator is connected with no manual step.
 *
 * <p>Stands in for {@code nereidctl initial-setup} (common), which this should call once it
 * is in main; the password is stored hashed (PBKDF2-SHA-256, Galène's "pbkdf2" type).
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
        ObjectNode config = AdminApi.JSON.createObjectNode();
        ObjectNode admin = config.putObject("users").putObject(ADMIN);
        admin.set("password", pbkdf2(password));
        admin.put("permissions", "admin");
        config.put("writableGroups", true);
        ProfileStore.write(dataDir.resolve("config.json"),
                AdminApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config), true);
        return password;
    }

    private static ObjectNode pbkdf2(String password) throws IOException {
        byte[] salt = new byte[8];
        RANDOM.nextBytes(salt);
        int iterations = 4096;
        try {
            var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            ObjectNode p = AdminApi.JSON.createObjectNode();
            p.put("type", "pbkdf2");
            p.put("hash", "sha-256");
            p.put("key", HexFormat.of().formatHex(key));
            p.put("salt", HexFormat.of().formatHex(salt));
            p.put("iterations", iterations);
            return p;
        } catch (GeneralSecurityException e) {
            throw new IOException("This Java runtime cannot hash passwords (PBKDF2 is missing).", e);
        }
    }

}
