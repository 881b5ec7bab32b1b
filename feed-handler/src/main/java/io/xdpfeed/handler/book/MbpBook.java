package io.xdpfeed.handler.book;

/**
 * Market-by-price book of one instrument: outright bids and asks (MDEntryType 0/1, CME's GBX book) and, kept apart,
 * implied bids and asks (MDEntryType E/F, the GBI book), each a fixed-size {@link PriceLevels}.
 */
public final class MbpBook
{
    private final PriceLevels bids;
    private final PriceLevels asks;
    private final PriceLevels impliedBids;
    private final PriceLevels impliedAsks;

    /**
     * @param depth        outright levels per side.
     * @param impliedDepth implied levels per side.
     */
    public MbpBook(final int depth, final int impliedDepth)
    {
        bids = new PriceLevels(depth);
        asks = new PriceLevels(depth);
        impliedBids = new PriceLevels(impliedDepth);
        impliedAsks = new PriceLevels(impliedDepth);
    }

    /**
     * @return outright bids, best (highest) first.
     */
    public PriceLevels bids()
    {
        return bids;
    }

    /**
     * @return outright asks, best (lowest) first.
     */
    public PriceLevels asks()
    {
        return asks;
    }

    /**
     * @return implied bids, best first.
     */
    public PriceLevels impliedBids()
    {
        return impliedBids;
    }

    /**
     * @return implied asks, best first.
     */
    public PriceLevels impliedAsks()
    {
        return impliedAsks;
    }

    /**
     * @param bid     true for the bid side.
     * @param implied true for the implied book.
     * @return the side.
     */
    public PriceLevels side(final boolean bid, final boolean implied)
    {
        if (implied)
        {
            return bid ? impliedBids : impliedAsks;
        }
        return bid ? bids : asks;
    }

    /**
     * @return outright depth per side.
     */
    public int depth()
    {
        return bids.depth();
    }

    /**
     * @return implied depth per side.
     */
    public int impliedDepth()
    {
        return impliedBids.depth();
    }

    /**
     * Change the depths (instrument definition; allocates).
     *
     * @param depth        outright levels per side.
     * @param impliedDepth implied levels per side.
     */
    public void depths(final int depth, final int impliedDepth)
    {
        bids.depth(depth);
        asks.depth(depth);
        impliedBids.depth(impliedDepth);
        impliedAsks.depth(impliedDepth);
    }

    /**
     * Empty all four sides.
     */
    public void clear()
    {
        bids.clear();
        asks.clear();
        impliedBids.clear();
        impliedAsks.clear();
    }

    /**
     * @return number of levels holding a price on all four sides.
     */
    public int presentLevels()
    {
        return bids.presentLevels() + asks.presentLevels() + impliedBids.presentLevels() +
            impliedAsks.presentLevels();
    }

    /**
     * @return the book as text for tests and logs.
     */
    public String toString()
    {
        return "bids=" + bids + " asks=" + asks + " impliedBids=" + impliedBids + " impliedAsks=" + impliedAsks;
    }
}
