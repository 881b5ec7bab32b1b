package io.xdpfeed.common.latency;

import java.util.Locale;

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

    /**
     * The tag of a tier named by an enum constant, the one naming rule of every tier enum: the name in lower case,
     * words joined by '-' ({@code END_TO_END}: {@code end-to-end}).
     *
     * @param name the constant's name.
     * @return the tag.
     */
    static String tagOf(final String name)
    {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
