package org.nereid.load.rtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ice4j.socket.SocketClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tool's shared socket readers, and the socket ice4j gets, over real UDP sockets on 127.0.0.1. */
class UdpReadersTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** What one socket's receiver was given: the bytes (copied) and the reader thread's name. */
    private static final class Recorder implements UdpReaders.Receiver {
        final BlockingQueue<byte[]> datagrams = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<IOException> failure = new CompletableFuture<>();

        @Override
        public void received(byte[] data, int length, InetSocketAddress from) {
            byte[] copy = new byte[length];
            System.arraycopy(data, 0, copy, 0, length);
            threads.add(Thread.currentThread().getName());
            datagrams.add(copy);
        }

        @Override
        public void failed(IOException e) {
            failure.complete(e);
        }

        byte[] next() throws InterruptedException {
            return datagrams.poll(10, TimeUnit.SECONDS);
        }
    }

    private ChannelSocket a;
    private ChannelSocket b;
    private DatagramSocket sender;
    private final Recorder ra = new Recorder();
    private final Recorder rb = new Recorder();
    private UdpReaders readers;

    @BeforeEach
    void open() throws IOException {
        a = new ChannelSocket(LOOPBACK);
        b = new ChannelSocket(LOOPBACK);
        sender = new DatagramSocket(0, LOOPBACK);
    }

    @AfterEach
    void close() {
        if (readers != null) {
            readers.close();
        }
        a.close();
        b.close();
        sender.close();
    }

    /** Readers on {@code threads} threads, reading {@code a} into {@code ra} and {@code b} into {@code rb}. */
    private void read(int threads) {
        readers = new UdpReaders(threads);
        readers.add(a.channel(), ra);
        readers.add(b.channel(), rb);
    }

    @Test
    void everySocketGetsItsOwnDatagramsInOrderFromOneReader() throws Exception {
        read(1);
        for (int i = 0; i < 50; i++) {
            send(a, new byte[] {(byte) 0x80, 'a', (byte) i});
            send(b, new byte[] {(byte) 0x80, 'b', (byte) i});
        }
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(new byte[] {(byte) 0x80, 'a', (byte) i}, ra.next());
            assertArrayEquals(new byte[] {(byte) 0x80, 'b', (byte) i}, rb.next());
        }
        assertEquals(List.of("load-rx-0"), ra.threads.stream().distinct().toList());
        assertEquals(List.of("load-rx-0"), rb.threads.stream().distinct().toList());
    }

    @Test
    void socketsAreSpreadOverTheReaders() throws Exception {
        read(2);
        send(a, new byte[] {1});
        send(b, new byte[] {2});
        assertArrayEquals(new byte[] {1}, ra.next());
        assertArrayEquals(new byte[] {2}, rb.next());
        assertEquals(2, readers.threads());
        assertNotEquals(ra.threads.get(0), rb.threads.get(0), "two sockets, two readers");
    }

    @Test
    void aClosedSocketIsNoLongerReadAndTheOthersStillAre() throws Exception {
        read(1);
        InetSocketAddress aAddress = (InetSocketAddress) a.getLocalSocketAddress();
        a.close();
        sender.send(new DatagramPacket(new byte[] {9}, 1, aAddress));
        send(b, new byte[] {7});
        assertArrayEquals(new byte[] {7}, rb.next());
        assertNull(ra.datagrams.poll(200, TimeUnit.MILLISECONDS));
        assertFalse(ra.failure.isDone(), "closing is not a failure");
    }

    @Test
    void stunGoesToIce4jsReceiveAndSendsLeaveFromTheSocket() throws Exception {
        try (ChannelSocket socket = new ChannelSocket(LOOPBACK);
             DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            InetSocketAddress from = (InetSocketAddress) peer.getLocalSocketAddress();
            byte[] reader = {0, 1, 0, 0, 42, 99};
            socket.offerStun(reader, 5, from);
            reader[4] = 0;      // the reader reuses its buffer: ice4j must get a copy
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            socket.receive(p);
            assertEquals(5, p.getLength());
            assertArrayEquals(new byte[] {0, 1, 0, 0, 42}, Arrays.copyOf(p.getData(), 5));
            assertEquals(from, p.getSocketAddress());

            socket.send(new DatagramPacket(new byte[] {5, 6}, 2, from));
            DatagramPacket got = new DatagramPacket(new byte[10], 10);
            peer.setSoTimeout(10_000);
            peer.receive(got);
            assertEquals(2, got.getLength());
            assertEquals(socket.getLocalSocketAddress(), got.getSocketAddress());
        }
    }

    @Test
    void closingWakesIce4jsWaitingReceive() throws Exception {
        ChannelSocket socket = new ChannelSocket(LOOPBACK);
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                socket.receive(new DatagramPacket(new byte[1500], 1500));
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100);
        socket.close();
        assertTrue(waiting.get(10, TimeUnit.SECONDS) instanceof SocketClosedException);
        assertThrows(SocketClosedException.class, () -> socket.receive(new DatagramPacket(new byte[10], 10)));
    }

    private void send(ChannelSocket to, byte[] data) throws IOException {
        sender.send(new DatagramPacket(data, data.length, to.getLocalSocketAddress()));
    }
}
