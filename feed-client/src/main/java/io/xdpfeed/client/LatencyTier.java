package io.xdpfeed.client;

import io.xdpfeed.common.latency.LatencyTag;

/**
 * The latency tiers measured on the subscriber side (see DESIGN.md): both end at the subscriber callback.
 */
public enum LatencyTier implements LatencyTag
{
    /**
     * Record committed to the stream by the handler ({@code publishTimeNs}) to subscriber callback.
     */
    BUS,

    /**
     * Exchange SendingTime of the MDP packet ({@code sendingTimeNs}) to subscriber callback.
     */
    END_TO_END;

    private final String tag = LatencyTag.tagOf(name());

    /**
     * @return the tier's name in reports and the tag of its histograms in interval logs.
     */
    @Override
    public String tag()
    {
        return tag;
    }
}
