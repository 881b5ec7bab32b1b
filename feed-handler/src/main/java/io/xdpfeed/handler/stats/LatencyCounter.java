package io.xdpfeed.handler.stats;

/**
 * What the handler publishes per latency tier as Aeron counters after every interval, so that AeronStat and
 * {@code scripts/feed-stat} can read it from the media driver's CnC file. The counter of a tier and statistic has
 * type id {@link #typeId(HandlerLatencyTier)}.
 */
public enum LatencyCounter
{
    /** Samples in the last interval. */
    SAMPLES("samples"),
    /** Median of the last interval, ns. */
    P50("p50 ns"),
    /** 99th percentile of the last interval, ns. */
    P99("p99 ns"),
    /** 99.9th percentile of the last interval, ns. */
    P999("p99.9 ns"),
    /** Maximum of the last interval, ns. */
    MAX("max ns"),
    /** Values clamped into the histogram range since the start. */
    CLAMPED("clamped");

    /** Type id of the first latency counter; tier t, statistic s: {@code TYPE_ID_BASE + 10 * t + s}. */
    public static final int TYPE_ID_BASE = 7200;
    /** Type id of the counter holding the end of the last interval, ms since the epoch. */
    public static final int INTERVAL_END_TYPE_ID = 7290;
    /** Label of the interval end counter. */
    public static final String INTERVAL_END_LABEL = "xdpfeed latency interval end (epoch ms)";

    private static final LatencyCounter[] COUNTERS = values();

    private final String name;

    LatencyCounter(final String name)
    {
        this.name = name;
    }

    /**
     * @param tier the tier.
     * @return the Aeron counter type id of this statistic of the tier.
     */
    public int typeId(final HandlerLatencyTier tier)
    {
        return TYPE_ID_BASE + 10 * tier.ordinal() + ordinal();
    }

    /**
     * @param tier the tier.
     * @return the label shown by AeronStat, e.g. {@code xdpfeed latency wire p99 ns}.
     */
    public String label(final HandlerLatencyTier tier)
    {
        return "xdpfeed latency " + tier.tag() + " " + name;
    }

    /**
     * @param typeId an Aeron counter type id.
     * @return the statistic, or null when the type id is not a latency counter.
     */
    public static LatencyCounter ofTypeId(final int typeId)
    {
        final int relative = typeId - TYPE_ID_BASE;
        if (relative < 0 || relative / 10 >= HandlerLatencyTier.tiers().length || relative % 10 >= COUNTERS.length)
        {
            return null;
        }
        return COUNTERS[relative % 10];
    }

    /**
     * @param typeId an Aeron counter type id of a latency counter.
     * @return its tier, or null.
     */
    public static HandlerLatencyTier tierOfTypeId(final int typeId)
    {
        return ofTypeId(typeId) == null ? null : HandlerLatencyTier.tiers()[(typeId - TYPE_ID_BASE) / 10];
    }
}
