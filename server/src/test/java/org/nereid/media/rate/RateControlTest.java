package org.nereid.media.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nereid.media.layer.LayerFilter;
import org.nereid.media.layer.StreamRewriter;
import org.nereid.media.rtp.ReportBlock;

/**
 * One receiver of a simulcast stream (l and h), driven as its down track drives its rate
 * control: 20 frames a second with the probe's padding after each, a report every second.
 * The publisher is modelled as Chrome behaves under Galène's REMB: l at its 100 kbit/s cap,
 * h coming up (or down) to what the receivers ask of it plus the REMB's unused audio share.
 */
class RateControlTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long FRAME = SECOND / 20;
    private static final long LOW = 100_000;
    /** The REMB's fixed audio share less what Opus sends: the publisher gives it to h. */
    private static final long UNUSED_AUDIO_SHARE = 70_000;
    private static final int L = 0;
    private static final int H = 1;

    private long now = SECOND;
    private long octets;
    private long highest;
    private long cumulativeLost;
    private long highRate = 400_000;
    /** h's recent peak, as the up track keeps it: sampled each second, decaying by 1/64. */
    private long highPeak;
    private final RateControl control = new RateControl("test", true, 2, new RateControl.Layers() {
        @Override
        public long bitrate(int layer) {
            return layer == L ? LOW : highRate;
        }

        @Override
        public long recentPeakBitrate(int layer) {
            return layer == L ? LOW : highPeak;
        }

        @Override
        public void requestKeyframe(int layer) {
        }

        @Override
        public String rid(int layer) {
            return layer == L ? "l" : "h";
        }
    }, new LayerFilter("vp8", new StreamRewriter(true, 90_000)));

    /** One second on a link that loses {@code lossPercent} of what it is sent, then the receiver's report. */
    private void second(int lossPercent) {
        int forwarded = control.target();
        long rate = forwarded == L ? LOW : highRate;
        long packets = 0;
        for (long t = 0; t < SECOND; t += FRAME) {
            now += FRAME;
            packets += 3 + control.padding(now);
        }
        octets += rate / 8;
        long lost = packets * lossPercent / 100;
        highest += packets;
        cumulativeLost += lost;
        control.report(new ReportBlock(1, (int) (lost * 256 / packets), (int) cumulativeLost, highest, 0, 0, 0),
                octets, 0, rate, 1_000_000, now);
        // the publisher follows the REMB, half the way each second: h gets what is asked of it,
        // and the audio share Opus leaves unused
        long allowed = Math.max(LOW + 50_000, control.bitrateFor(H, forwarded, now) + UNUSED_AUDIO_SHARE);
        highRate += (allowed - highRate) / 2;
        highPeak = Math.max(highRate, highPeak - highPeak / 64);
    }

    @Test
    void aLayerAimedAtIsAskedWhatFitsOnceTheProbePassesSoTheReceiverGoesUp() {
        for (int i = 0; i < 5; i++) {
            second(0);
        }
        assertEquals(H, control.target());
        // a lossy link: down to l
        for (int i = 0; i < 3 && control.target() == H; i++) {
            second(30);
        }
        assertEquals(L, control.target(), "down to l on loss");
        // the link recovers: probes show it, and the receiver must get h back
        int seconds = 0;
        long asked = 0;
        while (control.target() != H && seconds < 40) {
            second(0);
            seconds++;
            long now = control.bitrateFor(H, L, this.now);
            if (asked == 0) {
                asked = now;
            }
            if (control.target() == L) {
                assertEquals(asked, now, "h is asked the same while the probes climb to it");
            }
        }
        assertTrue(asked > 0, "h was asked for while probed towards");
        // asked ¾ of the estimate as it moved, which the probes' padding raises, h grew with each
        // passed step and never fitted with a quarter to spare: the receiver stayed on l
        assertEquals(H, control.target(), "back on h within 40 s, h at " + highRate + " bit/s, estimate "
                + control.bitsPerSecond(now));
        assertTrue(seconds <= 12, "back on h after " + seconds + " s");
    }
}
