package org.nereid.console.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HourHistoryTest {
    @Test
    void twoHoursOfSecondsKeepTheLastHourInBoundedPoints() {
        HourHistory h = new HourHistory();
        int end = 2 * 3600;
        for (int t = 0; t <= end; t++) {
            h.add(t, t);
        }
        List<HourHistory.Point> points = h.points();
        assertTrue(points.size() <= HourHistory.FINE_SECONDS
                + HourHistory.HOUR_SECONDS / HourHistory.BUCKET_SECONDS + 1, "bounded: " + points.size());
        assertTrue(points.size() > 400, "but an hour's worth: " + points.size());
        assertTrue(points.get(0).t() >= end - HourHistory.HOUR_SECONDS, "nothing older than an hour: " + points.get(0));
        assertTrue(points.get(0).t() <= end - HourHistory.HOUR_SECONDS + HourHistory.BUCKET_SECONDS,
                "the hour is all there: " + points.get(0));
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i).t() > points.get(i - 1).t(), "in time order at " + i);
        }
        // the last two minutes are as sampled
        HourHistory.Point last = points.get(points.size() - 1);
        assertEquals(new HourHistory.Point(end, end), last);
        assertEquals(new HourHistory.Point(end - 119, end - 119), points.get(points.size() - 120));
    }

    @Test
    void olderSamplesAreAveragedOverTenSeconds() {
        HourHistory h = new HourHistory();
        // ten seconds at 0, ten at 10, then enough to push both out of the fine window
        for (int t = 0; t < 20; t++) {
            h.add(t, t < 10 ? 0 : 10);
        }
        for (int t = 20; t < 20 + HourHistory.FINE_SECONDS + 11; t++) {
            h.add(t, 5);
        }
        List<HourHistory.Point> points = h.points();
        assertEquals(new HourHistory.Point(4.5, 0), points.get(0), "mean time and value of seconds 0-9");
        assertEquals(new HourHistory.Point(14.5, 10), points.get(1));
        assertEquals(5, points.get(2).y());
    }

    @Test
    void clearForgetsEverything() {
        HourHistory h = new HourHistory();
        for (int t = 0; t < 500; t++) {
            h.add(t, 1);
        }
        h.clear();
        assertEquals(List.of(), h.points());
        h.add(1000, 3);
        assertEquals(List.of(new HourHistory.Point(1000, 3)), h.points());
    }
}
