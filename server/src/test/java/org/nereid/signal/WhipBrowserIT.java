package org.nereid.signal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.TokenStore;
import org.nereid.client.MeetingPages;
import org.nereid.model.StatefulToken;
import org.nereid.record.RecordingFiles;
import org.nereid.stats.ClientStats;
import org.nereid.stats.GroupStats;
import org.nereid.stats.TrackStats;
import org.nereid.testing.Chromium;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;
import org.nereid.whip.WhipRoute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WHIP publisher for real: a Chromium page that speaks plain WHIP with fetch (POST the
 * offer, PATCH its candidates, PATCH an ICE restart, DELETE), sending its fake camera into a
 * group, and a participant on Nereid's meeting page who sees the publisher in the user
 * list and decodes its video throughout. An operator records the group meanwhile, and the
 * statistics count the stream. DELETE ends it: the receiver is sent "close".
 */
class WhipBrowserIT {
    private static final int TIMEOUT_MS = 30_000;

    /** The receiver's decoded video frames, summed over its inbound video streams. */
    private static final String FRAMES = "async () => { const d = Object.values(nereidPage.streams.down)[0];"
            + " if (!d) return 0; let n = 0; (await d.pc.getStats()).forEach(r => {"
            + " if (r.type === 'inbound-rtp' && r.kind === 'video') n += r.framesDecoded || 0; }); return n; }";

    /** A plain WHIP client: its offer is POSTed at once, before any candidate is gathered. */
    private static final String PUBLISH = "async ({url, token}) => {"
            + " const stream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});"
            + " const pc = new RTCPeerConnection();"
            + " const auth = {'Authorization': 'Bearer ' + token};"
            + " window.whip = {pc, auth, candidates: [], done: false};"
            + " pc.onicecandidate = e => { if (e.candidate) whip.candidates.push(e.candidate); else whip.done = true; };"
            + " stream.getTracks().forEach(t => pc.addTransceiver(t, {direction: 'sendonly', streams: [stream]}));"
            + " const offer = await pc.createOffer(); await pc.setLocalDescription(offer);"
            + " const r = await fetch(url, {method: 'POST', body: offer.sdp,"
            + "   headers: {...auth, 'Content-Type': 'application/sdp'}});"
            + " if (r.status !== 201) return r.status + ' ' + await r.text();"
            + " whip.location = r.headers.get('Location'); whip.etag = r.headers.get('ETag');"
            + " await pc.setRemoteDescription({type: 'answer', sdp: await r.text()});"
            + " return 'created'; }";

    /** PATCH with a fragment (RFC 8840) of the local ICE credentials and {@code candidates}; the response. */
    private static final String PATCH = "() => { window.patch = async (candidates, etag) => {"
            + " const sdp = whip.pc.localDescription.sdp;"
            + " const ufrag = /a=ice-ufrag:(\\S+)/.exec(sdp)[1], pwd = /a=ice-pwd:(\\S+)/.exec(sdp)[1];"
            + " let frag = 'a=ice-ufrag:' + ufrag + '\\r\\na=ice-pwd:' + pwd + '\\r\\n';"
            + " const mids = [...new Set(candidates.map(c => c.sdpMid))];"
            + " for (const mid of mids) { frag += 'm=' + (mid === '0' ? 'audio' : 'video') + ' 9 UDP/TLS/RTP/SAVPF 0\\r\\n'"
            + "   + 'a=mid:' + mid + '\\r\\n' + candidates.filter(c => c.sdpMid === mid)"
            + "   .map(c => 'a=' + c.candidate + '\\r\\n').join(''); }"
            + " const r = await fetch(whip.location, {method: 'PATCH', body: frag, headers: {...whip.auth,"
            + "   'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': etag}});"
            + " return {status: r.status, etag: r.headers.get('ETag'), body: await r.text()}; }; }";

    /**
     * An ICE restart as RFC 9725 has it: new local credentials PATCHed, the server's fragment
     * applied to the remote description (its credentials) and its candidates added.
     */
    private static final String RESTART = "async () => { whip.pc.restartIce();"
            + " await whip.pc.setLocalDescription(await whip.pc.createOffer());"
            + " const r = await patch([], whip.etag);"
            + " if (r.status !== 200) return r.status + ' ' + r.body;"
            + " const u = /a=ice-ufrag:(\\S+)/.exec(r.body)[1], p = /a=ice-pwd:(\\S+)/.exec(r.body)[1];"
            + " const sdp = whip.pc.remoteDescription.sdp.replace(/a=ice-ufrag:\\S+/g, 'a=ice-ufrag:' + u)"
            + "   .replace(/a=ice-pwd:\\S+/g, 'a=ice-pwd:' + p).split('\\r\\n')"
            + "   .filter(l => !l.startsWith('a=candidate:')).join('\\r\\n');"
            + " await whip.pc.setRemoteDescription({type: 'answer', sdp});"
            + " const mid = /a=mid:(\\S+)/.exec(r.body)[1];"
            + " for (const line of r.body.split('\\r\\n').filter(l => l.startsWith('a=candidate:')))"
            + "   await whip.pc.addIceCandidate({candidate: line.substring(2), sdpMid: mid});"
            + " whip.etag = r.etag; return 'restarted ' + u; }";

    /** The publisher's ICE: local ufrag of its description, the selected pair's, ICE and DTLS states. */
    private static final String ICE = "async () => { const pc = whip.pc; const s = await pc.getStats();"
            + " const all = [...s.values()]; const t = all.find(r => r.type === 'transport') || {};"
            + " const pair = s.get(t.selectedCandidatePairId) || {}; const local = s.get(pair.localCandidateId) || {};"
            + " const u = /a=ice-ufrag:(\\S+)/.exec(pc.localDescription.sdp)[1];"
            + " return u + ' ' + local.usernameFragment + ' ' + pc.iceConnectionState + ' ' + t.dtlsState; }";

    @TempDir
    Path dir;

    @Test
    void aWhipPublisherReachesTheGroupThroughTrickleRestartAndDelete() throws Exception {
        Path recordings = dir.resolve("recordings");
        try (SfuServer media = SfuServer.start(dir, w -> {
                 w.signal().recordTo(new RecordingFiles(recordings, ZoneId.systemDefault()));
                 w.nereid().mount(Mount.WHIP, n -> new WhipRoute(w.signal(), n.config(), Signalling::noIceServers));
             });
             Chromium chromium = Chromium.launch();
             WebSocketClient olga = WebSocketClient.connect(media.server.nereid.port(), "olga-client")) {
            RunningServer server = media.server;
            server.writeGroup("live", "{\"allow-recording\": true, \"users\": {"
                    + "\"bob\": {\"password\": \"bpw\", \"permissions\": \"observe\"},"
                    + " \"olga\": {\"password\": \"opw\", \"permissions\": \"op\"}}}");
            String token = TokenStore.newTokenId();
            TokenStore.inDataDirectory(server.data, Clock.systemUTC()).add(new StatefulToken(token, "live", false,
                    "obs", List.of("present"), OffsetDateTime.now().plusHours(1), null, null, null, null));
            Browser browser = chromium.browser();
            Page bob = MeetingPages.join(browser.newPage(), server.base() + "/group/live/", "bob", "bpw", "");
            bob.evaluate("() => { window.ended = [];"
                    + " nereidPage.conn.on('close', m => window.ended.push('close ' + m.id)); }");
            olga.joinOk("live", "olga", "opw");

            Page studio = browser.newContext(new Browser.NewContextOptions()
                    .setPermissions(List.of("camera", "microphone"))).newPage();
            studio.navigate(server.base() + "/");
            assertEquals("created", studio.evaluate(PUBLISH, Map.of("url", "/group/live/.whip", "token", token)));
            studio.evaluate(PATCH);

            // trickle: every candidate Chromium gathers goes to the server in one PATCH
            studio.waitForFunction("() => whip.done", null, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
            assertTrue((Integer) studio.evaluate("() => whip.candidates.length") > 0, "Chromium gathered candidates");
            assertEquals(204, ((Number) studio.evaluate("async () => (await patch(whip.candidates.map(c => c.toJSON()),"
                    + " whip.etag)).status")).intValue());

            // the receiver sees the publisher by the token's name, and decodes its video
            bob.locator("#users button.user", new Page.LocatorOptions().setHasText("obs")).waitFor();
            int frames = awaitFrames(bob, "the first frames", n -> n > 5);

            // an operator records it
            olga.send(ProtocolClient.msg("groupaction", "source", olga.id, "kind", "record"));
            Path recording = awaitFile(recordings.resolve("live"), "-obs.webm");

            // a stale ETag is refused, then an ICE restart keeps the stream
            Map<?, ?> stale = (Map<?, ?>) studio.evaluate("async () => patch([], '\"stale\"')");
            assertEquals(412, ((Number) stale.get("status")).intValue(), String.valueOf(stale.get("body")));
            String before = (String) studio.evaluate(ICE);
            String etag = (String) studio.evaluate("() => whip.etag");
            String restarted = (String) studio.evaluate(RESTART);
            assertTrue(restarted.startsWith("restarted "), restarted);
            awaitRestart(studio, before);
            assertNotEquals(etag, studio.evaluate("() => whip.etag"), "a restart changes the ETag");
            Map<?, ?> old = (Map<?, ?>) studio.evaluate("async e => patch([], e)", etag);
            assertEquals(412, ((Number) old.get("status")).intValue(), "the ETag before the restart is stale");
            frames = awaitFrames(bob, "frames after the restart", more(frames, 30));
            assertEquals(List.of(), bob.evaluate("() => window.ended"), "the receiver was sent no close");

            // the statistics count it like any up stream
            GroupStats group = new SignalStats(media.signal().registry()).groups().stream()
                    .filter(g -> g.name().equals("live")).findFirst().orElseThrow();
            ClientStats obs = group.clients().stream().filter(c -> "obs".equals(c.username())).findFirst().orElseThrow();
            assertEquals(1, obs.up().size(), obs.toString());
            List<TrackStats> tracks = obs.up().get(0).tracks();
            assertEquals(List.of("audio", "video"), tracks.stream().map(TrackStats::kind).sorted().toList());
            assertTrue(tracks.stream().allMatch(t -> t.packets() > 0 && t.bitrate() > 0), obs.toString());
            assertTrue(tracks.stream().filter(t -> t.kind().equals("video")).mapToLong(TrackStats::bytes).sum() > 10_000,
                    obs.toString());

            olga.send(ProtocolClient.msg("groupaction", "source", olga.id, "kind", "unrecord"));
            awaitCondition(() -> Files.size(recording) > 20_000, "the recording has the stream");

            // DELETE ends the stream at its receivers
            assertEquals(200, ((Number) studio.evaluate("async () => (await fetch(whip.location,"
                    + " {method: 'DELETE', headers: whip.auth})).status")).intValue());
            bob.waitForFunction("() => window.ended.length > 0", null,
                    new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
            assertTrue(((List<?>) bob.evaluate("() => window.ended")).get(0).toString().startsWith("close "));
            bob.locator("#users button.user", new Page.LocatorOptions().setHasText("obs")).waitFor(
                    new com.microsoft.playwright.Locator.WaitForOptions().setState(
                            com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
        }
    }

    private static IntPredicate more(int than, int by) {
        return n -> n >= than + by;
    }

    private static void awaitRestart(Page page, String before) throws InterruptedException {
        String oldUfrag = before.split(" ")[0];
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            String now = (String) page.evaluate(ICE);
            String[] f = now.split(" ");
            if (!f[0].equals(oldUfrag) && f[0].equals(f[1]) && f[2].equals("connected") && f[3].equals("connected")) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no ICE restart within " + TIMEOUT_MS + " ms: before " + before + ", now " + now);
            }
            Thread.sleep(200);
        }
    }

    private static int awaitFrames(Page page, String what, IntPredicate condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        int n = ((Number) page.evaluate(FRAMES)).intValue();
        while (!condition.test(n)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + TIMEOUT_MS + " ms for " + what + "; count " + n);
            }
            Thread.sleep(200);
            n = ((Number) page.evaluate(FRAMES)).intValue();
        }
        return n;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Check check, String what) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!check.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + TIMEOUT_MS + " ms for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static Path awaitFile(Path directory, String suffix) throws Exception {
        Path[] found = new Path[1];
        awaitCondition(() -> {
            if (!Files.isDirectory(directory)) {
                return false;
            }
            try (Stream<Path> files = Files.list(directory)) {
                found[0] = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            }
            return found[0] != null;
        }, "a recording ending in " + suffix);
        return found[0];
    }
}
