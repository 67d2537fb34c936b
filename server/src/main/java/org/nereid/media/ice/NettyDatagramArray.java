package org.nereid.media.ice;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;

/**
 * Netty's array of outgoing datagrams and its {@code sendmmsg}: several datagrams, each with its
 * own destination and GSO segment size, in one system call.
 *
 * <p>Netty fills such an array only inside its epoll datagram channel, whose writes from any
 * other thread are handed to the channel's event loop: that hand-off is what cost session 8's
 * GSO its gain (docs/benchmarks.md). The array's class is package-private, so it is reached
 * here through a private lookup, resolved once; Netty's native method does the call. Writing
 * our own JNI instead would put a C toolchain in every build and a native library in every
 * installer. Where Netty's classes differ (another version), {@link #UNAVAILABLE} says why
 * and callers make one call per datagram or batch, as before.
 */
final class NettyDatagramArray {
    private static final MethodHandle NEW;
    private static final MethodHandle ADD;
    private static final MethodHandle PACKETS;
    private static final MethodHandle CLEAR;
    private static final MethodHandle SENDMMSG;
    /** Why Netty's array cannot be used here, or null when it can. */
    static final String UNAVAILABLE;

    static {
        MethodHandle make = null;
        MethodHandle add = null;
        MethodHandle packets = null;
        MethodHandle clear = null;
        MethodHandle send = null;
        String why = null;
        try {
            Class<?> array = Class.forName("io.netty.channel.epoll.NativeDatagramPacketArray");
            Class<?> packet = Class.forName("io.netty.channel.epoll.NativeDatagramPacketArray$NativeDatagramPacket");
            Class<?> packetArray = packet.arrayType();
            Class<?> nativeCalls = Class.forName("io.netty.channel.epoll.Native");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(array, MethodHandles.lookup());
            make = lookup.findConstructor(array, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            add = lookup.findVirtual(array, "add0", MethodType.methodType(boolean.class, ByteBuf.class, int.class,
                    int.class, int.class, InetSocketAddress.class))
                    .asType(MethodType.methodType(boolean.class, Object.class, ByteBuf.class, int.class, int.class,
                            int.class, InetSocketAddress.class));
            packets = lookup.findVirtual(array, "packets", MethodType.methodType(packetArray))
                    .asType(MethodType.methodType(Object.class, Object.class));
            clear = lookup.findVirtual(array, "clear", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            send = MethodHandles.lookup().findStatic(nativeCalls, "sendmmsg",
                    MethodType.methodType(int.class, int.class, packetArray, int.class, int.class))
                    .asType(MethodType.methodType(int.class, int.class, Object.class, int.class, int.class));
            if (!(boolean) nativeCalls.getField("IS_SUPPORTING_SENDMMSG").get(null)) {
                why = "the kernel has no sendmmsg";
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            why = "Netty's datagram array is not as expected (" + e + ")";
        }
        NEW = make;
        ADD = add;
        PACKETS = packets;
        CLEAR = clear;
        SENDMMSG = send;
        UNAVAILABLE = why;
    }

    private final Object array;
    private final Object packets;

    /** Only where {@link #UNAVAILABLE} is null. */
    NettyDatagramArray() {
        try {
            array = NEW.invokeExact();
            packets = PACKETS.invokeExact(array);
        } catch (Throwable e) {
            throw new IllegalStateException("Netty's datagram array", e);
        }
    }

    /**
     * Adds {@code buffer[index, index+len)} for {@code to}, cut by the kernel into datagrams of
     * {@code segment} bytes. The array holds {@code UIO_MAXIOV} (1024) entries, far more than an
     * {@link Outbox} queues.
     */
    void add(ByteBuf buffer, int index, int len, int segment, InetSocketAddress to) {
        boolean added;
        try {
            added = (boolean) ADD.invokeExact(array, buffer, index, len, segment, to);
        } catch (Throwable e) {
            throw new IllegalStateException("Netty's datagram array", e);
        }
        if (!added) {
            throw new IllegalStateException("Netty's datagram array is full");
        }
    }

    /**
     * Sends entries {@code [offset, offset+len)} on socket {@code fd} in one call; returns how
     * many left (0 when the socket's buffer is full).
     */
    int send(int fd, int offset, int len) throws IOException {
        try {
            return (int) SENDMMSG.invokeExact(fd, packets, offset, len);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Netty's sendmmsg", e);
        }
    }

    /** Empties the array for the next datagrams. */
    void clear() {
        try {
            CLEAR.invokeExact(array);
        } catch (Throwable e) {
            throw new IllegalStateException("Netty's datagram array", e);
        }
    }
}
