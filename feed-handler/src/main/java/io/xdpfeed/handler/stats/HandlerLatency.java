package io.xdpfeed.handler.stats;

import io.xdpfeed.common.latency.TierLatency;

import java.util.concurrent.TimeUnit;

/**
 * The handler's latency tiers ({@link HandlerLatencyTier}), one HdrHistogram recorder per tier, all written by the
 * receive thread (the recorder itself is the shared {@link TierLatency}: range, clamping and interval histograms).
 * <p>
 * One other thread (the {@link StatsAgent}) takes interval histograms with {@link #intervalHistogram}; the histogram
 * returned is recycled by the next call for the same tier.
 */
public final class HandlerLatency extends TierLatency<HandlerLatencyTier>
{
    /** Default highest trackable value: 10 s. */
    public static final long DEFAULT_HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);

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
        super(HandlerLatencyTier.tiers().length, highestTrackableNs);
    }
}
