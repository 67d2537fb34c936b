package org.nereid.media.transport;

import org.nereid.media.srtp.PacketBuffer;

/**
 * One outgoing packet buffer per thread: a forwarded copy is built, protected
 * and sent before the thread touches the buffer again, so no packet allocates.
 */
public final class Scratch {
    private static final ThreadLocal<PacketBuffer> BUFFER = ThreadLocal.withInitial(PacketBuffer::new);

    private Scratch() {
    }

    public static PacketBuffer buffer() {
        return BUFFER.get();
    }
}
