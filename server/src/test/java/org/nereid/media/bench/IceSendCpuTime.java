package org.nereid.media.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.util.BufferPool;
import org.nereid.media.ice.IceHost;
import org.nereid.media.ice.IceTransport;
import org.nereid.media.ice.LoopbackBrowser;

/**
 * What sending one packet on a peer connection's ICE pair costs the sending
 * thread: {@link IceTransport#send} on the server's shared port, after real ICE
 * with a browser-like agent on 127.0.0.1, against the floor of writing the same
 * bytes to a connected {@code DatagramChannel} towards the same browser socket
 * (what {@link ForwardingBenchmark} uses for its send). Thread CPU time; each
 * round times floor and ICE back to back, median of 7 rounds; bytes allocated
 * per ICE send from {@code ThreadMXBean.getThreadAllocatedBytes}. Run it with
 * another build's classes in place of {@code target/classes} for a before/after
 * comparison (it uses only IceHost's and IceTransport's public API).
 *
 * <p>Arguments: packets per round (default 20 000), packet size (default 1200).
 */
public final class IceSendCpuTime {
    private static final com.sun.management.ThreadMXBean CPU =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 7;

    private IceSendCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
        byte[] packet = new byte[size + 64];
        Arrays.fill(packet, (byte) 0x55);
        packet[16] = (byte) 0x80;        // RTP's first byte, at an offset as in the scratch buffers
        CountDownLatch completed = new CountDownLatch(1);
        try (IceHost host = new IceHost(List.of("127.0.0.1"), 0, 0);
             IceTransport server = new IceTransport(host.lease(), false, BufferPool.returnBuffer::invoke, (t, s) -> {
                 if (s == IceProcessingState.COMPLETED) {
                     completed.countDown();
                 }
             });
             LoopbackBrowser browser = new LoopbackBrowser(false);
             DatagramChannel floor = DatagramChannel.open()) {
            browser.connect(server, completed);
            floor.connect(new InetSocketAddress("127.0.0.1", browser.port()));
            ByteBuffer view = ByteBuffer.wrap(packet, 16, size);
            double[] floorNs = new double[ROUNDS];
            double[] iceNs = new double[ROUNDS];
            double allocated = 0;
            for (int r = -1; r < ROUNDS; r++) {     // round -1 warms up
                long start = CPU.getCurrentThreadCpuTime();
                for (int i = 0; i < packets; i++) {
                    view.clear().position(16).limit(16 + size);
                    floor.write(view);
                }
                long middle = CPU.getCurrentThreadCpuTime();
                long bytes = CPU.getThreadAllocatedBytes(Thread.currentThread().getId());
                for (int i = 0; i < packets; i++) {
                    server.send(packet, 16, size);
                }
                long end = CPU.getCurrentThreadCpuTime();
                if (r >= 0) {
                    floorNs[r] = (middle - start) / (double) packets;
                    iceNs[r] = (end - middle) / (double) packets;
                    allocated = (CPU.getThreadAllocatedBytes(Thread.currentThread().getId()) - bytes) / (double) packets;
                }
            }
            double f = median(floorNs);
            double ice = median(iceNs);
            System.out.printf("%6s %9s %9s %7s %10s %s%n", "bytes", "floor ns", "ice ns", "ratio", "B/send", "arrived");
            System.out.printf("%6d %9.0f %9.0f %7.2f %10.0f %d of %d%n", size, f, ice, ice / f, allocated,
                    browser.count(), 2L * packets * (ROUNDS + 1));
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
