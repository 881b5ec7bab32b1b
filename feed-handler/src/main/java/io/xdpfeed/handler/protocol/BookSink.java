package io.xdpfeed.handler.protocol;

import io.xdpfeed.common.book.MbpSide;

/**
 * Market-by-price changes of the incremental stream, one message at a time: {@link #startMessage}, an entry call per
 * book entry of the message (or one {@link #entries} call for all of them), {@link #endMessage}. The channel checks
 * each entry's sequence (RptSeq) and the instrument's state, applies it to the instrument's book and publishes the
 * changed levels of the message, one BookUpdate per instrument, at its end. A protocol hands over only incremental
 * messages ({@link DecodeState#isIncremental()}).
 * <p>
 * Values are the channel's: prices as integers in the protocol's published price scale (a protocol with another
 * scale multiplies before the call), quantities and order counts 0 when the protocol sends none, levels 1-based.
 * The action codes are MDP 3.0's MDUpdateAction values, which are also what the published records carry; another
 * protocol maps its own (an ITCH add at a new price level is a {@link #NEW} at the level it takes).
 * <p>
 * An abstract class rather than an interface, the one sink on the per-entry path: with a single subclass loaded the
 * JIT binds the per-entry call directly (class hierarchy analysis) even where it does not inline it, as it does a
 * private method, where an interface call it does not inline is dispatched through the receiver's class.
 */
public abstract class BookSink
{
    /** Bid side. */
    public static final int BID = 0;
    /** Ask (offer) side. */
    public static final int ASK = 1;
    /** Not a side: the entry empties the instrument's whole book (every side, outright and implied). */
    public static final int CLEAR_BOOK = 2;
    /** Not a side: an entry of a type the book does not keep (its sequence number still counts). */
    public static final int NOT_KEPT = 3;
    /** Outright book. */
    public static final int OUTRIGHT = 0;
    /** Implied book. */
    public static final int IMPLIED = 1;
    /** Insert a level, shifting the ones below. */
    public static final int NEW = 0;
    /** Change the level in place. */
    public static final int CHANGE = 1;
    /** Delete a level, shifting the ones below up. */
    public static final int DELETE = 2;
    /** Delete every level of the side. */
    public static final int DELETE_THRU = 3;
    /** Delete from the level to the top. */
    public static final int DELETE_FROM = 4;
    /** Overwrite the level. */
    public static final int OVERLAY = 5;

    /**
     * For the channel's book updater (and test recorders).
     */
    protected BookSink()
    {
    }

    /**
     * A book message starts.
     *
     * @param live true to publish its changes (a live packet), false to apply only (a replay).
     */
    public abstract void startMessage(boolean live);

    /**
     * One book entry: a price-level change, or a clear of the book, or an entry the book does not keep. One method
     * for all three so that a protocol's loop over its entries has one call site, which the JIT inlines.
     *
     * @param securityId the instrument.
     * @param rptSeq     the instrument's sequence number of the entry, or a negative value when the protocol has none.
     * @param action     {@link #NEW} .. {@link #OVERLAY}; another value is counted as ignored.
     * @param side       {@link #BID} or {@link #ASK}; {@link #CLEAR_BOOK} or {@link #NOT_KEPT} for entries that are
     *                   not a level change (the other arguments are then ignored).
     * @param levelType  {@link #OUTRIGHT} or {@link #IMPLIED}.
     * @param level      1-based price level.
     * @param price      level price.
     * @param quantity   level quantity.
     * @param orders     orders at the level.
     */
    public abstract void entry(
        int securityId, long rptSeq, int action, int side, int levelType, int level, long price, long quantity,
        int orders);

    /**
     * The entries of one message, each read once from the packet and applied in turn; the same as an
     * {@link #entry} call per entry, which is what this default does. The channel's book updater walks them itself.
     *
     * @param entries of the message, positioned before the first.
     */
    public void entries(final BookEntries entries)
    {
        while (entries.next())
        {
            entry(entries.securityId(), entries.rptSeq(), entries.action(), entries.side(), entries.levelType(),
                entries.level(), entries.price(), entries.quantity(), entries.orders());
        }
    }

    /**
     * For a protocol that aggregates its price levels itself (from orders: ITCH): the instrument's outright side
     * that the channel publishes and answers snapshots from, for the protocol to keep, so that a level is updated
     * once; its changes are then told with {@link #applied}, which publishes without applying them again. The side
     * has the channel's depth ({@link MessageSinks#bookDepth()}); the channel may empty it (a channel reset, a
     * recovery), as it does its other books. Not for the per-entry path: asked once per instrument.
     *
     * @param securityId the instrument (created on first use).
     * @param side       {@link #BID} or {@link #ASK}.
     * @return the side, or null when this sink keeps no book (the default): the protocol keeps its levels itself.
     */
    public MbpSide side(final int securityId, final int side)
    {
        return null;
    }

    /**
     * A change of an outright level that the protocol already made to the side {@link #side} gave: checked (the
     * instrument's state) and published as {@link #entry} would, and not applied. The default, for a sink that gives
     * no side, is {@link #entry}.
     *
     * @param securityId the instrument.
     * @param rptSeq     the instrument's sequence number of the entry, or a negative value when the protocol has none.
     * @param action     {@link #NEW}, {@link #CHANGE} or {@link #DELETE}.
     * @param side       {@link #BID} or {@link #ASK}.
     * @param level      1-based price level.
     * @param price      level price.
     * @param quantity   level quantity (0 on DELETE).
     * @param orders     orders at the level (0 on DELETE).
     */
    public void applied(
        final int securityId, final long rptSeq, final int action, final int side, final int level, final long price,
        final long quantity, final int orders)
    {
        entry(securityId, rptSeq, action, side, OUTRIGHT, level, price, quantity, orders);
    }

    /**
     * The protocol could not keep a change of the instrument's book (a capacity of its own, e.g. a full order
     * store): the book is no longer the exchange's. The channel marks the instrument STALE, as after a gap of its own
     * sequence, and recovers it from a snapshot where the channel has one. The default, for a sink that keeps no book,
     * does nothing.
     *
     * @param securityId the instrument (created on first use).
     */
    public void lost(final int securityId)
    {
    }

    /**
     * The book message ends: its changes are published, and the match event is left open or closed.
     *
     * @param matchEventIndicator the message's flags, carried on the published records.
     * @param endOfEvent          true when the message ends the exchange's match event.
     */
    public abstract void endMessage(short matchEventIndicator, boolean endOfEvent);
}
