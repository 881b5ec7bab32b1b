package io.xdpfeed.handler.stats;

import io.xdpfeed.ingress.IngressStatistics;
import io.xdpfeed.ingress.PacketSource;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * Off the critical path (composed with the conductor): every interval it takes the interval histogram of each tier
 * from the {@link HandlerLatency} (recycled), appends them to the interval log when there is one, publishes their
 * p50/p99/p99.9/max to the {@link StatsCounters}, adds them to the run's totals, and samples the packet source's
 * counters. On close it reports the last, partial interval and closes the log.
 */
public final class StatsAgent implements Agent
{
    private final HandlerLatency latency;
    private final StatsCounters counters;
    private final PacketSource source;
    private final LatencyIntervalLog log;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;
    private final long intervalNs;
    private final IngressStatistics ingress = new IngressStatistics();
    private final Histogram[] totals;
    private long nextReportNs;
    private long intervals;

    /**
     * @param latency    the tiers, or null when latency is not recorded.
     * @param counters   where to publish, or null.
     * @param source     whose counters to sample, or null.
     * @param log        interval log, or null.
     * @param nanoClock  paces the intervals.
     * @param epochClock stamps the interval end counter.
     * @param intervalNs reporting interval.
     */
    public StatsAgent(
        final HandlerLatency latency,
        final StatsCounters counters,
        final PacketSource source,
        final LatencyIntervalLog log,
        final NanoClock nanoClock,
        final EpochClock epochClock,
        final long intervalNs)
    {
        this.latency = latency;
        this.counters = counters;
        this.source = source;
        this.log = log;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.intervalNs = intervalNs;
        final HandlerLatencyTier[] tiers = HandlerLatencyTier.tiers();
        totals = new Histogram[tiers.length];
        if (latency != null)
        {
            for (final HandlerLatencyTier tier : tiers)
            {
                totals[tier.ordinal()] = new Histogram(HandlerLatency.LOWEST_DISCERNIBLE_NS,
                    latency.highestTrackableNs(), HandlerLatency.SIGNIFICANT_DIGITS);
                totals[tier.ordinal()].setTag(tier.tag());
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onStart()
    {
        nextReportNs = nanoClock.nanoTime() + intervalNs;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final long nowNs = nanoClock.nanoTime();
        if (nowNs - nextReportNs < 0)
        {
            return 0;
        }
        nextReportNs = nowNs + intervalNs;
        report();
        return 1;
    }

    /**
     * Take and publish one interval now. Stats thread only.
     */
    public void report()
    {
        intervals++;
        if (latency != null)
        {
            for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
            {
                final Histogram interval = latency.intervalHistogram(tier);
                totals[tier.ordinal()].add(interval);
                if (log != null)
                {
                    log.write(interval);
                }
                if (counters != null)
                {
                    counters.latency(tier, interval, latency.clampedCount(tier));
                }
            }
            if (log != null)
            {
                log.flush();
            }
            if (counters != null)
            {
                counters.intervalEnd(epochClock.time());
            }
        }
        if (source != null && counters != null)
        {
            source.statistics(ingress);
            counters.ingress(ingress);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        report();
        if (log != null)
        {
            log.close();
        }
    }

    /**
     * Everything recorded for a tier since the start, up to the last interval reported. Read it from the stats
     * thread, or after the agent closed.
     *
     * @param tier the tier.
     * @return the total, or null when latency is not recorded.
     */
    public Histogram total(final HandlerLatencyTier tier)
    {
        return totals[tier.ordinal()];
    }

    /**
     * @return intervals reported so far.
     */
    public long intervals()
    {
        return intervals;
    }

    /**
     * @return the latency tiers, or null.
     */
    public HandlerLatency latency()
    {
        return latency;
    }

    /**
     * @return the interval log, or null.
     */
    public LatencyIntervalLog log()
    {
        return log;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "xdpfeed-stats";
    }
}
