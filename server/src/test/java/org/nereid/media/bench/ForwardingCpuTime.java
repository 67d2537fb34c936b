package org.nereid.media.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.nereid.media.srtp.SrtpProfile;

/**
 * The same per-packet path as {@link ForwardingBenchmark}, timed in this
 * thread's CPU time rather than wall time: on a machine shared with other
 * work, JMH's wall-clock averages mostly measure the waiting. Reports the
 * median of 7 rounds per configuration.
 */
public final class ForwardingCpuTime {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ForwardingCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 7;
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        System.out.printf("%-24s %9s %5s %14s %14s %16s%n", "profile", "receivers", "udp",
                "publisher ns", "forward ns", "per copy ns");
        for (SrtpProfile profile : SrtpProfile.values()) {
            for (boolean udp : new boolean[] {false, true}) {
                for (int receivers : new int[] {1, 4, 16}) {
                    // separate states: the receiving context must see the publisher's sequence unbroken
                    ForwardingBenchmark alone = state(profile, udp, receivers);
                    double publisher = median(rounds, packets, alone, false);
                    alone.tearDown();
                    ForwardingBenchmark b = state(profile, udp, receivers);
                    double forward = median(rounds, packets, b, true);
                    b.tearDown();
                    System.out.printf("%-24s %9d %5s %14.0f %14.0f %16.0f%n", profile, receivers, udp,
                            publisher, forward, (forward - publisher) / receivers);
                }
            }
        }
    }

    private static ForwardingBenchmark state(SrtpProfile profile, boolean udp, int receivers) throws Exception {
        ForwardingBenchmark b = new ForwardingBenchmark();
        b.profile = profile;
        b.udp = udp;
        b.receivers = receivers;
        b.setUp();
        return b;
    }

    private static double median(int rounds, int packets, ForwardingBenchmark b, boolean forward) {
        for (int i = 0; i < packets; i++) {
            run(b, forward);    // warm-up
        }
        double[] results = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < packets; i++) {
                run(b, forward);
            }
            results[r] = (CPU.getCurrentThreadCpuTime() - start) / (double) packets;
        }
        java.util.Arrays.sort(results);
        return results[rounds / 2];
    }

    private static int run(ForwardingBenchmark b, boolean forward) {
        return forward ? b.forward() : b.publisherOnly();
    }
}
