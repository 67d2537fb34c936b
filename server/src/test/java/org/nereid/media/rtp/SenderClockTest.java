package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SenderClockTest {
    private static final long SECOND = 1L << 32;

    @Test
    void ntpTimeCountsFrom1900() {
        assertEquals(2_208_988_800L << 32, SenderClock.ntp(0, 0));
        assertEquals((2_208_988_801L << 32) + (SECOND >> 1), SenderClock.ntp(1, 500_000_000));
        assertEquals(1_500_000_000L, SenderClock.nanosBetween(SECOND, SECOND * 5 / 2));
        assertEquals(-1_000_000_000L, SenderClock.nanosBetween(SECOND * 2, SECOND));
    }

    @Test
    void rtpTimeAdvancesWithTheClockRateFromThePublishersReport() {
        long srNtp = SenderClock.ntp(1_800_000_000L, 0);
        SenderClock video = new SenderClock(srNtp, 4_000_000_000L, 0);
        assertEquals((4_000_000_000L + 45_000) & 0xFFFFFFFFL, video.rtpTimeAt(srNtp + SECOND / 2, 7, 90_000),
                "half a second later, and it wraps past 2^32");
        SenderClock audio = new SenderClock(srNtp, 1000, 0);
        assertEquals(1000 + 48_000 * 3, audio.rtpTimeAt(srNtp + 3 * SECOND, 0, 48_000));
    }

    @Test
    void clocksThatDisagreeFallBackToTheTimeSinceTheReportArrived() {
        SenderClock skewed = new SenderClock(SenderClock.ntp(1_800_000_000L, 0), 1000, 5_000_000_000L);
        long ourNtp = SenderClock.ntp(1_700_000_000L, 0);    // our clock says the report is from the future
        assertEquals(1000 + 90_000 / 4, skewed.rtpTimeAt(ourNtp, 5_250_000_000L, 90_000));
    }
}
