package org.nereid.client;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.client.MeetingPages.userMenu;

/**
 * A 200 MiB file between two pages of Nereid's client, peer to peer, while the
 * receiving page's JavaScript memory (V8's heap and its ArrayBuffer backing stores,
 * read over the DevTools protocol) is sampled: it must not grow by anything like the
 * file's size, because the client folds what arrives into Blob parts that the browser
 * keeps outside the page.
 */
class LargeFileTransferBrowserIT {
    private static final long SIZE = 200L << 20;
    private static final String GROUP = """
            {"users": {"alice": {"password": "apw", "permissions": "present"},
                       "bob": {"password": "bpw", "permissions": "present"}}}
            """;

    @TempDir
    static Path root;
    private static MeetingServer server;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(root.resolve("groups"));
        Files.writeString(root.resolve("groups/demo.json"), GROUP);
        server = MeetingServer.start(root);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void twoHundredMebibytesArriveWithoutTheReceivingPageHoldingThem() throws Exception {
        Path file = root.resolve("big.bin");
        String sent = writeRandomFile(file);
        Page alice = MeetingPages.join(server.newPage(), server.base() + "/group/demo/", "alice", "apw", "");
        Page bob = MeetingPages.join(server.newPage(), server.base() + "/group/demo/", "bob", "bpw", "");
        CDPSession devtools = bob.context().newCDPSession(bob);
        devtools.send("HeapProfiler.collectGarbage");
        long before = javaScriptBytes(devtools);

        FileChooser chooser = alice.waitForFileChooser(() -> userMenu(alice, "bob", "Send a file…"));
        chooser.setFiles(file);
        Locator offer = bob.locator(".filetransfer").last();
        assertThat(offer).containsText("alice offers you big.bin");
        offer.getByText("Accept").click();

        Locator save = bob.locator("a.ft-save").last();
        long peak = before;
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!save.isVisible()) {
            assertTrue(System.nanoTime() < deadline, "the transfer did not finish in 5 minutes");
            peak = Math.max(peak, javaScriptBytes(devtools));
            Thread.sleep(200);
        }
        long growth = peak - before;
        System.out.printf("receiving page: %d MiB of JavaScript memory before, at most %d MiB more during a %d MiB"
                + " transfer%n", before >> 20, growth >> 20, SIZE >> 20);
        assertTrue(growth < SIZE / 4, "the receiving page's JavaScript memory grew by " + (growth >> 20)
                + " MiB while receiving " + (SIZE >> 20) + " MiB");

        Download download = bob.waitForDownload(save::click);
        assertEquals("big.bin", download.suggestedFilename());
        assertEquals(SIZE, Files.size(download.path()));
        assertEquals(sent, sha256(download.path()), "the file arrived changed");
        MeetingPages.leave(alice, bob);
        server.everyoneLeaves();
    }

    /** V8's used heap plus the ArrayBuffer backing stores, where the old client kept the whole file. */
    private static long javaScriptBytes(CDPSession devtools) {
        JsonObject usage = devtools.send("Runtime.getHeapUsage");
        long used = usage.get("usedSize").getAsLong();
        return usage.has("backingStorageSize") ? used + usage.get("backingStorageSize").getAsLong() : used;
    }

    private static String writeRandomFile(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        Random random = new Random(19);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < SIZE; written += block.length) {
                random.nextBytes(block);
                sha.update(block);
                out.write(block);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
