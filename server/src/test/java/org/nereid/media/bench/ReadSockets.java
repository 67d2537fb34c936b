package org.nereid.media.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback sockets that a thread of their own reads through epoll, as the load tool reads
 * its peer connections': a datagram sent to one is queued and wakes that reader, which the
 * sender pays for in its own system call. A socket nobody reads costs the sender less (its
 * queue is full, so each datagram is dropped at the door): a floor that sends there does not
 * pay what the server pays when it sends to the tool (docs/benchmarks.md, Session 13).
 */
final class ReadSockets implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final DatagramChannel[] sockets;
    private final InetSocketAddress[] addresses;
    private final Selector selector;
    private final Thread reader;
    private final AtomicLong read = new AtomicLong();
    private volatile boolean closed;

    ReadSockets(int count) throws IOException {
        sockets = new DatagramChannel[count];
        addresses = new InetSocketAddress[count];
        selector = Selector.open();
        for (int i = 0; i < count; i++) {
            sockets[i] = DatagramChannel.open().setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER)
                    .bind(new InetSocketAddress("127.0.0.1", 0));
            sockets[i].configureBlocking(false).register(selector, SelectionKey.OP_READ);
            addresses[i] = (InetSocketAddress) sockets[i].getLocalAddress();
        }
        reader = new Thread(this::readUntilClosed, "bench-reader");
        reader.setDaemon(true);
        reader.start();
    }

    int count() {
        return sockets.length;
    }

    InetSocketAddress address(int i) {
        return addresses[i];
    }

    /** Datagrams read so far, all sockets together. */
    long read() {
        return read.get();
    }

    private void readUntilClosed() {
        ByteBuffer into = ByteBuffer.allocateDirect(2048);
        try {
            while (!closed) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel socket = (DatagramChannel) key.channel();
                    while (socket.receive(into.clear()) != null) {
                        read.incrementAndGet();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) {
                throw new IllegalStateException("the benchmark's reader failed", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
        for (DatagramChannel socket : sockets) {
            socket.close();
        }
    }
}
