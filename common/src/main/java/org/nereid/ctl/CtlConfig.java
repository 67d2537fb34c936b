package org.nereid.ctl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.nereid.json.Json;

/**
 * nereidctl's own configuration file, in galenectl's format ({@code server},
 * {@code admin-username}, {@code admin-password}, {@code admin-token}) plus Nereid's
 * {@code server-fingerprint}: the SHA-256 fingerprint of a self-signed server certificate
 * to trust.
 */
@JsonPropertyOrder({"server", "admin-username", "admin-password", "admin-token", "server-fingerprint"})
record CtlConfig(
        @JsonProperty("server") String server,
        @JsonProperty("admin-username") @JsonInclude(Include.NON_EMPTY) String adminUsername,
        @JsonProperty("admin-password") @JsonInclude(Include.NON_EMPTY) String adminPassword,
        @JsonProperty("admin-token") @JsonInclude(Include.NON_EMPTY) String adminToken,
        @JsonProperty("server-fingerprint") @JsonInclude(Include.NON_EMPTY) String serverFingerprint) {

    static final String DEFAULT_SERVER = "https://localhost:8443";
    static final CtlConfig EMPTY = new CtlConfig("", null, null, null, null);

    CtlConfig {
        server = server == null ? "" : server;
    }

    /** Where nereidctl keeps its configuration: the user's configuration folder, as galenectl does. */
    static Path defaultPath() {
        return userConfigDir().resolve("nereid").resolve("nereidctl.json");
    }

    /** galenectl's configuration file, read when nereidctl has none of its own. */
    static Path galenectlPath() {
        return userConfigDir().resolve("galene").resolve("galenectl.json");
    }

    /** Reads a configuration file; a missing file is an empty configuration. */
    static CtlConfig read(Path file) throws IOException {
        try {
            return Json.readStrict(file, CtlConfig.class);
        } catch (NoSuchFileException e) {
            return EMPTY;
        }
    }

    /** Each setting given on the command line wins over the one from the file. */
    CtlConfig overriddenBy(String flagServer, String flagUser, String flagPassword, String flagToken,
                           String flagFingerprint) {
        return new CtlConfig(first(flagServer, first(server, DEFAULT_SERVER)), first(flagUser, adminUsername),
                first(flagPassword, adminPassword), first(flagToken, adminToken),
                first(flagFingerprint, serverFingerprint));
    }

    /** Never shows the password or token. */
    @Override
    public String toString() {
        return "CtlConfig[server=" + server + ", admin-username=" + adminUsername + "]";
    }

    private static String first(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }

    private static Path userConfigDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.startsWith("windows")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData != null ? appData : home);
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".config");
    }
}
