package org.nereid.load.rtc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.nereid.media.srtp.PacketBuffer;

/**
 * Reads every client socket of a run with one thread per core, each waiting on its share of
 * the sockets at once (epoll, through a {@link Selector}). A thread per connection, as the tool
 * had before, meant 100 threads woken one packet at a time for a 100-subscriber fan-out:
 * their scheduling on the cores the server also needs was counted as the server's latency.
 * Here a busy reader takes the next ready socket without sleeping in between, and each
 * datagram goes to its connection (which timestamps it) as soon as it is taken.
 */
final class UdpReaders implements AutoCloseable {
    /** Takes what one socket receives, on that socket's reader thread. */
    interface Receiver {
        /** {@code length} bytes at the start of {@code data} came from {@code from}, just now. */
        void received(byte[] data, int length, InetSocketAddress from);

        /** The socket failed (not closed by us): nothing more will come. */
        void failed(IOException e);
    }

    private final Reader[] readers;
    private final AtomicInteger next = new AtomicInteger();

    /** @param threads how many reader threads (one per core the tool may use) */
    UdpReaders(int threads) {
        readers = new Reader[Math.max(1, threads)];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = new Reader("load-rx-" + i);
            readers[i].start();
        }
    }

    /** Reads {@code channel} (non-blocking, bound) from now on; closing the channel ends that. */
    void add(DatagramChannel channel, Receiver receiver) {
        readers[Math.floorMod(next.getAndIncrement(), readers.length)].add(channel, receiver);
    }

    int threads() {
        return readers.length;
    }

    @Override
    public void close() {
        for (Reader r : readers) {
            r.shutdown();
        }
    }

    private static final class Reader extends Thread {
        private final Selector selector;
        private final Queue<Runnable> additions = new ConcurrentLinkedQueue<>();
        private final byte[] data = new byte[PacketBuffer.CAPACITY];
        private final ByteBuffer buffer = ByteBuffer.wrap(data);
        private volatile boolean stopped;

        Reader(String name) {
            super(name);
            setDaemon(true);
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector", e);
            }
        }

        /** Registration waits for the selector, so it is done by the reader itself between two waits. */
        void add(DatagramChannel channel, Receiver receiver) {
            additions.add(() -> {
                try {
                    channel.register(selector, SelectionKey.OP_READ, receiver);
                } catch (ClosedChannelException e) {
                    // closed before its first read: nothing to read
                }
            });
            selector.wakeup();
        }

        void shutdown() {
            stopped = true;
            selector.wakeup();
        }

        @Override
        public void run() {
            try (selector) {
                while (!stopped) {
                    for (Runnable a; (a = additions.poll()) != null; ) {
                        a.run();
                    }
                    selector.select(this::drain);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("a selector failed", e);
            }
        }

        /** Everything waiting on one ready socket, each datagram handed over as it is taken. */
        private void drain(SelectionKey key) {
            DatagramChannel channel = (DatagramChannel) key.channel();
            Receiver receiver = (Receiver) key.attachment();
            try {
                while (true) {
                    buffer.clear();
                    buffer.limit(1500);
                    InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                    if (from == null) {
                        return;
                    }
                    receiver.received(data, buffer.position(), from);
                }
            } catch (ClosedChannelException e) {
                key.cancel();
            } catch (IOException e) {
                key.cancel();
                receiver.failed(e);
            }
        }
    }
}
