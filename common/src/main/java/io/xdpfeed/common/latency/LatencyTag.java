package io.xdpfeed.common.latency;

/**
 * What a latency tier enum gives a {@link TierLatency}: its ordinal (the recorder's index) and the tag its interval
 * histograms carry in an interval log.
 */
public interface LatencyTag
{
    /**
     * @return index of the tier, 0 for the first (an enum's own ordinal).
     */
    int ordinal();

    /**
     * @return the tier's name in interval logs and counters.
     */
    String tag();
}
