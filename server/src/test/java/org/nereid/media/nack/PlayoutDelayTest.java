package org.nereid.media.nack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlayoutDelayTest {
    private final PlayoutDelay delay = new PlayoutDelay();

    @Test
    void aCleanReceiverGetsNothing() {
        for (int frame = 0; frame < 100; frame++) {
            assertEquals(PlayoutDelay.NONE, delay.atFrameStart(false));
        }
        assertEquals(0, delay.delayedFrames());
    }

    @Test
    void aLosingReceiverIsAskedForTheMinimumOnEveryFrameThenForTheDefaultBackOnAFewFrames() {
        for (int frame = 0; frame < 40; frame++) {
            int value = delay.atFrameStart(true);
            assertEquals(PlayoutDelay.LOSSY_MIN_MS / 10, value >>> 12, "min in 10 ms units");
            assertEquals(PlayoutDelay.MAX_UNITS, value & 0xFFF, "max: the largest, Chromium's default");
        }
        assertEquals(40, delay.delayedFrames());
        for (int frame = 0; frame < PlayoutDelay.RESET_FRAMES; frame++) {
            assertEquals(PlayoutDelay.MAX_UNITS, delay.atFrameStart(false), "min 0 again, max the default");
        }
        assertEquals(PlayoutDelay.NONE, delay.atFrameStart(false), "then nothing more");
        assertEquals(40, delay.delayedFrames());
    }

    @Test
    void aReceiverThatLosesAgainDuringTheResetIsDelayedAgainAndResetInFullAfter() {
        delay.atFrameStart(true);
        delay.atFrameStart(false);
        delay.atFrameStart(false);
        assertEquals(PlayoutDelay.LOSSY_MIN_MS / 10, delay.atFrameStart(true) >>> 12);
        for (int frame = 0; frame < PlayoutDelay.RESET_FRAMES; frame++) {
            assertEquals(0, delay.atFrameStart(false) >>> 12);
        }
        assertEquals(PlayoutDelay.NONE, delay.atFrameStart(false));
    }
}
