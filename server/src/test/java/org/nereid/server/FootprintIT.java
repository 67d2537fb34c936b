package org.nereid.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server jar started as a user starts it: with a plain {@code java -jar} it sets the
 * JVM's memory flags itself and starts its native-heap trimming (read back from outside with
 * jcmd, as an operator would); with the launchers' options it leaves the JVM as they made it.
 */
class FootprintIT {
    private static final Path JAR = Path.of("target", "nereid-server.jar").toAbsolutePath();
    private static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");

    @TempDir
    Path dir;

    @Test
    void aPlainJavaJarSetsItsMemoryFlagsItself() throws Exception {
        Process server = start(List.of());
        try {
            awaitLog("JVM memory: started without server/jvm.options");
            List<String> flags = List.of(jcmd(server, "VM.flags").split("\\s+"));
            for (String[] flag : Footprint.FLAGS) {
                String set = "-XX:" + flag[0] + "=" + flag[1];
                assertTrue(flags.contains(set), set + " in " + flags);
            }
            assertTrue(jcmd(server, "Thread.print").contains("\"nereid-native-trim\""));
        } finally {
            stop(server);
        }
    }

    @Test
    void theLaunchersOptionsAreLeftAsTheyAre() throws Exception {
        Process server = start(List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TrimNativeHeapInterval=10000"));
        try {
            awaitLog("JVM memory: started with its own options");
            assertFalse(jcmd(server, "VM.flags").contains("MaxHeapFreeRatio"));
            assertFalse(jcmd(server, "Thread.print").contains("nereid-native-trim"));
        } finally {
            stop(server);
        }
    }

    private Process start(List<String> jvmOptions) throws IOException {
        Files.createDirectories(dir.resolve("groups"));
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(JDK_BIN.resolve("java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), "-insecure", "-http", "127.0.0.1:" + port,
                "-turn", "", "-ice-tcp", ""));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
    }

    private void awaitLog(String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String log = Files.readString(dir.resolve("server.log"));
            if (log.contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("no \"" + line + "\" in the server's output: " + Files.readString(dir.resolve("server.log")));
    }

    private static String jcmd(Process server, String command) throws Exception {
        Process p = new ProcessBuilder(JDK_BIN.resolve("jcmd").toString(), Long.toString(server.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "jcmd " + command + ": " + out);
        return out;
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }
}
