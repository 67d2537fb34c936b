package org.nereid.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./nereid} in a copy of the tree's layout, with a {@code mvn} on the
 * PATH that only records its arguments and makes the jar, and a JAVA_HOME whose {@code java}
 * records how it was called: when the launcher builds, and what it starts.
 */
class LauncherScriptTest {
    // the test runs in server/
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tree;
    private Path calls;
    private Path jar;

    @BeforeEach
    void copyTree() throws IOException {
        Files.copy(REPO.resolve("nereid"), tree.resolve("nereid"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String f : List.of("pom.xml", "common/pom.xml", "server/pom.xml",
                "common/src/main/java/A.java", "server/src/main/java/B.java")) {
            Files.createDirectories(tree.resolve(f).getParent());
            Files.writeString(tree.resolve(f), "x");
            Files.setLastModifiedTime(tree.resolve(f), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        }
        Files.copy(REPO.resolve("server/jvm.options"), tree.resolve("server/jvm.options"));
        calls = tree.resolve("calls");
        jar = tree.resolve("server/target/nereid-server.jar");
        script(tree.resolve("bin/mvn"), "echo \"mvn $*\" >> " + calls + "\n"
                + "[ -z \"${FAIL_BUILD:-}\" ] || exit 1\n"
                + "mkdir -p server/target && : > server/target/nereid-server.jar\n");
        script(tree.resolve("jdk/bin/java"), "echo \"java $*\" >> " + calls + "\n");
    }

    private static void script(Path path, String body) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> run(String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(tree.resolve("nereid").toString(), "-insecure", "-http",
                "127.0.0.1:8443")).directory(tree.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", tree.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().put("JAVA_HOME", tree.resolve("jdk").toString());
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> result = new ArrayList<>(Files.exists(calls) ? Files.readAllLines(calls) : List.of());
        Files.deleteIfExists(calls);
        result.add("exit " + p.exitValue() + (p.exitValue() == 0 ? "" : ": " + output.strip()));
        return result;
    }

    private String expectedJava() throws IOException {
        List<String> options = Files.readAllLines(REPO.resolve("server/jvm.options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        return "java " + String.join(" ", options) + " -jar " + jar + " -insecure -http 127.0.0.1:8443";
    }

    @Test
    void buildsAMissingJarThenRunsItWithTheJvmOptionsAndTheArguments() throws Exception {
        assertEquals(List.of("mvn -B -q -pl server -am -DskipTests package", expectedJava(), "exit 0"), run());
        assertTrue(expectedJava().contains("-XX:+UseSerialGC"));
    }

    @Test
    void aJarNewerThanTheSourcesIsRunAsItIs() throws Exception {
        run();
        assertEquals(List.of(expectedJava(), "exit 0"), run());
    }

    @Test
    void aSourceChangedAfterTheJarRebuildsIt() throws Exception {
        run();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        Files.writeString(tree.resolve("common/src/main/java/A.java"), "changed");
        assertEquals(List.of("mvn -B -q -pl server -am -DskipTests package", expectedJava(), "exit 0"), run());
    }

    @Test
    void aFailedBuildStartsNothingAndSaysSo() throws Exception {
        List<String> calls = run("FAIL_BUILD", "1");
        assertEquals("mvn -B -q -pl server -am -DskipTests package", calls.get(0));
        assertEquals(2, calls.size(), calls.toString());
        assertTrue(calls.get(1).startsWith("exit 1: ") && calls.get(1).contains("the build failed"), calls.get(1));
        assertFalse(Files.exists(jar));
    }
}
