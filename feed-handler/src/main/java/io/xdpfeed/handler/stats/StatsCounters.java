package io.xdpfeed.handler.stats;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.xdpfeed.ingress.IngressStatistics;
import org.agrona.CloseHelper;
import org.HdrHistogram.Histogram;

/**
 * The Aeron counters the {@link StatsAgent} writes: per latency tier the samples, p50, p99, p99.9 and max of the last
 * interval and the clamped count ({@link LatencyCounter}), the end of the last interval, and the packet source's
 * counters ({@link IngressCounter}). Allocated once at start; written by one thread, the stats agent's.
 */
public final class StatsCounters implements AutoCloseable
{
    private static final int STAT_COUNT = LatencyCounter.values().length;

    private final Aeron aeron;
    private final Counter[] latency;
    private final Counter intervalEnd;
    private final Counter[] ingress = new Counter[IngressCounter.values().length];

    /**
     * @param aeron           client to allocate the counters with.
     * @param withLatency     true to allocate the latency counters.
     */
    public StatsCounters(final Aeron aeron, final boolean withLatency)
    {
        this.aeron = aeron;
        if (withLatency)
        {
            latency = new Counter[HandlerLatencyTier.tiers().length * STAT_COUNT];
            for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
            {
                for (final LatencyCounter stat : LatencyCounter.values())
                {
                    latency[tier.ordinal() * STAT_COUNT + stat.ordinal()] =
                        aeron.addCounter(stat.typeId(tier), stat.label(tier));
                }
            }
            intervalEnd = aeron.addCounter(LatencyCounter.INTERVAL_END_TYPE_ID, LatencyCounter.INTERVAL_END_LABEL);
        }
        else
        {
            latency = null;
            intervalEnd = null;
        }
        for (final IngressCounter counter : IngressCounter.values())
        {
            ingress[counter.id()] = aeron.addCounter(counter.typeId(), counter.label());
        }
    }

    /**
     * @return true when the latency counters exist.
     */
    public boolean hasLatency()
    {
        return latency != null;
    }

    /**
     * Publish the statistics of one tier's last interval.
     *
     * @param tier     the tier.
     * @param interval its interval histogram.
     * @param clamped  values clamped since the start.
     */
    public void latency(final HandlerLatencyTier tier, final Histogram interval, final long clamped)
    {
        if (latency == null)
        {
            return;
        }
        final long samples = interval.getTotalCount();
        final int base = tier.ordinal() * STAT_COUNT;
        latency[base + LatencyCounter.SAMPLES.ordinal()].setRelease(samples);
        latency[base + LatencyCounter.P50.ordinal()].setRelease(samples == 0 ? 0 : interval.getValueAtPercentile(50));
        latency[base + LatencyCounter.P99.ordinal()].setRelease(samples == 0 ? 0 : interval.getValueAtPercentile(99));
        latency[base + LatencyCounter.P999.ordinal()].setRelease(
            samples == 0 ? 0 : interval.getValueAtPercentile(99.9));
        latency[base + LatencyCounter.MAX.ordinal()].setRelease(samples == 0 ? 0 : interval.getMaxValue());
        latency[base + LatencyCounter.CLAMPED.ordinal()].setRelease(clamped);
    }

    /**
     * @param epochMs end of the interval just published.
     */
    public void intervalEnd(final long epochMs)
    {
        if (intervalEnd != null)
        {
            intervalEnd.setRelease(epochMs);
        }
    }

    /**
     * @param statistics a sample of the packet source's counters.
     */
    public void ingress(final IngressStatistics statistics)
    {
        for (final IngressCounter counter : IngressCounter.values())
        {
            ingress[counter.id()].setRelease(counter.valueOf(statistics));
        }
    }

    /**
     * @param tier the tier.
     * @param stat the statistic.
     * @return its counter, or null without latency counters.
     */
    public Counter latencyCounter(final HandlerLatencyTier tier, final LatencyCounter stat)
    {
        return latency == null ? null : latency[tier.ordinal() * STAT_COUNT + stat.ordinal()];
    }

    /**
     * @param counter which.
     * @return the ingress counter.
     */
    public Counter ingressCounter(final IngressCounter counter)
    {
        return ingress[counter.id()];
    }

    /**
     * Free the counters (unless the client is already closed).
     */
    public void close()
    {
        if (!aeron.isClosed())
        {
            if (latency != null)
            {
                CloseHelper.closeAll(latency);
                CloseHelper.close(intervalEnd);
            }
            CloseHelper.closeAll(ingress);
        }
    }
}
