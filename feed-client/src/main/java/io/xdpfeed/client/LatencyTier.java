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
    BUS("bus"),

    /**
     * Exchange SendingTime of the MDP packet ({@code sendingTimeNs}) to subscriber callback.
     */
    END_TO_END("end-to-end");

    private static final LatencyTier[] TIERS = values();

    private final String tag;

    LatencyTier(final String tag)
    {
        this.tag = tag;
    }

    /**
     * @return the tier's name in reports and the tag of its histograms in interval logs.
     */
    @Override
    public String tag()
    {
        return tag;
    }

    /**
     * @return every tier, shared array: do not modify.
     */
    static LatencyTier[] tiers()
    {
        return TIERS;
    }
}
