package org.nereid.media.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.nereid.media.srtp.SrtpProfile;

/**
 * The same per-packet path as {@link ForwardingBenchmark}, timed in this
 * thread's CPU time rather than wall time: on a machine shared with other
 * work, JMH's wall-clock averages mostly measure the waiting. Each round
 * times the floor, the publisher's share and the forwarding path back to back,
 * so that whatever else loads the machine weighs on all three; the report is
 * the median of 7 rounds per configuration, the ratio per copy / floor, and
 * the bytes the forwarding path allocates per incoming packet.
 *
 * <p>Arguments: packets per round (default 20 000), then optionally the
 * profiles, receiver counts and UDP settings to run, e.g.
 * {@code 20000 AES128_CM_HMAC_SHA1_80 1,4 true,read}. A UDP setting is {@code false}
 * (no send), {@code true} (to one socket nobody reads) or {@code read} (to a socket
 * per receiver, read on another thread; the floor sends to each in turn): the
 * last pays loopback's receiving side as the server does when it sends to the
 * load tool, and prints how many datagrams were read.
 */
public final class ForwardingCpuTime {
    private static final com.sun.management.ThreadMXBean CPU =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 7;

    private enum Part { FLOOR, PUBLISHER, FORWARD }

    private ForwardingCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        SrtpProfile[] profiles = args.length > 1
                ? Arrays.stream(args[1].split(",")).map(SrtpProfile::valueOf).toArray(SrtpProfile[]::new)
                : SrtpProfile.values();
        int[] counts = args.length > 2
                ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 4, 16};
        String[] udps = args.length > 3 ? args[3].split(",") : new String[] {"false", "true"};
        System.out.printf("%-24s %9s %5s %9s %12s %10s %9s %7s %10s%n", "profile", "receivers", "udp",
                "floor ns", "publisher ns", "forward ns", "copy ns", "ratio", "B/packet");
        for (SrtpProfile profile : profiles) {
            for (String udp : udps) {
                for (int receivers : counts) {
                    run(profile, udp, receivers, packets);
                }
            }
        }
    }

    private static void run(SrtpProfile profile, String udp, int receivers, int packets) throws Exception {
        // separate states: the receiving context must see the publisher's sequence unbroken
        ForwardingBenchmark alone = state(profile, udp, receivers);
        ForwardingBenchmark path = state(profile, udp, receivers);
        double[][] ns = new double[Part.values().length][ROUNDS];
        double allocated = 0;
        for (int r = -1; r < ROUNDS; r++) {     // round -1 warms up
            for (Part part : Part.values()) {
                ForwardingBenchmark b = part == Part.FORWARD ? path : alone;
                long id = Thread.currentThread().getId();
                long bytes = CPU.getThreadAllocatedBytes(id);
                long start = CPU.getCurrentThreadCpuTime();
                for (int i = 0; i < packets; i++) {
                    call(b, part);
                }
                if (r >= 0) {
                    ns[part.ordinal()][r] = (CPU.getCurrentThreadCpuTime() - start) / (double) packets;
                    if (part == Part.FORWARD) {
                        allocated = (CPU.getThreadAllocatedBytes(id) - bytes) / (double) packets;
                    }
                }
            }
        }
        long read = alone.datagramsRead() + path.datagramsRead();
        alone.tearDown();
        path.tearDown();
        double floor = median(ns[Part.FLOOR.ordinal()]);
        double publisher = median(ns[Part.PUBLISHER.ordinal()]);
        double forward = median(ns[Part.FORWARD.ordinal()]);
        double perCopy = (forward - publisher) / receivers;
        System.out.printf("%-24s %9d %5s %9.0f %12.0f %10.0f %9.0f %7.2f %10.0f%n", profile, receivers, udp,
                floor, publisher, forward, perCopy, perCopy / floor, allocated);
        if (udp.equals("read")) {
            // floor, publisher and forward per round, warm-up included; the publisher sends nothing
            long sent = (long) packets * (ROUNDS + 1) * (1 + receivers);
            System.out.printf("%24s read %d of %d datagrams sent to the reading sockets%n", "", read, sent);
        }
    }

    private static ForwardingBenchmark state(SrtpProfile profile, String udp, int receivers) throws Exception {
        ForwardingBenchmark b = new ForwardingBenchmark();
        b.profile = profile;
        b.udp = !udp.equals("false");
        b.read = udp.equals("read");
        b.receivers = receivers;
        b.setUp();
        return b;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int call(ForwardingBenchmark b, Part part) {
        switch (part) {
            case FLOOR:
                return b.floor();
            case PUBLISHER:
                return b.publisherOnly();
            default:
                return b.forward();
        }
    }
}
