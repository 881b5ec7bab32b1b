package io.xdpfeed.handler.config;

/**
 * Which of the two redundant copies of a feed a line carries. CME sends every incremental packet on both.
 */
public enum Feed
{
    /** Feed A (CME {@code <feed>A</feed>}). */
    A,
    /** Feed B (CME {@code <feed>B</feed>}). */
    B;

    /**
     * @param code as in CME's config.xml, {@code A} or {@code B}.
     * @return the feed, or null when the code is neither.
     */
    public static Feed fromCode(final String code)
    {
        return switch (code)
        {
            case "A" -> A;
            case "B" -> B;
            default -> null;
        };
    }
}
