package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.JoinDecision;
import org.nereid.group.GroupRegistry;
import org.nereid.group.GroupRules;
import org.nereid.group.MutableClock;
import org.nereid.record.RecordingFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record and unrecord group actions, with in-memory clients: who may,
 * where, and what everyone sees (the RECORDING system user, as in Galène).
 * The recording of real media is {@link RecordingBrowserIT}'s.
 */
class RecordActionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final Map<String, GroupRules> files = Map.of(
            "rec", GroupRules.defaults().withAllowRecording(true),
            "plain", GroupRules.defaults());
    private final JoinAuthoriser authoriser = (group, c) -> new JoinDecision.Granted(c.username(),
            switch (c.username()) {
                case "rita" -> List.of("record", "op", "present", "message");
                case "olga" -> List.of("op", "present", "message");
                default -> List.of("present", "message");
            }, JoinDecision.Method.PASSWORD, null);

    @TempDir
    Path dir;

    private final SignalService service = new SignalService(
            new GroupRegistry(name -> Optional.ofNullable(files.get(name)), clock), authoriser, null,
            new FakeMediaEngine(),
            SignalLimits.defaults(),
            () -> ProtocolClient.JSON.createObjectNode().set("iceServers", ProtocolClient.JSON.createArrayNode()),
            clock);

    @AfterEach
    void stop() {
        service.close();
    }

    private InMemoryClient joined(String id, String group, String user) {
        service.recordTo(new RecordingFiles(dir, ZoneOffset.UTC));
        InMemoryClient c = new InMemoryClient(service, id);
        c.handshake();
        c.joinOk(group, user, "pw");
        return c;
    }

    private static void groupAction(InMemoryClient c, String kind) {
        c.send(ProtocolClient.msg("groupaction", "source", c.id, "kind", kind));
    }

    @Test
    void recordingNeedsTheRecordPermission() {
        InMemoryClient olga = joined("O", "rec", "olga");
        groupAction(olga, "record");
        assertEquals("You are not allowed to record this group.", olga.expectError());
        groupAction(olga, "unrecord");
        assertEquals("You are not allowed to record this group.", olga.expectError());
    }

    @Test
    void recordingNeedsAllowRecordingInTheGroupFile() {
        InMemoryClient rita = joined("R", "plain", "rita");
        groupAction(rita, "record");
        assertTrue(rita.expectError().startsWith("Recording is not allowed in this group"));
        rita.assertNoneOf("user");
    }

    @Test
    void everyoneSeesTheRecorderComeAndGo() {
        InMemoryClient rita = joined("R", "rec", "rita");
        InMemoryClient bob = joined("B", "rec", "bob");
        groupAction(rita, "record");
        JsonNode recorder = bob.expect(n -> n.path("type").asText().equals("user")
                && n.path("username").asText().equals("RECORDING"), "RECORDING");
        assertEquals("add", recorder.path("kind").asText());
        assertEquals(List.of("system"), ProtocolClient.strings(recorder.path("permissions")));
        assertEquals("Recording started by rita.", bob.expect("usermessage", "info").path("value").asText());

        groupAction(rita, "record");
        assertEquals("This group is already being recorded.", rita.expectError());

        InMemoryClient carol = joined("C", "rec", "carol");
        carol.expect(n -> n.path("type").asText().equals("user") && n.path("id").asText().equals(
                recorder.path("id").asText()), "a late joiner sees RECORDING");

        groupAction(rita, "unrecord");
        bob.expect(n -> n.path("type").asText().equals("user") && n.path("kind").asText().equals("delete")
                && n.path("id").asText().equals(recorder.path("id").asText()), "RECORDING leaving");
        assertEquals("Recording stopped by rita.", bob.expect("usermessage", "info").path("value").asText());
        groupAction(rita, "unrecord");
        assertEquals("This group is not being recorded.", rita.expectError());
    }

    @Test
    void aTrackInACodecThatCannotBeRecordedIsLeftOutWithAWordToTheOperators() {
        InMemoryClient rita = joined("R", "rec", "rita");
        InMemoryClient bob = joined("B", "rec", "bob");
        bob.send(ProtocolClient.msg("offer", "id", "s1", "label", "pcmu", "sdp", "v=0"));
        bob.expect("answer");
        groupAction(rita, "record");
        // the warning and the recording's start come from different threads, in either order
        Map<String, String> told = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            JsonNode n = rita.expect(m -> m.path("type").asText().equals("usermessage")
                    && Set.of("warning", "info").contains(m.path("kind").asText()), "a warning and an info");
            told.put(n.path("kind").asText(), n.path("value").asText());
        }
        assertEquals("The audio of bob uses the codec pcmu, which cannot be recorded (Opus, VP8, VP9, H.264 and AV1"
                + " can); it is left out of the recording.", told.get("warning"));
        assertTrue(told.getOrDefault("info", "").startsWith("Recording started"),
                "a codec the recorder lacks does not refuse the recording: " + told);
        for (JsonNode n : bob.sync()) {
            assertTrue(!n.path("kind").asText().equals("warning"), () -> "only operators are warned: " + n);
        }
    }

    @Test
    void theRecordingStopsWhenEveryoneHasLeft() {
        InMemoryClient rita = joined("R", "rec", "rita");
        groupAction(rita, "record");
        rita.expect("usermessage", "info");
        rita.send(ProtocolClient.msg("join", "kind", "leave", "group", "rec"));
        rita.expect("joined", "leave");
        rita.joinOk("rec", "rita", "pw");
        for (JsonNode n : rita.sync()) {
            assertTrue(!n.path("username").asText().equals("RECORDING"), () -> "still recording: " + n);
        }
    }

    @Test
    void anOperatorKickingTheRecorderStopsTheRecording() {
        InMemoryClient rita = joined("R", "rec", "rita");
        InMemoryClient olga = joined("O", "rec", "olga");
        groupAction(rita, "record");
        JsonNode recorder = olga.expect(n -> n.path("type").asText().equals("user")
                && n.path("username").asText().equals("RECORDING"), "RECORDING");
        olga.send(ProtocolClient.msg("useraction", "source", olga.id, "kind", "kick",
                "dest", recorder.path("id").asText()));
        rita.expect(n -> n.path("type").asText().equals("user") && n.path("kind").asText().equals("delete")
                && n.path("id").asText().equals(recorder.path("id").asText()), "RECORDING leaving");
        assertEquals("Recording stopped by olga.", rita.expect(n -> n.path("type").asText().equals("usermessage")
                && n.path("value").asText().startsWith("Recording stopped"), "the announcement")
                .path("value").asText());
        groupAction(rita, "record");
        rita.expect(n -> n.path("type").asText().equals("usermessage")
                && n.path("value").asText().startsWith("Recording started"), "recording again");
    }
}
