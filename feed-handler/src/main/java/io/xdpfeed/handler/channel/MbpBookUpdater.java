package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.protocol.BookSink;

/**
 * The MBP book path of a channel, its {@link BookSink}: applies book entries (a protocol's decoder reads them from
 * its messages, e.g. MDP 3.0's MDIncrementalRefreshBook 46) to the instruments' books, records what changed, and
 * hands one {@link BookChanges} per instrument to the {@link ChannelListener} at the end of the message, leaving the
 * {@link MatchEvent} open or closing it.
 * <p>
 * Instrument lookup, RptSeq checks and the stale/replay rules are the {@link RptSeqGate}'s. Changes are recorded as
 * primitives (side, level type and action as their normalized schema values, the instrument as its index). One
 * thread; no allocation.
 */
final class MbpBookUpdater extends BookSink
{
    private static final long NULL_PRICE = PriceLevels.NULL_PRICE;

    /** Normalized schema value of BookAction CLEAR (the others are {@link BookSink}'s, the same values). */
    static final int CLEAR = 6;

    private final RptSeqGate gate;
    private final MatchEvent matchEvent;
    private final ChannelListener listener;
    private final PacketInfo packetInfo;
    private final BookChanges messageChanges = new BookChanges(BookChanges.MAX_CHANGES);
    private final BookChanges instrumentChanges = new BookChanges(BookChanges.MAX_CHANGES);
    private final Instrument[] dirty = new Instrument[BookChanges.MAX_CHANGES];
    private int dirtyCount;
    private long messageStamp;
    private long[] dirtyStamps = new long[16];
    private boolean live;
    private long outOfDepthEntries;
    private long ignoredEntries;

    /**
     * @param gate       instrument lookup and RptSeq rules of the packet being decoded.
     * @param matchEvent left open or closed at the end of each message.
     * @param listener   receives the BookUpdates.
     * @param packetInfo of the packet being decoded.
     */
    MbpBookUpdater(
        final RptSeqGate gate, final MatchEvent matchEvent, final ChannelListener listener, final PacketInfo packetInfo)
    {
        this.gate = gate;
        this.matchEvent = matchEvent;
        this.listener = listener;
        this.packetInfo = packetInfo;
    }

    /**
     * Start a book message: what {@link #endMessage} publishes is reset.
     *
     * @param live true for the sequenced stream (changes are published), false for a replay.
     */
    public void startMessage(final boolean live)
    {
        this.live = live;
        messageStamp++;
        dirtyCount = 0;
        messageChanges.reset();
    }

    public void entry(
        final int securityId,
        final long rptSeq,
        final int action,
        final int side,
        final int levelType,
        final int level,
        final long price,
        final long quantity,
        final int orderCount)
    {
        // a tiny public entry the JIT always inlines at the protocol's call site (an interface call), and one
        // direct call to the body, as when the entry loop and the body were one class
        apply(securityId, rptSeq, action, side, levelType, level, price, quantity, orderCount);
    }

    private void apply(
        final int securityId,
        final long rptSeq,
        final int action,
        final int side,
        final int levelType,
        final int level,
        final long price,
        final long quantity,
        final int orderCount)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument == null || !gate.accept(instrument, rptSeq))
        {
            return;
        }
        if (side > ASK)
        {
            notALevel(instrument, side);
            return;
        }

        final MbpBook book = instrument.book();
        final PriceLevels levels = levelType == OUTRIGHT ?
            (side == BID ? book.bids() : book.asks()) : (side == BID ? book.impliedBids() : book.impliedAsks());
        long px = price;
        long qty = quantity;
        int orders = orderCount;
        final boolean applied;
        if (action == CHANGE)
        {
            applied = levels.change(level, px, qty, orders);
        }
        else if (action == NEW)
        {
            applied = levels.add(level, px, qty, orders);
        }
        else if (action == DELETE)
        {
            applied = levels.delete(level);
            px = NULL_PRICE;
            qty = 0;
            orders = 0;
        }
        else
        {
            if (!onOtherAction(instrument, levels, side, levelType, action, level, px, qty, orders))
            {
                outOfDepthEntries++;
            }
            return;
        }
        // one call site, so that the JIT inlines it once for the three common actions
        if (applied)
        {
            recordChange(instrument, side, levelType, action, level, px, qty, orders);
        }
        else
        {
            outOfDepthEntries++;
        }
    }

    private void notALevel(final Instrument instrument, final int side)
    {
        if (side == CLEAR_BOOK)
        {
            clearBook(instrument);
        }
        else
        {
            ignoredEntries++;
        }
    }

    private boolean onOtherAction(
        final Instrument instrument,
        final PriceLevels levels,
        final int side,
        final int levelType,
        final int action,
        final int level,
        final long px,
        final long qty,
        final int orders)
    {
        switch (action)
        {
            case 3 ->
            {
                levels.clear();
                recordChange(instrument, side, levelType, DELETE_THRU, 0, NULL_PRICE, 0, 0);
                return true;
            }
            case 4 ->
            {
                if (levels.deleteFrom(level))
                {
                    recordChange(instrument, side, levelType, DELETE_FROM, level, NULL_PRICE, 0, 0);
                    return true;
                }
                return false;
            }
            case 5 ->
            {
                if (levels.change(level, px, qty, orders))
                {
                    recordChange(instrument, side, levelType, OVERLAY, level, px, qty, orders);
                    return true;
                }
                return false;
            }
            default ->
            {
                ignoredEntries++;
                return true;
            }
        }
    }

    private void clearBook(final Instrument instrument)
    {
        instrument.book().clear();
        recordChange(instrument, BID, OUTRIGHT, CLEAR, 0, NULL_PRICE, 0, 0);
        recordChange(instrument, ASK, OUTRIGHT, CLEAR, 0, NULL_PRICE, 0, 0);
        recordChange(instrument, BID, IMPLIED, CLEAR, 0, NULL_PRICE, 0, 0);
        recordChange(instrument, ASK, IMPLIED, CLEAR, 0, NULL_PRICE, 0, 0);
    }

    private void recordChange(
        final Instrument instrument,
        final int side,
        final int levelType,
        final int action,
        final int level,
        final long price,
        final long size,
        final int orderCount)
    {
        if (!live)
        {
            return;
        }
        final int index = instrument.index;
        long[] dirtyStamps = this.dirtyStamps;
        if (index >= dirtyStamps.length)
        {
            dirtyStamps = growDirtyStamps(index);
        }
        if (dirtyStamps[index] != messageStamp)
        {
            dirtyStamps[index] = messageStamp;
            dirty[dirtyCount++] = instrument;
        }
        messageChanges.add(index, side, levelType, action, level, price, size, orderCount);
    }

    private long[] growDirtyStamps(final int index)
    {
        final long[] grown = new long[Math.max(index + 1, dirtyStamps.length * 2)];
        System.arraycopy(dirtyStamps, 0, grown, 0, dirtyStamps.length);
        dirtyStamps = grown;
        return grown;
    }

    /**
     * End a book message: one {@link ChannelListener#onBookUpdate} per instrument it changed, in order of first
     * change, EndOfEvent on the last one only; the match event stays open on the last instrument published unless
     * the message ends it.
     */
    public void endMessage(final short matchEventIndicator, final boolean endOfEvent)
    {
        final Instrument last = publish(matchEventIndicator, endOfEvent);
        if (last != null)
        {
            matchEvent.open(endOfEvent ? null : last);
        }
        else
        {
            matchEvent.closeIfOpen(endOfEvent, matchEventIndicator);
        }
    }

    /**
     * @return the instrument of the last record published, or null when nothing was published.
     */
    private Instrument publish(final short matchEventIndicator, final boolean endOfEvent)
    {
        final int dirtyCount = this.dirtyCount;
        if (!live || dirtyCount == 0)
        {
            return null;
        }
        final Instrument last = dirty[dirtyCount - 1];
        if (dirtyCount == 1)
        {
            final Instrument instrument = dirty[0];
            messageChanges.rptSeq(instrument.rptSeq);
            listener.onBookUpdate(instrument, messageChanges, endOfEvent, matchEventIndicator, packetInfo);
        }
        else
        {
            for (int i = 0; i < dirtyCount; i++)
            {
                final Instrument instrument = dirty[i];
                instrumentChanges.copyOwnedBy(messageChanges, instrument);
                listener.onBookUpdate(instrument, instrumentChanges, endOfEvent && i == dirtyCount - 1,
                    matchEventIndicator, packetInfo);
            }
        }
        for (int i = 0; i < dirtyCount; i++)
        {
            dirty[i] = null;
        }
        this.dirtyCount = 0;
        messageChanges.reset();
        return last;
    }

    /**
     * @return entries whose level was outside the book's depth.
     */
    long outOfDepthEntries()
    {
        return outOfDepthEntries;
    }

    /**
     * @return entries of an entry type or action the MBP book does not take.
     */
    long ignoredEntries()
    {
        return ignoredEntries;
    }
}
