package org.nereid.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.Test;

class StunCodecTest {
    private static final byte[] KEY = "a long-term key".getBytes(StandardCharsets.UTF_8);

    /** ice4j's Agent sets this JVM-wide when made, i.e. as soon as the SFU has a participant. */
    @Test
    void aSignedMessageStaysValidAfterAnIceAgentAskedIce4jToAlwaysSign() throws Exception {
        String before = System.getProperty("org.ice4j.ALWAYS_SIGN");
        System.setProperty("org.ice4j.ALWAYS_SIGN", "true");
        try {
            Request r = MessageFactory.createAllocateRequest((byte) 17, false);
            r.setTransactionID(new byte[12]);
            MessageFactory.addLongTermCredentialAttributes(r, "user".getBytes(StandardCharsets.UTF_8),
                    TurnCredentials.REALM.getBytes(StandardCharsets.UTF_8), "nonce".getBytes(StandardCharsets.UTF_8));
            byte[] signed = StunCodec.encode(r, KEY);

            Message decoded = StunCodec.decode(signed, signed.length);
            assertEquals(Message.ALLOCATE_REQUEST, decoded.getMessageType());
            assertNull(decoded.getAttribute(Attribute.FINGERPRINT), "nothing but MESSAGE-INTEGRITY is appended");
            assertTrue(StunCodec.verify(signed, signed.length, KEY));
            Request binding = MessageFactory.createBindingRequest();
            binding.setTransactionID(new byte[12]);
            byte[] plain = StunCodec.encode(binding);
            assertEquals(StunCodec.HEADER + (((plain[2] & 0xFF) << 8) | (plain[3] & 0xFF)), plain.length);
            assertNull(StunCodec.decode(plain, plain.length).getAttribute(Attribute.FINGERPRINT));
        } finally {
            if (before == null) {
                System.clearProperty("org.ice4j.ALWAYS_SIGN");
            } else {
                System.setProperty("org.ice4j.ALWAYS_SIGN", before);
            }
        }
    }
}
