package io.xdpfeed.client;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Latency tiers: clamping counted, intervals recycled, interval log readable by HdrHistogram's reader.
 */
@Timeout(10)
class SubscriberLatencyTest
{
    @Test
    void valuesOutsideTheRangeAreClampedAndCounted()
    {
        final SubscriberLatency latency = new SubscriberLatency(1_000_000);
        latency.record(LatencyTier.BUS, -5);
        latency.record(LatencyTier.BUS, 0);
        latency.record(LatencyTier.BUS, 700);
        latency.record(LatencyTier.BUS, 5_000_000);
        latency.record(LatencyTier.END_TO_END, 1_000);

        final Histogram bus = latency.intervalHistogram(LatencyTier.BUS);
        assertEquals(4, bus.getTotalCount());
        assertEquals(3, latency.clampedCount(LatencyTier.BUS));
        assertEquals(0, latency.clampedCount(LatencyTier.END_TO_END));
        assertEquals(2, bus.getCountAtValue(1));
        assertEquals("bus", bus.getTag());
        assertEquals(1_000_000, bus.getMaxValue(), 1_000_000 / 1_000.0);

        assertEquals(0, latency.intervalHistogram(LatencyTier.BUS).getTotalCount());
        latency.record(LatencyTier.BUS, 42);
        assertEquals(1, latency.intervalHistogram(LatencyTier.BUS).getTotalCount());
        assertEquals(1, latency.intervalHistogram(LatencyTier.END_TO_END).getTotalCount());
    }

    @Test
    void intervalLogHoldsOneTaggedHistogramPerTierPerInterval(@TempDir final File dir) throws Exception
    {
        final SubscriberLatency latency = new SubscriberLatency(10_000_000_000L);
        final File file = new File(dir, "client.hlog");
        try (LatencyIntervalLog log = new LatencyIntervalLog(file, System.currentTimeMillis()))
        {
            for (int interval = 0; interval < 3; interval++)
            {
                for (int i = 1; i <= 100; i++)
                {
                    latency.record(LatencyTier.BUS, i * 100L);
                    latency.record(LatencyTier.END_TO_END, i * 1_000L);
                }
                for (final LatencyTier tier : LatencyTier.values())
                {
                    log.write(latency.intervalHistogram(tier));
                }
            }
        }

        final List<String> tags = new ArrayList<>();
        final HistogramLogReader reader = new HistogramLogReader(file);
        EncodableHistogram histogram;
        while ((histogram = reader.nextIntervalHistogram()) != null)
        {
            tags.add(histogram.getTag());
            assertEquals(100, ((Histogram)histogram).getTotalCount());
        }
        assertEquals(List.of("bus", "end-to-end", "bus", "end-to-end", "bus", "end-to-end"), tags);
    }
}
