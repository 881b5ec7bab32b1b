package io.xdpfeed.handler.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The handler's latency tiers ({@link HandlerLatencyTier}), one HdrHistogram {@link SingleWriterRecorder} per tier,
 * all written by the receive thread.
 * <p>
 * The range is fixed, {@code [1 ns, highestTrackableNs]}: a value outside it is clamped to the nearest bound and
 * counted ({@link #clampedBelow}, {@link #clampedAbove}), so a negative wire latency from clocks that disagree, or a
 * stall beyond the range, shows up instead of throwing on the hot path. Recording allocates nothing.
 * <p>
 * One other thread (the {@link StatsAgent}) takes interval histograms with {@link #intervalHistogram}; the histogram
 * returned is recycled by the next call for the same tier.
 */
public final class HandlerLatency
{
    /** Lowest value the histograms tell apart, in ns. */
    public static final long LOWEST_DISCERNIBLE_NS = 1;
    /** Default highest trackable value: 10 s. */
    public static final long DEFAULT_HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);
    /** Significant decimal digits of every histogram (0.1% resolution). */
    public static final int SIGNIFICANT_DIGITS = 3;

    private static final int TIER_COUNT = HandlerLatencyTier.tiers().length;

    private final long highestTrackableNs;
    private final SingleWriterRecorder[] recorders = new SingleWriterRecorder[TIER_COUNT];
    private final Histogram[] intervals = new Histogram[TIER_COUNT];
    private final AtomicLongArray clampedBelow = new AtomicLongArray(TIER_COUNT);
    private final AtomicLongArray clampedAbove = new AtomicLongArray(TIER_COUNT);

    /**
     * Tiers over {@code [1 ns, 10 s]}.
     */
    public HandlerLatency()
    {
        this(DEFAULT_HIGHEST_TRACKABLE_NS);
    }

    /**
     * @param highestTrackableNs highest value tracked; larger ones are clamped to it.
     */
    public HandlerLatency(final long highestTrackableNs)
    {
        if (highestTrackableNs < 2 * LOWEST_DISCERNIBLE_NS)
        {
            throw new IllegalArgumentException("highestTrackableNs must be >= 2: " + highestTrackableNs);
        }
        this.highestTrackableNs = highestTrackableNs;
        for (int i = 0; i < TIER_COUNT; i++)
        {
            recorders[i] = new SingleWriterRecorder(LOWEST_DISCERNIBLE_NS, highestTrackableNs, SIGNIFICANT_DIGITS);
        }
    }

    /**
     * Record one latency of a tier. Receive thread only.
     *
     * @param tier      the tier.
     * @param latencyNs the latency, clamped into the tracked range.
     */
    public void record(final HandlerLatencyTier tier, final long latencyNs)
    {
        record(tier.ordinal(), latencyNs);
    }

    void record(final int index, final long latencyNs)
    {
        long value = latencyNs;
        if (value < LOWEST_DISCERNIBLE_NS)
        {
            value = LOWEST_DISCERNIBLE_NS;
            clampedBelow.lazySet(index, clampedBelow.get(index) + 1);
        }
        else if (value > highestTrackableNs)
        {
            value = highestTrackableNs;
            clampedAbove.lazySet(index, clampedAbove.get(index) + 1);
        }
        recorders[index].recordValue(value);
    }

    /**
     * The values recorded for a tier since the previous call for that tier (the first call: since construction).
     * Recycled by the next call for the same tier. Tagged with {@link HandlerLatencyTier#tag()}, its start and end
     * timestamps the interval's (ms since the epoch), so it can go to an interval log as is. One reader thread.
     *
     * @param tier the tier.
     * @return the interval histogram.
     */
    public Histogram intervalHistogram(final HandlerLatencyTier tier)
    {
        final int index = tier.ordinal();
        final Histogram interval = recorders[index].getIntervalHistogram(intervals[index]);
        interval.setTag(tier.tag());
        intervals[index] = interval;
        return interval;
    }

    /**
     * @param tier the tier.
     * @return values below 1 ns (clock disagreement) recorded as 1 ns, since construction.
     */
    public long clampedBelow(final HandlerLatencyTier tier)
    {
        return clampedBelow.get(tier.ordinal());
    }

    /**
     * @param tier the tier.
     * @return values above the range recorded as {@link #highestTrackableNs()}, since construction.
     */
    public long clampedAbove(final HandlerLatencyTier tier)
    {
        return clampedAbove.get(tier.ordinal());
    }

    /**
     * @param tier the tier.
     * @return values clamped either way, since construction.
     */
    public long clampedCount(final HandlerLatencyTier tier)
    {
        return clampedBelow(tier) + clampedAbove(tier);
    }

    /**
     * @return highest trackable value in ns.
     */
    public long highestTrackableNs()
    {
        return highestTrackableNs;
    }
}
