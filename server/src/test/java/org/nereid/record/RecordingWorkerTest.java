package org.nereid.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.media.PacketTap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue between the packet path and the disk: copies, drops when full, and finishes in order. */
class RecordingWorkerTest {
    @TempDir
    Path dir;

    @Test
    void aFullQueueDropsAndCountsThenEverythingQueuedIsWritten() throws Exception {
        AtomicLong duration = new AtomicLong(-1);
        StreamRecorder recorder = new StreamRecorder(new RecordingFiles(dir, ZoneOffset.UTC), "g", "ann",
                List.of(TrackInfo.opus()), new RecordingListener() {
                    @Override
                    public void fileFinished(Path file, long durationMs) {
                        duration.set(durationMs);
                    }

                    @Override
                    public void failed(Path file, Exception error) {
                        throw new AssertionError(error);
                    }
                }, Clock.systemUTC());
        RecordingWorker worker = new RecordingWorker("test");
        PacketTap tap = worker.tap(recorder, 0);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        worker.execute(() -> {
            blocked.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocked.await(10, TimeUnit.SECONDS), "the worker is held");

        // one buffer for every packet, overwritten after each call: the tap must copy
        byte[] packet = new byte[12 + 20];
        int sent = RecordingWorker.CAPACITY + 100;
        for (int i = 0; i < sent; i++) {
            packet[0] = (byte) 0x80;
            packet[1] = (byte) (0x80 | 111);
            packet[2] = (byte) (i >>> 8);
            packet[3] = (byte) i;
            long ts = 960L * i;
            packet[4] = (byte) (ts >>> 24);
            packet[5] = (byte) (ts >>> 16);
            packet[6] = (byte) (ts >>> 8);
            packet[7] = (byte) ts;
            packet[12] = (byte) i;
            tap.rtp(packet, 0, packet.length);
        }
        assertEquals(100, worker.dropped());

        gate.countDown();
        worker.execute(recorder::close);
        worker.close();
        assertTrue(worker.awaitClosed(20_000), "the worker finishes what was queued, then stops");
        assertEquals(1, Files.list(dir.resolve("g")).count());
        long expected = (RecordingWorker.CAPACITY - 1) * 20L;
        assertTrue(duration.get() >= expected && duration.get() <= expected + 40,
                "every queued frame is in the file: " + duration.get() + " ms");
        tap.rtp(packet, 0, packet.length); // a closed worker ignores late packets quietly
        assertEquals(100, worker.dropped());
    }
}
