package org.nereid.console.server;

import java.nio.file.Path;
import java.util.Locale;

/** Where the console keeps its files, following each system's convention. */
public final class ConfigDir {
    private ConfigDir() {
    }

    /** The console's configuration directory; {@code nereid.console.config} overrides it (tests). */
    public static Path console() {
        String override = System.getProperty("nereid.console.config");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home).resolve("Nereid").resolve("console");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Application Support/Nereid/console");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("nereid/console");
    }
}
