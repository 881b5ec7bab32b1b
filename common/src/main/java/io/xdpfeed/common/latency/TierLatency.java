package io.xdpfeed.common.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latency tiers (the constants of an enum that implements {@link LatencyTag}), one HdrHistogram per tier, all
 * written by one thread.
 * <p>
 * The tiers share one {@link WriterReaderPhaser}, as HdrHistogram's {@code SingleWriterRecorder} uses one per
 * histogram: the values a writer records together ({@link #beginSample()}, {@link #recordInSample},
 * {@link #endSample()}: every tier of one datagram or message) cost one atomic increment, not one per tier. Taking
 * an interval flips every tier's histogram at once, unless a call for another tier has flipped them since this
 * tier's last call: a reader that takes every tier in turn flips once per interval. A tier's interval ends at the
 * last flip; what was recorded after it comes with its next call.
 * <p>
 * The range is fixed, {@code [1 ns, highestTrackableNs]}: a value outside it is clamped to the nearest bound and
 * counted ({@link #clampedBelow}, {@link #clampedAbove}), so a negative latency from clocks that disagree, or a stall
 * beyond the range, shows up instead of throwing on the hot path. Recording allocates nothing.
 * <p>
 * One other thread (or the writer itself) takes interval histograms with {@link #intervalHistogram}; the histogram
 * returned is recycled by the next call for the same tier.
 *
 * @param <T> the tier enum.
 */
public class TierLatency<T extends Enum<T> & LatencyTag>
{
    /** Lowest value the histograms tell apart, in ns. */
    public static final long LOWEST_DISCERNIBLE_NS = 1;
    /** Significant decimal digits of every histogram (0.1% resolution). */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final long highestTrackableNs;
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Histogram[] active;
    private Histogram[] inactive;
    private final Histogram[] pending;
    private final Histogram[] returned;
    private final long[] intervalStartMs;
    private final long[] flipsTaken;
    private long flips;
    private long flipMs;
    private final AtomicLongArray clampedBelow;
    private final AtomicLongArray clampedAbove;
    private Histogram[] writing;
    private long sampleEpoch;

    /**
     * @param tierCount          number of tiers (the enum's constants).
     * @param highestTrackableNs highest value tracked; larger ones are clamped to it.
     */
    protected TierLatency(final int tierCount, final long highestTrackableNs)
    {
        if (highestTrackableNs < 2 * LOWEST_DISCERNIBLE_NS)
        {
            throw new IllegalArgumentException("highestTrackableNs must be >= 2: " + highestTrackableNs);
        }
        this.highestTrackableNs = highestTrackableNs;
        active = histograms(tierCount, highestTrackableNs);
        inactive = histograms(tierCount, highestTrackableNs);
        pending = histograms(tierCount, highestTrackableNs);
        returned = histograms(tierCount, highestTrackableNs);
        intervalStartMs = new long[tierCount];
        flipsTaken = new long[tierCount];
        Arrays.fill(intervalStartMs, System.currentTimeMillis());
        clampedBelow = new AtomicLongArray(tierCount);
        clampedAbove = new AtomicLongArray(tierCount);
    }

    private static Histogram[] histograms(final int count, final long highestTrackableNs)
    {
        final Histogram[] histograms = new Histogram[count];
        for (int i = 0; i < count; i++)
        {
            histograms[i] = new Histogram(LOWEST_DISCERNIBLE_NS, highestTrackableNs, SIGNIFICANT_DIGITS);
        }
        return histograms;
    }

    /**
     * Record one latency of a tier. Writing thread only.
     *
     * @param tier      the tier.
     * @param latencyNs the latency, clamped into the tracked range.
     */
    public final void record(final T tier, final long latencyNs)
    {
        record(tier.ordinal(), latencyNs);
    }

    /**
     * Record one latency of the tier at an index (the tier's ordinal), a sample of its own. Writing thread only.
     *
     * @param index     the tier's ordinal.
     * @param latencyNs the latency, clamped into the tracked range.
     */
    public final void record(final int index, final long latencyNs)
    {
        beginSample();
        recordInSample(index, latencyNs);
        endSample();
    }

    /**
     * Begin recording values of several tiers together, then {@link #recordInSample} each and {@link #endSample()}:
     * one critical section of the phaser for all of them. Writing thread only; samples do not nest (no
     * {@link #record} between begin and end: the phaser's exit must match its own enter).
     */
    public final void beginSample()
    {
        sampleEpoch = phaser.writerCriticalSectionEnter();
        writing = active;
    }

    /**
     * Record one latency between {@link #beginSample()} and {@link #endSample()}. Writing thread only.
     *
     * @param index     the tier's ordinal.
     * @param latencyNs the latency, clamped into the tracked range.
     */
    public final void recordInSample(final int index, final long latencyNs)
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
        writing[index].recordValue(value);
    }

    /**
     * End what {@link #beginSample()} began. Writing thread only.
     */
    public final void endSample()
    {
        phaser.writerCriticalSectionExit(sampleEpoch);
    }

    /**
     * The values recorded for a tier since the previous call for that tier (the first call: since construction), up
     * to the last flip of the histograms: this call's, or another tier's call's made since this tier's last call.
     * Recycled by the next call for the same tier. Tagged with the tier's {@link LatencyTag#tag()}, its start and
     * end timestamps the interval's (ms since the epoch), so it can go to an interval log as is. One reader thread
     * at a time.
     *
     * @param tier the tier.
     * @return the interval histogram.
     */
    public final synchronized Histogram intervalHistogram(final T tier)
    {
        final int index = tier.ordinal();
        if (flipsTaken[index] == flips)
        {
            flip();
        }
        flipsTaken[index] = flips;
        final Histogram interval = pending[index];
        final Histogram recycled = returned[index];
        recycled.reset();
        pending[index] = recycled;
        returned[index] = interval;
        interval.setStartTimeStamp(intervalStartMs[index]);
        interval.setEndTimeStamp(flipMs);
        intervalStartMs[index] = flipMs;
        interval.setTag(tier.tag());
        return interval;
    }

    /**
     * Swap every tier's active histogram for its clean spare, wait for the writer to leave the old ones, and move
     * their values to the tiers' pending intervals (an empty one is neither added nor cleared).
     */
    private void flip()
    {
        phaser.readerLock();
        try
        {
            final Histogram[] flipped = active;
            active = inactive;
            inactive = flipped;
            phaser.flipPhase();
            flipMs = System.currentTimeMillis();
            for (int i = 0; i < flipped.length; i++)
            {
                if (flipped[i].getTotalCount() != 0)
                {
                    pending[i].add(flipped[i]);
                    flipped[i].reset();
                }
            }
            flips++;
        }
        finally
        {
            phaser.readerUnlock();
        }
    }

    /**
     * @param tier the tier.
     * @return values below 1 ns (clock disagreement) recorded as 1 ns, since construction.
     */
    public final long clampedBelow(final T tier)
    {
        return clampedBelow.get(tier.ordinal());
    }

    /**
     * @param tier the tier.
     * @return values above the range recorded as {@link #highestTrackableNs()}, since construction.
     */
    public final long clampedAbove(final T tier)
    {
        return clampedAbove.get(tier.ordinal());
    }

    /**
     * @param tier the tier.
     * @return values clamped either way, since construction.
     */
    public final long clampedCount(final T tier)
    {
        return clampedBelow(tier) + clampedAbove(tier);
    }

    /**
     * @return highest trackable value in ns.
     */
    public final long highestTrackableNs()
    {
        return highestTrackableNs;
    }
}
