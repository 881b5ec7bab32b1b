package io.xdpfeed.handler.config;

/**
 * The kind of data a line carries, from the {@code feed-type} attribute of CME's config.xml.
 */
public enum FeedType
{
    /** {@code I}: incremental refresh, sequenced by MsgSeqNum, arbitrated A/B. */
    INCREMENTAL("I"),
    /** {@code N}: instrument definition replay loop. */
    INSTRUMENT_REPLAY("N"),
    /** {@code S}: market recovery (MBP snapshot) loop. */
    SNAPSHOT("S"),
    /** {@code SMBO}: market-by-order snapshot loop. */
    SNAPSHOT_MBO("SMBO"),
    /** {@code H}: historical replay (TCP in CME's files; never a multicast line). */
    HISTORICAL("H"),
    /** Not from a config: a (group, port) seen on the wire when no config was given. */
    UNCONFIGURED("?");

    private final String code;

    FeedType(final String code)
    {
        this.code = code;
    }

    /**
     * @return the code used in CME's config.xml.
     */
    public String code()
    {
        return code;
    }

    /**
     * @param code the {@code feed-type} attribute, e.g. {@code I}.
     * @return the feed type, or null when the code is not one CME uses.
     */
    public static FeedType fromCode(final String code)
    {
        for (final FeedType type : values())
        {
            if (type.code.equals(code) && type != UNCONFIGURED)
            {
                return type;
            }
        }
        return null;
    }
}
