package org.nereid.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.testfx.util.WaitForAsyncUtils;

/** What the tests share whose console starts the real server (server/target/nereid-server.jar). */
public final class RealServer {
    private RealServer() {
    }

    /** A fresh directory for the console's files; skips the test when the server's jar is not built. */
    public static Path home(String prefix) throws IOException {
        String jar = System.getProperty("nereid.serverJar", "");
        assumeTrue(!jar.isEmpty() && Files.isRegularFile(Path.of(jar)),
                "pending: " + jar + " is not built (mvn -pl server -am package)");
        return Files.createTempDirectory(prefix);
    }

    /** Closes the console (and so stops its server) on the FX thread. */
    public static void close(Console console) throws Exception {
        if (console != null) {
            WaitForAsyncUtils.asyncFx(console::close).get(30, TimeUnit.SECONDS);
        }
    }
}
