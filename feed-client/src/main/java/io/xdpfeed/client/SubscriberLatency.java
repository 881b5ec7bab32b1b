package io.xdpfeed.client;

import io.xdpfeed.common.latency.TierLatency;

/**
 * The subscriber's latency tiers ({@link LatencyTier#BUS} and {@link LatencyTier#END_TO_END}), one HdrHistogram
 * recorder per tier (the shared {@link TierLatency}).
 * <p>
 * The polling thread records (allocation-free); any one other thread (or the polling thread itself) reads interval
 * histograms with {@link #intervalHistogram}. The range is fixed, from 1 ns to the highest trackable value: a value
 * outside it is clamped to the nearest bound and counted in {@link #clampedCount}, so a negative latency from clock
 * skew or a stall beyond the range shows up instead of throwing.
 */
public final class SubscriberLatency extends TierLatency<LatencyTier>
{
    /**
     * Latency tiers over {@code [1, highestTrackableNs]} with
     * {@link SubscriberConfiguration#LATENCY_SIGNIFICANT_DIGITS} significant digits.
     *
     * @param highestTrackableNs highest value tracked; larger ones are clamped to it.
     */
    public SubscriberLatency(final long highestTrackableNs)
    {
        super(LatencyTier.values().length, highestTrackableNs);
    }
}
