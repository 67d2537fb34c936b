package org.nereid.console.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.nereid.console.TestCertificate;

/** Finding the server to run on this computer, and the installed service's description. */
class LocalServerTest {
    @TempDir
    Path dir;

    private Path file(String name, String mode) throws Exception {
        Path f = Files.createDirectories(dir.resolve(name).getParent()).resolve(dir.resolve(name).getFileName());
        Files.writeString(f, "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void theInstalledLauncherComesBeforeABuiltJarButAfterTheConfiguredOne() throws Exception {
        Path launcher = file("opt/nereid-server/bin/nereid-server", "rwxr-xr-x");
        Path built = file("server/target/nereid-server.jar", "rw-r--r--");
        Path configured = file("elsewhere/nereid-server.jar", "rw-r--r--");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> options = LocalServer.serverJvmOptions();

        assertEquals(List.of(launcher.toString()),
                LocalServer.findProgram(null, List.of(launcher), List.of(built)));
        assertEquals(javaJar(java, options, configured),
                LocalServer.findProgram(configured.toString(), List.of(launcher), List.of(built)));
        assertEquals(javaJar(java, options, built),
                LocalServer.findProgram("", List.of(dir.resolve("missing")), List.of(built)));
        assertNull(LocalServer.findProgram(null, List.of(), List.of(dir.resolve("missing.jar"))));
    }

    private static List<String> javaJar(String java, List<String> options, Path jar) {
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    @Test
    void aServerRunFromAJarGetsTheOptionsOfServerJvmOptions() throws Exception {
        // the file every launcher reads, as the repository has it (the test runs in console/)
        List<String> expected = Files.readAllLines(Path.of("../server/jvm.options")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertTrue(expected.contains("-XX:+UseSerialGC"), expected.toString());
        assertEquals(expected, LocalServer.serverJvmOptions());
    }

    @Test
    void aLauncherThatIsNotExecutableIsPassedOver() throws Exception {
        Path launcher = file("bin/nereid-server", "rw-r--r--");
        assertNull(LocalServer.findProgram(null, List.of(launcher), List.of()));
    }

    @Test
    void noServerProgramIsAReadableRefusal() {
        var local = new LocalServer(dir.resolve("home"), null, line -> { });
        var e = assertThrows(java.io.IOException.class, () -> local.start(0, pw -> { }));
        assertTrue(e.getMessage().contains("NEREID_SERVER_JAR"), e.getMessage());
    }

    @Test
    void theInstalledServiceIsOfferedWithItsPinnedCertificate() throws Exception {
        assertTrue(InstalledService.read(dir.resolve("none.json")).isEmpty());
        TestCertificate certificate = TestCertificate.make(dir, "localhost");
        String fingerprint = certificate.fingerprint();
        certificate.writePem(dir.resolve("cert.pem"));

        Path json = dir.resolve("console.json");
        Files.writeString(json, "{\"url\":\"https://127.0.0.1:8443/\",\"username\":\"admin\",\"password\":\"pw\","
                + "\"certificate\":\"" + dir.resolve("cert.pem") + "\",\"later\":1}");
        InstalledService service = InstalledService.read(json).orElseThrow();
        assertEquals(new InstalledService("https://127.0.0.1:8443/", "admin", "pw", fingerprint), service);
        ServerProfile p = service.profile();
        assertEquals(InstalledService.PROFILE_NAME, p.name());
        assertEquals(fingerprint, p.fingerprint());

        Files.writeString(json, "{\"url\":\"http://127.0.0.1:8443/\",\"username\":\"root\"}");
        assertEquals(new InstalledService("http://127.0.0.1:8443/", "root", null, null),
                InstalledService.read(json).orElseThrow());
    }
}
