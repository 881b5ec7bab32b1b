package io.xdpfeed.handler.stats;

import io.aeron.Counter;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.IngressStatistics;
import io.xdpfeed.ingress.PacketSource;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class StatsAgentTest
{
    @TempDir
    Path directory;

    @Test
    void intervalLogIsReadableBackByHistogramLogReader() throws Exception
    {
        final HandlerLatency latency = new HandlerLatency();
        final File file = directory.resolve(LatencyIntervalLog.FILE_NAME).toFile();
        final LatencyIntervalLog log = new LatencyIntervalLog(file, System.currentTimeMillis());
        final StatsAgent agent = new StatsAgent(latency, null, null, log, SystemNanoClock.INSTANCE,
            SystemEpochClock.INSTANCE, 1_000_000_000L);

        for (int i = 1; i <= 1_000; i++)
        {
            latency.record(HandlerLatencyTier.WIRE, 10_000 + i);
            latency.record(HandlerLatencyTier.DECODE, 200 + i % 50);
        }
        latency.record(HandlerLatencyTier.PUBLISH, 90);
        agent.report();
        latency.record(HandlerLatencyTier.WIRE, 20_000);
        agent.onClose();

        final List<EncodableHistogram> read = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(file))
        {
            EncodableHistogram histogram;
            while ((histogram = reader.nextIntervalHistogram()) != null)
            {
                read.add(histogram);
            }
        }
        assertEquals(10, read.size(), "two intervals of five tiers");
        final String[] tags = {
            "wire", "decode", "publish", "ring-wait", "processing", "wire", "decode", "publish", "ring-wait",
            "processing" };
        final long[] counts = { 1_000, 1_000, 1, 0, 0, 1, 0, 0, 0, 0 };
        for (int i = 0; i < read.size(); i++)
        {
            final Histogram histogram = (Histogram)read.get(i);
            assertEquals(tags[i], histogram.getTag());
            assertEquals(counts[i], histogram.getTotalCount(), tags[i] + " interval " + (i / 5));
        }
        assertEquals(10_500, ((Histogram)read.get(0)).getValueAtPercentile(50), 10.0);
        assertEquals(1_001, agent.total(HandlerLatencyTier.WIRE).getTotalCount());
        assertEquals(2, agent.intervals());
    }

    @Test
    void publishesEachTierAndTheSourceCountersAsAeronCounters()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron();
            StatsCounters counters = new StatsCounters(aeron.aeron(), true))
        {
            final HandlerLatency latency = new HandlerLatency(1_000_000);
            final StatsAgent agent = new StatsAgent(latency, counters, new CountingSource(), null,
                SystemNanoClock.INSTANCE, SystemEpochClock.INSTANCE, 1_000_000_000L);
            for (int i = 1; i <= 100; i++)
            {
                latency.record(HandlerLatencyTier.DECODE, i * 10);
            }
            latency.record(HandlerLatencyTier.DECODE, 5_000_000);
            agent.report();

            assertEquals(101, value(counters, HandlerLatencyTier.DECODE, LatencyCounter.SAMPLES));
            assertEquals(510, value(counters, HandlerLatencyTier.DECODE, LatencyCounter.P50));
            assertEquals(1_000, value(counters, HandlerLatencyTier.DECODE, LatencyCounter.P99));
            assertEquals(1_000_000, value(counters, HandlerLatencyTier.DECODE, LatencyCounter.P999), 1_000.0);
            assertEquals(1_000_000, value(counters, HandlerLatencyTier.DECODE, LatencyCounter.MAX), 1_000.0);
            assertEquals(1, value(counters, HandlerLatencyTier.DECODE, LatencyCounter.CLAMPED));
            assertEquals(0, value(counters, HandlerLatencyTier.WIRE, LatencyCounter.SAMPLES));
            assertEquals(0, value(counters, HandlerLatencyTier.WIRE, LatencyCounter.P99));
            assertEquals(7, counters.ingressCounter(IngressCounter.RX_RING_FULL).get());
            assertEquals(1234, counters.ingressCounter(IngressCounter.RECEIVED).get());

            final List<String> labels = new ArrayList<>();
            aeron.aeron().countersReader().forEach((id, typeId, key, label) -> labels.add(typeId + " " + label));
            assertTrue(labels.contains("7212 xdpfeed latency decode p99 ns"), labels.toString());
            assertTrue(labels.contains("7303 xdpfeed ingress xdp rx ring full"), labels.toString());
            assertEquals(LatencyCounter.P99, LatencyCounter.ofTypeId(7212));
            assertEquals(HandlerLatencyTier.DECODE, LatencyCounter.tierOfTypeId(7212));

            agent.report();
            assertEquals(0, value(counters, HandlerLatencyTier.DECODE, LatencyCounter.SAMPLES), "a new interval");
            assertEquals(1, value(counters, HandlerLatencyTier.DECODE, LatencyCounter.CLAMPED), "since the start");
        }
    }

    @Test
    void withoutLatencyOnlyTheSourceCountersExist()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron();
            StatsCounters counters = new StatsCounters(aeron.aeron(), false))
        {
            assertFalse(counters.hasLatency());
            final StatsAgent agent = new StatsAgent(null, counters, new CountingSource(), null,
                SystemNanoClock.INSTANCE, SystemEpochClock.INSTANCE, 1_000_000_000L);
            agent.report();
            assertEquals(1234, counters.ingressCounter(IngressCounter.RECEIVED).get());
        }
    }

    private static long value(final StatsCounters counters, final HandlerLatencyTier tier, final LatencyCounter stat)
    {
        final Counter counter = counters.latencyCounter(tier, stat);
        return counter.get();
    }

    private static final class CountingSource implements PacketSource
    {
        public int poll(final DatagramHandler handler, final int limit)
        {
            return 0;
        }

        public String transport()
        {
            return "test";
        }

        public void statistics(final IngressStatistics statistics)
        {
            statistics.reset().add(IngressStatistics.Count.RECEIVED_PACKETS, 1234)
                .add(IngressStatistics.Count.RX_RING_FULL, 7);
        }

        public void close()
        {
        }
    }
}
