package org.nereid.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A packet in a reusable array with room at the end for the SRTP tag and
 * SRTCP index, so protecting it never reallocates.
 */
public final class PacketBuffer implements ByteArrayBuffer {
    /** Largest datagram plus room for the SRTP/SRTCP trailer. */
    public static final int CAPACITY = 1500 + 64;

    private static final ThreadLocal<PacketBuffer> SCRATCH = ThreadLocal.withInitial(PacketBuffer::new);

    private byte[] buffer;
    private int offset;
    private int length;

    public PacketBuffer() {
        this(new byte[CAPACITY]);
    }

    public PacketBuffer(byte[] buffer) {
        this.buffer = buffer;
    }

    /**
     * This thread's buffer for an outgoing packet: a forwarded copy is built,
     * protected and sent before the thread touches it again, so forwarding
     * allocates nothing.
     */
    public static PacketBuffer scratch() {
        return SCRATCH.get();
    }

    /** Points this view at {@code [offset, offset+length)} of {@code array}. */
    public PacketBuffer wrap(byte[] array, int offset, int length) {
        this.buffer = array;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Copies {@code len} bytes in at offset 0. */
    public PacketBuffer copyFrom(byte[] src, int off, int len) {
        System.arraycopy(src, off, buffer, 0, len);
        offset = 0;
        length = len;
        return this;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        length = len;
    }

    @Override
    public void setOffset(int off) {
        offset = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            byte[] bigger = new byte[offset + length + howMuch];
            System.arraycopy(buffer, 0, bigger, 0, offset + length);
            buffer = bigger;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
