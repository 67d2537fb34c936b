package org.nereid.load.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {
    @Test
    void cpuIsUserPlusSystemTimeEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 130 0 0 20 0 40 0 123 456 789";
        assertEquals(3.8, ServerProcess.cpuSeconds(stat), 1e-9);
    }

    @Test
    void readsThreadsAndRssFromStatus(@TempDir Path proc) throws IOException {
        Path p = Files.createDirectories(proc.resolve("77"));
        Files.writeString(p.resolve("stat"), "77 (java) S 1 77 77 0 -1 0 0 0 0 0 100 50 0 0 20 0 12 0 1 2 3");
        Files.writeString(p.resolve("status"), "Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t12\n");
        ServerProcess.Sample s = new ServerProcess(77, proc).sample();
        assertEquals(1.5, s.cpuSeconds(), 1e-9);
        assertEquals(12, s.threads());
        assertEquals(123456, s.rssKib());
    }

    @Test
    void threadsAreGroupedIntoFamilies() {
        assertEquals("media-worker", ServerProcess.family("media-worker-12"));
        assertEquals("GC Thread", ServerProcess.family("GC Thread#3"));
        assertEquals("IceConnector", ServerProcess.family("IceConnector@4f2a"));
        assertEquals("C2 CompilerThre", ServerProcess.family("C2 CompilerThre"));
    }

    @Test
    void cpuIsAddedUpPerThreadFamily(@TempDir Path proc) throws IOException {
        Path p = Files.createDirectories(proc.resolve("78"));
        Files.writeString(p.resolve("stat"), "78 (java) S 1 78 78 0 -1 0 0 0 0 0 100 50 0 0 20 0 3 0 1 2 3");
        Files.writeString(p.resolve("status"), "VmRSS:\t1000 kB\nThreads:\t3\n");
        String[][] tasks = {{"1", "java", "10"}, {"2", "media-worker-1", "40"}, {"3", "media-worker-2", "60"}};
        for (String[] t : tasks) {
            Path task = Files.createDirectories(p.resolve("task").resolve(t[0]));
            Files.writeString(task.resolve("stat"), t[0] + " (" + t[1] + ") S 1 78 78 0 -1 0 0 0 0 0 " + t[2] + " 0 0 0 20 0 1 0 1 2 3");
        }
        ServerProcess.Sample s = new ServerProcess(78, proc).sample();
        assertEquals(1.0, s.cpuByThreads().get("media-worker"), 1e-9);
        assertEquals(0.1, s.cpuByThreads().get("java"), 1e-9);
    }

    @Test
    void aMissingProcessIsOneSentence(@TempDir Path proc) {
        IOException e = assertThrows(IOException.class, () -> new ServerProcess(99, proc).sample());
        assertTrue(e.getMessage().startsWith("There is no process 99"), e.getMessage());
    }

    @Test
    void readsThisVeryProcess() throws IOException {
        ServerProcess.Sample s = new ServerProcess(ProcessHandle.current().pid()).sample();
        assertTrue(s.threads() > 0 && s.rssKib() > 0 && s.cpuSeconds() >= 0, s.toString());
    }
}
