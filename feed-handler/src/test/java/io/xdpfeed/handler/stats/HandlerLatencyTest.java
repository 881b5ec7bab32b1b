package io.xdpfeed.handler.stats;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class HandlerLatencyTest
{
    @Test
    void clampsIntoTheRangeAndCountsWhatWasClamped()
    {
        final HandlerLatency latency = new HandlerLatency(1_000_000);

        latency.record(HandlerLatencyTier.WIRE, -250);
        latency.record(HandlerLatencyTier.WIRE, 0);
        latency.record(HandlerLatencyTier.WIRE, 1);
        latency.record(HandlerLatencyTier.WIRE, 700);
        latency.record(HandlerLatencyTier.WIRE, 1_000_000);
        latency.record(HandlerLatencyTier.WIRE, 5_000_000);
        latency.record(HandlerLatencyTier.WIRE, Long.MAX_VALUE);
        latency.record(HandlerLatencyTier.DECODE, 42);

        assertEquals(2, latency.clampedBelow(HandlerLatencyTier.WIRE));
        assertEquals(2, latency.clampedAbove(HandlerLatencyTier.WIRE));
        assertEquals(4, latency.clampedCount(HandlerLatencyTier.WIRE));
        assertEquals(0, latency.clampedCount(HandlerLatencyTier.DECODE));
        assertEquals(0, latency.clampedCount(HandlerLatencyTier.PUBLISH));

        final Histogram wire = latency.intervalHistogram(HandlerLatencyTier.WIRE);
        assertEquals("wire", wire.getTag());
        assertEquals(7, wire.getTotalCount());
        assertEquals(3, wire.getCountAtValue(1), "two clamped up to 1 ns, one recorded as 1 ns");
        assertEquals(1, wire.getCountAtValue(700));
        assertEquals(3, wire.getCountAtValue(1_000_000), "one at the top, two clamped down to it");
        assertEquals(1, latency.intervalHistogram(HandlerLatencyTier.DECODE).getCountAtValue(42));
    }

    @Test
    void intervalsCoverWhatWasRecordedSinceTheLastOneAndAreRecycled()
    {
        final HandlerLatency latency = new HandlerLatency();
        latency.record(HandlerLatencyTier.PUBLISH, 100);
        final Histogram first = latency.intervalHistogram(HandlerLatencyTier.PUBLISH);
        assertEquals(1, first.getTotalCount());
        assertEquals("publish", first.getTag());

        latency.record(HandlerLatencyTier.PUBLISH, 200);
        latency.record(HandlerLatencyTier.PUBLISH, 300);
        final Histogram second = latency.intervalHistogram(HandlerLatencyTier.PUBLISH);
        assertEquals(2, second.getTotalCount());
        assertEquals(0, second.getCountAtValue(100));

        final Histogram third = latency.intervalHistogram(HandlerLatencyTier.PUBLISH);
        assertSame(first, third, "the histogram given out two calls ago is recycled");
        assertEquals(0, third.getTotalCount());
        assertEquals(HandlerLatency.DEFAULT_HIGHEST_TRACKABLE_NS, latency.highestTrackableNs());
    }

    @Test
    void refusesARangeTooSmall()
    {
        assertThrows(IllegalArgumentException.class, () -> new HandlerLatency(1));
    }
}
