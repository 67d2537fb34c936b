package org.nereid.signal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.client.MeetingPages;
import org.nereid.stats.ClientStats;
import org.nereid.stats.GroupStats;
import org.nereid.stats.TrackStats;
import org.nereid.testing.Chromium;
import org.nereid.testing.NetworkImpairment;
import org.nereid.testing.RunningServer;

import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renegotiation in place, in real Chromium through signalling and the SFU, with
 * Nereid's meeting page: the publisher restarts ICE, the receiver restarts ICE,
 * the publisher adds a track and removes it. Throughout, nobody is sent
 * "close" or "abort", the receiver keeps its one tile, and its decoded frame
 * count keeps growing; each ICE restart is checked to have moved the
 * connection to the new credentials.
 */
class RenegotiationBrowserIT {
    private static final int TIMEOUT_MS = 30_000;

    /** On every page: the close and abort messages it receives, and the offers and renegotiate requests. */
    private static final String WATCH = "() => { window.ended = []; window.got = [];"
            + " nereidPage.conn.on('close', m => window.ended.push('close ' + m.id));"
            + " nereidPage.conn.on('abort', m => window.ended.push('abort ' + m.id));"
            + " nereidPage.conn.on('offer', m => window.got.push('offer ' + m.id));"
            + " nereidPage.conn.on('renegotiate', m => window.got.push('renegotiate ' + m.id)); }";

    private static final String DOWN_PC = "Object.values(nereidPage.streams.down)[0].pc";

    /** The receiver's decoded video frames, summed over its inbound video streams. */
    private static final String FRAMES = "async () => { const d = Object.values(nereidPage.streams.down)[0];"
            + " if (!d) return 0; let n = 0; (await d.pc.getStats()).forEach(r => {"
            + " if (r.type === 'inbound-rtp' && r.kind === 'video') n += r.framesDecoded || 0; }); return n; }";

    /** The receiver's audio packets, summed over its inbound audio streams. */
    private static final String AUDIO = "async () => { const d = Object.values(nereidPage.streams.down)[0];"
            + " let n = 0; (await d.pc.getStats()).forEach(r => {"
            + " if (r.type === 'inbound-rtp' && r.kind === 'audio') n += r.packetsReceived || 0; }); return n; }";

    /**
     * A peer connection's ICE generation: the local ufrag of its description, the ufrag of the
     * local candidate of the pair in use (they agree once a restart completed) with its port,
     * and the ICE and DTLS states.
     */
    private static final String ICE = "async pc => { const s = await pc.getStats(); const all = [...s.values()];"
            + " const t = all.find(r => r.type === 'transport') || {};"
            + " const pair = s.get(t.selectedCandidatePairId) || {}; const local = s.get(pair.localCandidateId) || {};"
            + " const u = /a=ice-ufrag:(\\S+)/.exec(pc.localDescription.sdp)[1];"
            + " return u + ' ' + local.usernameFragment + ' ' + pc.iceConnectionState + ' ' + t.dtlsState"
            + " + ' ' + local.port; }";

    @TempDir
    Path dir;

    @Test
    void iceRestartsAndTrackChangesKeepTheStreamFlowing() throws Exception {
        try (SfuServer media = SfuServer.start(dir);
             Chromium chromium = Chromium.launch()) {
            Page[] pages = meeting(media.server, chromium.browser());
            Page alice = pages[0];
            Page bob = pages[1];
            int frames = awaitFrames(bob, "the first frames", n -> n > 5);

            // 1. the publisher restarts ICE: a new offer for the same id
            String aliceIce = iceOf(alice, "up.pc");
            alice.evaluate("() => up.negotiate(true)");
            String restarted = awaitRestart(alice, "up.pc", aliceIce);
            frames = awaitFrames(bob, "frames after the publisher's ICE restart", more(frames, 30));

            // 2. the receiver restarts ICE: it asks for a new offer ("renegotiate")
            String down = DOWN_PC;
            String bobIce = iceOf(bob, down);
            bob.evaluate("() => Object.values(nereidPage.streams.down)[0].restartIce()");
            awaitRestart(bob, down, bobIce);
            frames = awaitFrames(bob, "frames after the receiver's ICE restart", more(frames, 30));

            // 3. the publisher adds audio to its video-only stream
            alice.evaluate("async () => { const a = (await navigator.mediaDevices.getUserMedia({audio: true}))"
                    + ".getAudioTracks()[0]; window.audioSender = up.pc.addTransceiver(a,"
                    + " {direction: 'sendonly', streams: [up.stream]}).sender; await up.negotiate(); }");
            awaitCount(bob, AUDIO, "audio from the added track", n -> n > 50);
            frames = awaitFrames(bob, "frames after audio was added", more(frames, 30));
            SignalStats stats = new SignalStats(media.signal().registry());
            assertEquals(List.of("audio", "video"), downKinds(stats, "bob"), "the server sends both");

            // 4. and removes it again
            alice.evaluate("async () => { up.pc.removeTrack(audioSender); await up.negotiate(); }");
            bob.waitForFunction("() => { const d = Object.values(nereidPage.streams.down)[0];"
                    + " return d.pc.remoteDescription.sdp.split('m=').some(m => m.startsWith('audio 0 ')); }",
                    null, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
            int stopped = (Integer) bob.evaluate(AUDIO);
            frames = awaitFrames(bob, "frames after audio was removed", more(frames, 30));
            assertTrue((Integer) bob.evaluate(AUDIO) <= stopped + 5, "audio stopped reaching the receiver");
            assertEquals(List.of("video"), downKinds(stats, "bob"), "the server sends video only");

            // a restart the server side did not complete would stop the media within ~5 s (ice4j gives up
            // its checks, and the browser's new pair goes unanswered): still flowing well after both
            awaitFrames(bob, "frames well after the restarts", more(frames, 60));
            assertEquals(restarted.split(" ")[0], restarted.split(" ")[1]);
            String aliceNow = iceOf(alice, "up.pc").split(" ")[1];
            assertTrue(aliceNow.equals(restarted.split(" ")[0]) || !aliceNow.equals(aliceIce.split(" ")[0]),
                    "the publisher did not fall back to its first ICE generation: " + aliceNow);

            assertEquals(List.of(), bob.evaluate("() => window.ended"), "the receiver was sent no close");
            assertEquals(List.of(), alice.evaluate("() => window.ended"), "the publisher was sent no abort");
            assertEquals(1, bob.locator("#videos video").count(), "still one tile");
            assertEquals(1, (Integer) bob.evaluate("() => Object.keys(nereidPage.streams.down).length"));
            assertNotEquals(aliceIce.split(" ")[0], restarted.split(" ")[0]);
        }
    }

    /**
     * UDP blocked both ways until the server noticed the silence (10 s): it restarts ICE on
     * the down stream by itself (a new offer) and asks the publisher to restart (renegotiate),
     * as Galène does when ICE fails; once UDP is back, both run on their new ICE generation
     * and nothing was closed.
     */
    @Test
    void aLostPathIsRestartedWithoutClosingAnything() throws Exception {
        try (SfuServer media = SfuServer.start(dir);
             Chromium chromium = Chromium.launch()) {
            Page[] pages = meeting(media.server, chromium.browser());
            Page alice = pages[0];
            Page bob = pages[1];
            awaitFrames(bob, "the first frames", n -> n > 5);
            String aliceIce = iceOf(alice, "up.pc");
            String bobIce = iceOf(bob, DOWN_PC);
            alice.evaluate("() => { window.got = []; }");
            bob.evaluate("() => { window.got = []; }");
            try (NetworkImpairment net = NetworkImpairment.onServerPorts(media.mediaPort(), media.mediaPort())) {
                net.blockUdp(true);
                bob.waitForFunction("() => window.got.some(g => g.startsWith('offer '))", null,
                        new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
                alice.waitForFunction("() => window.got.some(g => g.startsWith('renegotiate '))", null,
                        new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
                net.blockUdp(false);
            }
            awaitRestart(alice, "up.pc", aliceIce);
            awaitRestart(bob, DOWN_PC, bobIce);
            int frames = awaitFrames(bob, "frames after UDP came back", n -> n > 0);
            awaitFrames(bob, "more frames", more(frames, 30));
            assertEquals(List.of(), bob.evaluate("() => window.ended"), "the receiver was sent no close");
            assertEquals(List.of(), alice.evaluate("() => window.ended"), "the publisher was sent no abort");
            assertEquals(1, bob.locator("#videos video").count(), "still one tile");
        }
    }

    /**
     * Alice and Bob in one meeting, each page watching its messages; Alice publishes a
     * video-only stream through the page's own stream set, which Bob receives.
     */
    private static Page[] meeting(RunningServer server, Browser browser) throws Exception {
        server.writeGroup("meet", "{\"users\": {\"alice\": {\"password\": \"apw\", \"permissions\": \"present\"},"
                + " \"bob\": {\"password\": \"bpw\", \"permissions\": \"present\"}}}");
        String meet = server.base() + "/group/meet/";
        Page alice = MeetingPages.join(pageWithCamera(browser), meet, "alice", "apw", "");
        Page bob = MeetingPages.join(pageWithCamera(browser), meet, "bob", "bpw", "");
        alice.evaluate(WATCH);
        bob.evaluate(WATCH);
        alice.evaluate("async () => { const s = await navigator.mediaDevices.getUserMedia({video: true});"
                + " window.up = nereidPage.streams.publish('camera', s, {bps: null, simulcast: false}); }");
        return new Page[] {alice, bob};
    }

    /** The kinds of the tracks the server sends {@code user}, from the statistics as .stats reads them. */
    private static List<String> downKinds(SignalStats stats, String user) {
        GroupStats group = stats.groups().stream().filter(g -> g.name().equals("meet")).findFirst().orElseThrow();
        ClientStats client = group.clients().stream().filter(c -> user.equals(c.username())).findFirst().orElseThrow();
        return client.down().stream().flatMap(c -> c.tracks().stream()).map(TrackStats::kind).sorted().toList();
    }

    private static IntPredicate more(int than, int by) {
        return n -> n >= than + by;
    }

    private static String iceOf(Page page, String pc) {
        return (String) page.evaluate("async () => (" + ICE + ")(" + pc + ")");
    }

    /**
     * Waits until the connection runs on a new local ufrag (its transport's too), connected
     * with DTLS still connected; returns that state.
     */
    private static String awaitRestart(Page page, String pc, String before) throws InterruptedException {
        String oldUfrag = before.split(" ")[0];
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String now = iceOf(page, pc);
        while (true) {
            String[] f = now.split(" ");
            if (!f[0].equals(oldUfrag) && f[0].equals(f[1]) && f[2].equals("connected") && f[3].equals("connected")) {
                return now;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no ICE restart within " + TIMEOUT_MS + " ms: before " + before + ", now " + now);
            }
            Thread.sleep(200);
            now = iceOf(page, pc);
        }
    }

    private static int awaitFrames(Page page, String what, IntPredicate condition) throws InterruptedException {
        return awaitCount(page, FRAMES, what, condition);
    }

    private static int awaitCount(Page page, String script, String what, IntPredicate condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        int n = ((Number) page.evaluate(script)).intValue();
        while (!condition.test(n)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + TIMEOUT_MS + " ms for " + what + "; count " + n
                        + ", ended " + page.evaluate("() => window.ended"));
            }
            Thread.sleep(200);
            n = ((Number) page.evaluate(script)).intValue();
        }
        return n;
    }

    private static Page pageWithCamera(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone"))).newPage();
    }
}
