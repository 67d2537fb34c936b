package org.nereid.turn;

import java.security.MessageDigest;
import java.util.Arrays;
import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Message;

/**
 * STUN messages to and from bytes with ice4j's message classes, plus the one thing
 * ice4j leaves to its StunStack: MESSAGE-INTEGRITY under a long-term key. The
 * digest is computed here over the bytes ice4j produced, as RFC 8489 §14.5 says
 * (length field counting up to the attribute, nothing after it).
 */
public final class StunCodec {
    static final int HEADER = 20;
    private static final int INTEGRITY_LENGTH = 20;
    /** The attribute's header (type, length) and its HMAC-SHA1. */
    private static final int INTEGRITY_ATTRIBUTE = 4 + INTEGRITY_LENGTH;

    private StunCodec() {
    }

    /** Whether these bytes begin like a STUN message (top two bits zero, magic cookie). */
    static boolean isStun(byte[] data, int length) {
        return length >= HEADER && (data[0] & 0xC0) == 0 && data[4] == 0x21 && data[5] == 0x12
                && (data[6] & 0xFF) == 0xA4 && data[7] == 0x42;
    }

    /** Decodes a message; throws StunException when it is not one. */
    public static Message decode(byte[] data, int length) throws StunException {
        if (!isStun(data, length) || HEADER + (((data[2] & 0xFF) << 8) | (data[3] & 0xFF)) != length) {
            throw new StunException(StunException.ILLEGAL_ARGUMENT, "not a STUN message");
        }
        try {
            return Message.decode(data, 0, length);
        } catch (RuntimeException e) {
            // ice4j's attribute decoders throw unchecked exceptions on some malformed input
            throw new StunException(StunException.ILLEGAL_ARGUMENT, "malformed STUN message: " + e, e);
        }
    }

    /** Encodes a message without MESSAGE-INTEGRITY. */
    public static byte[] encode(Message message) {
        message.removeAttribute(Attribute.MESSAGE_INTEGRITY);
        message.removeAttribute(Attribute.FINGERPRINT);
        return message.encode(null);
    }

    /** Encodes a message and appends MESSAGE-INTEGRITY under {@code key}. */
    public static byte[] encode(Message message, byte[] key) {
        byte[] body = encode(message);
        byte[] out = new byte[body.length + INTEGRITY_ATTRIBUTE];
        System.arraycopy(body, 0, out, 0, body.length);
        setLength(out, out.length - HEADER);
        byte[] mac = TimeLimitedCredential.hmacSha1(key, Arrays.copyOf(out, body.length));
        int at = body.length;
        out[at] = 0;
        out[at + 1] = (byte) Attribute.MESSAGE_INTEGRITY;
        out[at + 2] = 0;
        out[at + 3] = INTEGRITY_LENGTH;
        System.arraycopy(mac, 0, out, at + 4, INTEGRITY_LENGTH);
        return out;
    }

    /** Whether the message in {@code data} carries MESSAGE-INTEGRITY. */
    static boolean hasIntegrity(byte[] data, int length) {
        return integrityOffset(data, length) >= 0;
    }

    /** Whether the message's MESSAGE-INTEGRITY is right under {@code key} (false when it has none). */
    public static boolean verify(byte[] data, int length, byte[] key) {
        int at = integrityOffset(data, length);
        if (at < 0 || at + INTEGRITY_ATTRIBUTE > length) {
            return false;
        }
        byte[] signed = Arrays.copyOf(data, at);
        setLength(signed, at + INTEGRITY_ATTRIBUTE - HEADER);
        byte[] expected = TimeLimitedCredential.hmacSha1(key, signed);
        byte[] given = Arrays.copyOfRange(data, at + 4, at + INTEGRITY_ATTRIBUTE);
        return MessageDigest.isEqual(expected, given);
    }

    /** Where the MESSAGE-INTEGRITY attribute starts, or -1. */
    private static int integrityOffset(byte[] data, int length) {
        int at = HEADER;
        while (at + 4 <= length) {
            int type = ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
            int size = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            if (type == Attribute.MESSAGE_INTEGRITY) {
                return size == INTEGRITY_LENGTH ? at : -1;
            }
            at += 4 + ((size + 3) & ~3);
        }
        return -1;
    }

    private static void setLength(byte[] message, int length) {
        message[2] = (byte) (length >> 8);
        message[3] = (byte) length;
    }
}
