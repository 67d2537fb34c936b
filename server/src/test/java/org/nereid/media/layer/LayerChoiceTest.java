package org.nereid.media.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Layer decisions through report sequences: layer 0 is l (~100 kbit/s), layer 1 is h. */
class LayerChoiceTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long[] RATES = {100_000, 800_000};
    private static final boolean LOSING = true;
    private static final boolean CLEAN = false;

    @Test
    void goesDownAsSoonAsTheLayerNoLongerFits() {
        LayerChoice choice = new LayerChoice(1);
        assertEquals(1, choice.choose(1, RATES, 2_000_000, CLEAN, SECOND));
        assertEquals(0, choice.choose(1, RATES, 700_000, LOSING, 2 * SECOND));
    }

    @Test
    void comesUpOnlyWithAQuarterToSpareAfterHolding() {
        LayerChoice choice = new LayerChoice(1);
        assertEquals(0, choice.choose(1, RATES, 400_000, LOSING, 0));
        assertEquals(0, choice.choose(0, RATES, 900_000, CLEAN, 5 * SECOND), "800 kbit/s needs 1 Mbit/s");
        assertEquals(0, choice.choose(0, RATES, 1_000_000, CLEAN, SECOND), "held less than 2 s");
        assertEquals(1, choice.choose(0, RATES, 1_000_000, CLEAN, 5 * SECOND));
    }

    @Test
    void anUpSwitchSoonUndoneDoublesTheWait() {
        LayerChoice choice = new LayerChoice(1);
        long t = 0;
        assertEquals(0, choice.choose(1, RATES, 400_000, LOSING, t));
        assertEquals(1, choice.choose(0, RATES, 1_000_000, CLEAN, t += 3 * SECOND));
        assertEquals(0, choice.choose(1, RATES, 400_000, LOSING, t += SECOND));
        assertEquals(4 * SECOND, choice.holdNanos());
        assertEquals(0, choice.choose(0, RATES, 1_000_000, CLEAN, t += 3 * SECOND), "must hold 4 s now");
        assertEquals(1, choice.choose(0, RATES, 1_000_000, CLEAN, t += 2 * SECOND));
        // holding the high layer long, a later fall resets the wait
        assertEquals(0, choice.choose(1, RATES, 400_000, LOSING, t += 60 * SECOND));
        assertEquals(LayerChoice.BASE_HOLD_NANOS, choice.holdNanos());
    }

    @Test
    void leavesALayerThePublisherPausedForOneThatFlows() {
        LayerChoice choice = new LayerChoice(1);
        assertEquals(0, choice.choose(1, new long[] {100_000, 0}, 5_000_000, CLEAN, SECOND));
        assertEquals(0, choice.choose(0, new long[] {100_000, 0}, 5_000_000, CLEAN, 10 * SECOND), "h still paused");
        assertEquals(1, choice.choose(0, RATES, 5_000_000, CLEAN, 20 * SECOND), "h is back");
    }

    @Test
    void aCleanLinkKeepsItsLayerWhateverTheEstimate() {
        LayerChoice choice = new LayerChoice(1);
        assertEquals(1, choice.choose(1, RATES, 700_000, CLEAN, SECOND), "h ran above the estimate, nothing lost");
    }

    @Test
    void noUpSwitchWhileLosing() {
        LayerChoice choice = new LayerChoice(1);
        assertEquals(0, choice.choose(0, RATES, 5_000_000, LOSING, 10 * SECOND));
    }

    @Test
    void keepsTheLowestWhenNothingFits() {
        LayerChoice choice = new LayerChoice(1);
        assertEquals(0, choice.choose(1, RATES, 50_000, LOSING, SECOND));
    }

    @Test
    void aReceiverLimitedToTheLowLayerStaysThere() {
        LayerChoice choice = new LayerChoice(0);
        assertEquals(0, choice.choose(0, RATES, 50_000_000, CLEAN, SECOND));
        assertEquals(0, choice.choose(0, RATES, 50_000_000, CLEAN, 60 * SECOND));
    }

    @Test
    void aProbeIsWantedOnlyWhenItCouldLeadUp() {
        LayerChoice choice = new LayerChoice(1);
        assertEquals(0, choice.choose(1, RATES, 400_000, LOSING, 0));
        assertEquals(0, choice.probeTarget(0, RATES, CLEAN, 400_000, SECOND), "holding its layer");
        assertEquals(1_000_000, choice.probeTarget(0, RATES, CLEAN, 400_000, 3 * SECOND), "h with a quarter to spare");
        assertEquals(1, choice.nextUp(0, RATES));
        assertEquals(0, choice.probeTarget(0, RATES, LOSING, 400_000, 3 * SECOND), "losing");
        assertEquals(0, choice.probeTarget(0, RATES, CLEAN, 1_000_000, 3 * SECOND), "h fits: no probe, a switch");
        assertEquals(0, choice.probeTarget(1, RATES, CLEAN, 400_000, 3 * SECOND), "at the top");
        assertEquals(0, choice.probeTarget(0, new long[] {100_000, 0}, CLEAN, 400_000, 3 * SECOND), "h paused");
        assertEquals(0, new LayerChoice(0).probeTarget(0, RATES, CLEAN, 400_000, 3 * SECOND), "video-low");
    }

    @Test
    void lossSoonAfterGoingUpUndoesItThoughTheLayerFitsTheEstimate() {
        LayerChoice choice = new LayerChoice(1);
        long t = downAndUpAgain(choice);
        // what got through (a policer's burst in it) still exceeds h: the estimate alone keeps it
        assertEquals(0, choice.choose(1, RATES, 900_000, LOSING, t += SECOND));
        assertTrue(choice.promotionFailed(), "the up-switch failed");
        assertEquals(4 * SECOND, choice.holdNanos(), "and the wait doubled");
        assertEquals(0, choice.choose(0, RATES, 900_000, LOSING, t += SECOND));
        assertFalse(choice.promotionFailed(), "once");
    }

    @Test
    void lossLongAfterGoingUpIsJudgedByTheEstimate() {
        LayerChoice choice = new LayerChoice(1);
        long t = downAndUpAgain(choice);
        assertEquals(1, choice.choose(1, RATES, 1_000_000, CLEAN, t += 5 * SECOND));
        assertEquals(1, choice.choose(1, RATES, 900_000, LOSING, t += SECOND), "h fits what gets through");
        assertFalse(choice.promotionFailed());
    }

    /** A fall to l, then h again 3 s later; returns the time of the up-switch. */
    private static long downAndUpAgain(LayerChoice choice) {
        assertEquals(0, choice.choose(1, RATES, 400_000, LOSING, 0));
        assertEquals(1, choice.choose(0, RATES, 1_000_000, CLEAN, 3 * SECOND));
        return 3 * SECOND;
    }
}
