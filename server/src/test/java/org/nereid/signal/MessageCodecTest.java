package org.nereid.signal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {

    @Test
    void readsGalenesFieldsAndIgnoresUnknownOnes() throws Exception {
        Message m = MessageCodec.parse("{\"type\":\"chat\",\"kind\":\"me\",\"dest\":\"x\",\"noecho\":true,"
                + "\"value\":{\"a\":1},\"future\":42,\"username\":null}");
        assertEquals("chat", m.type());
        assertEquals("me", m.kind());
        assertEquals("x", m.dest());
        assertTrue(m.noecho());
        assertEquals(1, m.value().get("a").asInt());
        assertNull(m.username());
    }

    @Test
    void refusesWrongTypesInsteadOfCoercing() {
        assertTrue(assertThrows(BadMessageException.class, () -> MessageCodec.parse("{\"type\":\"chat\",\"id\":5}"))
                .getMessage().contains("\"id\" must be a string"));
        assertThrows(BadMessageException.class, () -> MessageCodec.parse("{\"type\":\"chat\",\"noecho\":\"yes\"}"));
        assertThrows(BadMessageException.class, () -> MessageCodec.parse("{\"type\":\"join\",\"data\":[1]}"));
        assertThrows(BadMessageException.class, () -> MessageCodec.parse("{\"type\":\"handshake\",\"version\":[2]}"));
        assertThrows(BadMessageException.class, () -> MessageCodec.parse("[1,2]"));
        assertThrows(BadMessageException.class, () -> MessageCodec.parse("{\"kind\":\"x\"}"));
        assertThrows(BadMessageException.class, () -> MessageCodec.parse("{\"type\":"));
    }

    @Test
    void writesLikeGoOmitEmptyButAlwaysTheUsername() {
        String json = MessageCodec.write(Message.of("joined").kind("leave").group("g").username("")
                .permissions(List.of()).error("").privileged(false).build());
        assertEquals("{\"type\":\"joined\",\"kind\":\"leave\",\"username\":\"\",\"group\":\"g\"}", json);
    }

    @Test
    void roundTrips() throws Exception {
        Message m = Message.of("offer").id("s").label("camera").source("A").username("alice").sdp("v=0\r\n")
                .privileged(true).version(List.of("2")).permissions(List.of("op")).build();
        assertEquals(m, MessageCodec.parse(MessageCodec.write(m)));
    }
}
