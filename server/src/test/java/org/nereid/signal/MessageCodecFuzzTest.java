package org.nereid.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.nereid.fuzz.FuzzTarget;

/** Galène protocol messages: refused with a sentence for the client, or read; what is read writes back to the same. */
class MessageCodecFuzzTest {
    @FuzzTest(maxDuration = "2s")
    @DictionaryEntries({"\"type\"", "\"join\"", "\"offer\"", "\"answer\"", "\"ice\"", "\"chat\"", "\"usermessage\"",
            "\"groupaction\"", "\"useraction\"", "\"handshake\"", "\"ping\"", "\"requestStream\"", "\"version\"",
            "\"kind\"", "\"id\"", "\"source\"", "\"dest\"", "\"username\"", "\"password\"", "\"token\"",
            "\"privileged\"", "\"permissions\"", "\"status\"", "\"data\"", "\"group\"", "\"value\"", "\"noecho\"",
            "\"sdp\"", "\"candidate\"", "\"label\"", "\"request\"", "\"rtcConfiguration\"", "null", "true", "[]", "{}"})
    void readsOrRefuses(byte[] input) {
        FuzzTarget.check(input, () -> {
            Message read = MessageCodec.parse(new String(input, StandardCharsets.UTF_8));
            String written = MessageCodec.write(read);
            assertEquals(written, MessageCodec.write(MessageCodec.parse(written)));
        }, BadMessageException.class);
    }
}
