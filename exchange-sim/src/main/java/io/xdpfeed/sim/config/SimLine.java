package io.xdpfeed.sim.config;

/**
 * The multicast lines of one simulated channel, with the codes CME's config.xml uses for them.
 */
public enum SimLine
{
    /** Incremental feed A ({@code feed-type="I"}, {@code <feed>A</feed>}). */
    INCREMENTAL_A("I", "Incremental", "A"),
    /** Incremental feed B: the same packets as A. */
    INCREMENTAL_B("I", "Incremental", "B"),
    /** Market recovery loop of SnapshotFullRefresh52 ({@code feed-type="S"}). */
    SNAPSHOT_A("S", "Snapshot", "A"),
    /** Instrument definition loop of MDInstrumentDefinitionFuture54 ({@code feed-type="N"}). */
    DEFINITION_A("N", "Instrument Replay", "A");

    private final String feedType;
    private final String typeName;
    private final String feed;

    SimLine(final String feedType, final String typeName, final String feed)
    {
        this.feedType = feedType;
        this.typeName = typeName;
        this.feed = feed;
    }

    /**
     * CME feed-type code of the line.
     *
     * @return I, S or N.
     */
    public String feedType()
    {
        return feedType;
    }

    /**
     * Text of the {@code <type>} element in CME's config.xml.
     *
     * @return e.g. {@code Incremental}.
     */
    public String typeName()
    {
        return typeName;
    }

    /**
     * Feed letter.
     *
     * @return A or B.
     */
    public String feed()
    {
        return feed;
    }

    /**
     * Suffix of the connection id after the channel id, e.g. {@code IA} in {@code 1IA}: the feed-type code and the
     * feed letter.
     *
     * @return the suffix.
     */
    public String connectionSuffix()
    {
        return feedType + feed;
    }

    /**
     * Whether the line carries incremental packets (sequenced per channel, arbitrated A/B).
     *
     * @return true for A and B.
     */
    public boolean isIncremental()
    {
        return this == INCREMENTAL_A || this == INCREMENTAL_B;
    }
}
