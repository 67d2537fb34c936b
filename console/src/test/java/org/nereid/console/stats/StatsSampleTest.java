package org.nereid.console.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class StatsSampleTest {
    private static final String STATS = """
            [{"name":"a","clients":[
               {"id":"c1","up":[{"id":"u1","tracks":[{"bitrate":300000,"loss":0.02,"rtt":12.5,"jitter":3},
                                                    {"bitrate":50000,"loss":0}]}]},
               {"id":"c2","down":[{"id":"d1","tracks":[{"bitrate":280000,"loss":0.04}]}]}]},
             {"name":"b","clients":[{"id":"c3"}]}]""";

    @Test
    void sumsAGroupAndTheServer() throws Exception {
        var stats = new ObjectMapper().readTree(STATS);
        StatsSample a = StatsSample.of(stats, "a");
        assertEquals(2, a.clients());
        assertEquals(1, a.streams());
        assertEquals(350000, a.bitrateIn());
        assertEquals(280000, a.bitrateOut());
        assertEquals(0.02, a.loss(), 1e-9);
        StatsSample all = StatsSample.of(stats, null);
        assertEquals(3, all.clients());
        assertEquals(new StatsSample(0, 0, 0, 0, 0), StatsSample.of(stats, "missing"));
    }
}
