package io.xdpfeed.client;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The subscriber's latency tiers ({@link LatencyTier#BUS} and {@link LatencyTier#END_TO_END}), one HdrHistogram
 * {@link SingleWriterRecorder} per tier.
 * <p>
 * The polling thread records (allocation-free); any one other thread (or the polling thread itself) reads interval
 * histograms with {@link #intervalHistogram(LatencyTier)}. The range is fixed, from 1 ns to the highest trackable
 * value: a value outside it is clamped to the nearest bound and counted in {@link #clampedCount(LatencyTier)}, so a
 * negative latency from clock skew or a stall beyond the range shows up instead of throwing.
 */
public final class SubscriberLatency
{
    /**
     * Lowest value the histograms tell apart, in ns.
     */
    public static final long LOWEST_DISCERNIBLE_NS = 1;

    private final long highestTrackableNs;
    private final SingleWriterRecorder[] recorders;
    private final Histogram[] intervals;
    private final AtomicLongArray clamped;

    /**
     * Latency tiers over {@code [1, highestTrackableNs]} with
     * {@link SubscriberConfiguration#LATENCY_SIGNIFICANT_DIGITS} significant digits.
     *
     * @param highestTrackableNs highest value tracked; larger ones are clamped to it.
     */
    public SubscriberLatency(final long highestTrackableNs)
    {
        if (highestTrackableNs < 2 * LOWEST_DISCERNIBLE_NS)
        {
            throw new IllegalArgumentException("highestTrackableNs must be >= 2: " + highestTrackableNs);
        }

        final LatencyTier[] tiers = LatencyTier.tiers();
        this.highestTrackableNs = highestTrackableNs;
        recorders = new SingleWriterRecorder[tiers.length];
        intervals = new Histogram[tiers.length];
        clamped = new AtomicLongArray(tiers.length);
        for (final LatencyTier tier : tiers)
        {
            recorders[tier.ordinal()] = new SingleWriterRecorder(
                LOWEST_DISCERNIBLE_NS, highestTrackableNs, SubscriberConfiguration.LATENCY_SIGNIFICANT_DIGITS);
        }
    }

    /**
     * Record one latency of a tier; called by the single writing thread.
     *
     * @param tier      the tier.
     * @param latencyNs the latency, clamped to the tracked range.
     */
    public void record(final LatencyTier tier, final long latencyNs)
    {
        final int index = tier.ordinal();
        long value = latencyNs;
        if (value < LOWEST_DISCERNIBLE_NS)
        {
            value = LOWEST_DISCERNIBLE_NS;
            clamped.lazySet(index, clamped.get(index) + 1);
        }
        else if (value > highestTrackableNs)
        {
            value = highestTrackableNs;
            clamped.lazySet(index, clamped.get(index) + 1);
        }
        recorders[index].recordValue(value);
    }

    /**
     * The values recorded for a tier since the previous call for that tier (the first call covers everything since
     * construction). The returned histogram is recycled by the next call for the same tier: read it, copy or add it
     * elsewhere, then let it go. Its tag is the tier's {@link LatencyTier#tag()}, its start and end timestamps the
     * interval's, so it can be written to an interval log as is.
     *
     * @param tier the tier.
     * @return the interval histogram of the tier.
     */
    public Histogram intervalHistogram(final LatencyTier tier)
    {
        final int index = tier.ordinal();
        final Histogram interval = recorders[index].getIntervalHistogram(intervals[index]);
        interval.setTag(tier.tag());
        intervals[index] = interval;

        return interval;
    }

    /**
     * @param tier the tier.
     * @return how many values of the tier were clamped into the tracked range since construction.
     */
    public long clampedCount(final LatencyTier tier)
    {
        return clamped.get(tier.ordinal());
    }

    /**
     * @return the highest trackable value in ns.
     */
    public long highestTrackableNs()
    {
        return highestTrackableNs;
    }
}
