package org.nereid.media.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.media.layer.LayeredPackets.vp9;

import org.junit.jupiter.api.Test;

/**
 * The steps within a VP9 stream of 2 spatial × 3 temporal layers (pictures 0 2 1 2, every
 * layer frame the same size): S0 at TL0 is an eighth of the stream, S0 up to TL1 a quarter,
 * S0 whole a half, and S1 only whole: S1 up to TL1 would be three quarters.
 */
class SublayerChoiceTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int[] PATTERN = {0, 2, 1, 2};

    private final StreamRewriter rewriter = new StreamRewriter(false, 90_000);
    private final LayerFilter filter = new LayerFilter("vp9", rewriter);
    private final SublayerChoice choice = new SublayerChoice();
    private int seq = 1;
    private int picture;
    private int keyframe;

    private void pictures(int count) {
        for (int end = picture + count; picture < end; picture++) {
            boolean key = picture == keyframe;
            int tid = key ? 0 : PATTERN[picture % 4];
            for (int sid = 0; sid < 2; sid++) {
                byte[] p = vp9(seq++, 3000L * picture, picture, picture / 4, sid, tid, false, !key, true, true, false,
                        sid == 1);
                if (rewriter.layer() < 0) {
                    rewriter.switchTo(0, p, 0, p.length, 0);
                }
                if (filter.admit(p, 0, p.length, key && sid == 0) != LayerFilter.DROPPED) {
                    rewriter.rewrite(p, 0, p.length, 0);
                }
            }
        }
    }

    /** 40 pictures, sampled as the media timer does; returns the whole stream's bitrate. */
    private long aSecondOfPictures() {
        filter.sample(SECOND);
        pictures(40);
        filter.sample(2 * SECOND);
        return filter.bitrateUpTo(1, 2);
    }

    @Test
    void aLosingReceiverGetsTheHighestStepItsEstimateCarriesAndAllOfItOnAHigherSimulcastLayer() {
        long all = aSecondOfPictures();
        assertEquals(all / 4, filter.bitrateUpTo(0, 1), "S0 up to TL1");
        long[] oneLayer = {all};
        // 30 % of the stream: S0 up to TL1 (a quarter) fits, S0 whole (a half) does not
        assertFalse(choice.choose(filter, oneLayer, 0, all * 3 / 10, true, 3 * SECOND));
        pictures(2);
        assertEquals(0, filter.spatial());
        assertEquals(1, filter.temporal());
        long need = choice.probeTarget(filter, false, all * 3 / 10, 10 * SECOND);
        assertEquals(all / 2 + all / 8, need, "a probe aims at S0 whole with a quarter to spare");

        // the receiver moved up to a higher simulcast layer: all of that one, S1 after a keyframe
        assertTrue(choice.choose(filter, new long[] {all / 2, all}, 1, all * 3, false, 20 * SECOND),
                "S1 needs a keyframe");
        assertEquals(0, choice.probeTarget(filter, false, all * 3, 20 * SECOND));
        pictures(4);
        assertEquals(0, filter.spatial(), "no keyframe yet");
        assertEquals(1, filter.temporal(), "no switching-up point yet");
        keyframe = picture;
        pictures(1);
        assertEquals(1, filter.spatial());
        assertEquals(2, filter.temporal());
    }

    @Test
    void aReceiverThatCannotTakeAllOfTheHigherSpatialLayerGetsTheLowerOneAtItsFullFrameRate() {
        long all = aSecondOfPictures();
        // 80 % of the stream carries S1 up to TL1 (three quarters), at half the frame rate
        assertFalse(choice.choose(filter, new long[] {all}, 0, all * 8 / 10, true, 3 * SECOND));
        pictures(4);
        assertEquals(0, filter.spatial(), "S0, not a sharper picture at half the frame rate");
        assertEquals(2, filter.temporal());
        assertEquals(all + all / 4, choice.probeTarget(filter, false, all * 8 / 10, 10 * SECOND),
                "a probe aims at all of S1 with a quarter to spare");
    }

    @Test
    void aVideoLowReceiverGetsTheLowestSpatialLayerWithAllItsTemporalLayersHoweverFastItsLink() {
        choice.limitSpatial(filter, 0);
        long all = aSecondOfPictures();
        assertEquals(0, filter.spatial(), "S0 from the first packet, before any report");
        long dropped = filter.dropped();
        assertEquals(40, dropped, "every S1 packet");
        assertFalse(choice.choose(filter, new long[] {all}, 0, all * 10, false, 3 * SECOND));
        assertEquals(0, choice.probeTarget(filter, false, all * 10, 3 * SECOND), "nothing above S0 to probe for");
        keyframe = picture;
        pictures(8);
        assertEquals(0, filter.spatial(), "not even at a keyframe");
        assertEquals(2, filter.temporal());
        assertEquals(dropped + 8, filter.dropped(), "S1 only");
        // on a slow link its temporal layers still go
        assertFalse(choice.choose(filter, new long[] {all}, 0, all / 5, true, 4 * SECOND));
        pictures(4);
        assertEquals(0, filter.spatial());
        assertTrue(filter.temporal() < 2, "T" + filter.temporal());
    }
}
