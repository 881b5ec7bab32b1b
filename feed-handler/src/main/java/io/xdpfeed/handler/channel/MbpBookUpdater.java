package io.xdpfeed.handler.channel;

import io.xdpfeed.common.book.MbpSide;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.protocol.BookEntries;
import io.xdpfeed.handler.protocol.BookSink;

/**
 * The MBP book path of a channel, its {@link BookSink}: applies book entries (a protocol's decoder reads them from
 * its messages, e.g. MDP 3.0's MDIncrementalRefreshBook 46) to the instruments' books, records what changed, and
 * hands one {@link BookChanges} per instrument to the {@link ChannelListener} at the end of the message, leaving the
 * {@link MatchEvent} open or closing it.
 * <p>
 * Instrument lookup, RptSeq checks and the stale/replay rules are the {@link RptSeqGate}'s. Changes are recorded as
 * primitives (side, level type and action as their normalized schema values, the instrument as its index). With a
 * publisher's {@link BookUpdateStage}, the changes of the first instrument of each message (of a message with one
 * instrument: all of them) are written straight into its staged BookUpdate record instead, and only the others go
 * through the list. One thread; no allocation.
 */
final class MbpBookUpdater extends BookSink
{
    private static final long NULL_PRICE = PriceLevels.NULL_PRICE;

    /** Normalized schema value of BookAction CLEAR (the others are {@link BookSink}'s, the same values). */
    static final int CLEAR = 6;

    private final RptSeqGate gate;
    private final MatchEvent matchEvent;
    private final ChannelListener listener;
    private final BookUpdateStage stage;
    private final PacketInfo packetInfo;
    private final SingleEntry single = new SingleEntry();
    private final BookChanges messageChanges = new BookChanges(BookChanges.MAX_CHANGES);
    private final BookChanges instrumentChanges = new BookChanges(BookChanges.MAX_CHANGES);
    private final Instrument[] dirty = new Instrument[BookChanges.MAX_CHANGES];
    private final int[] runStarts = new int[BookChanges.MAX_CHANGES + 1];
    /** The instrument marked last in this message: its next change (the usual case) needs no stamp lookup. */
    private Instrument lastDirty;
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
     * @param stage      the listener's place for the levels of the first instrument of each message, written as
     *                   they are applied; null to hand every BookUpdate to the listener as a {@link BookChanges}.
     * @param packetInfo of the packet being decoded.
     */
    MbpBookUpdater(
        final RptSeqGate gate,
        final MatchEvent matchEvent,
        final ChannelListener listener,
        final BookUpdateStage stage,
        final PacketInfo packetInfo)
    {
        this.gate = gate;
        this.matchEvent = matchEvent;
        this.listener = listener;
        this.stage = stage;
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
        lastDirty = null;
        messageChanges.reset();
    }

    /**
     * One entry, through the same loop as a whole message's ({@link #entries}).
     */
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
        entries(single.set(securityId, rptSeq, action, side, levelType, level, price, quantity, orderCount));
    }

    /**
     * The entries of one message: each read once from the packet, checked (instrument, RptSeq, stale), applied to
     * its book and recorded, in one loop, so that the JIT compiles the per-entry work into this one method rather
     * than a call per entry.
     */
    public void entries(final BookEntries entries)
    {
        final RptSeqGate gate = this.gate;
        while (entries.next())
        {
            final Instrument instrument = gate.entryInstrument(entries.securityId());
            if (instrument == null || !gate.accept(instrument, entries.rptSeq()))
            {
                continue;
            }
            final int side = entries.side();
            if (side > ASK)
            {
                notALevel(instrument, side);
                continue;
            }
            final int levelType = entries.levelType();
            final int action = entries.action();
            final int level = entries.level();
            final MbpBook book = instrument.book();
            final PriceLevels levels = levelType == OUTRIGHT ?
                (side == BID ? book.bids() : book.asks()) : (side == BID ? book.impliedBids() : book.impliedAsks());
            long px = entries.price();
            long qty = entries.quantity();
            int orders = entries.orders();
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
                continue;
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
    }

    /**
     * The instrument's outright side, kept by the protocol itself from now on (ITCH's levels aggregated from orders).
     */
    @Override
    public MbpSide side(final int securityId, final int side)
    {
        final MbpBook book = gate.instrument(securityId).book();
        return side == BID ? book.bids() : book.asks();
    }

    /**
     * A level the protocol changed in a side from {@link #side}: the same checks and record as {@link #entries}, no
     * second application.
     */
    @Override
    public void applied(
        final int securityId, final long rptSeq, final int action, final int side, final int level, final long price,
        final long quantity, final int orderCount)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument == null || !gate.accept(instrument, rptSeq))
        {
            return;
        }
        if (action == DELETE)
        {
            recordChange(instrument, side, OUTRIGHT, DELETE, level, NULL_PRICE, 0, 0);
        }
        else
        {
            recordChange(instrument, side, OUTRIGHT, action, level, price, quantity, orderCount);
        }
    }

    /**
     * A change the protocol could not keep: the instrument goes STALE (the gate's gap listener, as for a RptSeq gap).
     */
    @Override
    public void lost(final int securityId)
    {
        gate.lost(gate.instrument(securityId));
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
        final BookUpdateStage stage = this.stage;
        if (stage != null)
        {
            // fused: the first instrument of the message is written straight into the publisher's staged record
            if (stage.isOpen())
            {
                if (instrument == dirty[0] &&
                    stage.level(side, levelType, action, level, price, size, orderCount))
                {
                    return;
                }
            }
            else if (dirtyCount == 0 && stage.open(instrument, packetInfo, messageChanges))
            {
                markDirty(instrument);
                if (stage.level(side, levelType, action, level, price, size, orderCount))
                {
                    return;
                }
            }
        }
        markDirty(instrument);
        messageChanges.add(instrument.index, side, levelType, action, level, price, size, orderCount);
    }

    private void markDirty(final Instrument instrument)
    {
        if (instrument == lastDirty)
        {
            return;
        }
        lastDirty = instrument;
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
        int first = 0;
        final BookUpdateStage stage = this.stage;
        if (stage != null && stage.isOpen())
        {
            // the first instrument's record is staged already: its header completed, the others from the list
            stage.close(dirty[0].rptSeq, endOfEvent && dirtyCount == 1, matchEventIndicator);
            first = 1;
        }
        if (first == 1 && dirtyCount == 1)
        {
            // nothing else changed
        }
        else if (dirtyCount == 1)
        {
            final Instrument instrument = dirty[0];
            messageChanges.rptSeq(instrument.rptSeq);
            listener.onBookUpdate(instrument, messageChanges, endOfEvent, matchEventIndicator, packetInfo);
        }
        else if (messageChanges.runsOf(dirty, first, dirtyCount, runStarts))
        {
            // each instrument's changes are one run of the list, in order: each handed over as a view of its run
            for (int i = first; i < dirtyCount; i++)
            {
                final Instrument instrument = dirty[i];
                instrumentChanges.window(messageChanges, runStarts[i - first], runStarts[i - first + 1],
                    instrument.rptSeq);
                listener.onBookUpdate(instrument, instrumentChanges, endOfEvent && i == dirtyCount - 1,
                    matchEventIndicator, packetInfo);
            }
        }
        else
        {
            for (int i = first; i < dirtyCount; i++)
            {
                final Instrument instrument = dirty[i];
                instrumentChanges.copyOwnedBy(messageChanges, instrument);
                listener.onBookUpdate(instrument, instrumentChanges, endOfEvent && i == dirtyCount - 1,
                    matchEventIndicator, packetInfo);
            }
        }
        // the entries past dirtyCount are not read again (instruments live as long as the channel: nothing to release)
        this.dirtyCount = 0;
        lastDirty = null;
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

    /**
     * One entry handed over by {@link #entry} (protocols that call per entry), as a cursor of one.
     */
    private static final class SingleEntry extends BookEntries
    {
        private int securityId;
        private long rptSeq;
        private int action;
        private int side;
        private int levelType;
        private int level;
        private long price;
        private long quantity;
        private int orders;
        private boolean pending;

        SingleEntry set(
            final int securityId,
            final long rptSeq,
            final int action,
            final int side,
            final int levelType,
            final int level,
            final long price,
            final long quantity,
            final int orders)
        {
            this.securityId = securityId;
            this.rptSeq = rptSeq;
            this.action = action;
            this.side = side;
            this.levelType = levelType;
            this.level = level;
            this.price = price;
            this.quantity = quantity;
            this.orders = orders;
            pending = true;
            return this;
        }

        /**
         * {@inheritDoc}
         */
        public boolean next()
        {
            final boolean next = pending;
            pending = false;
            return next;
        }

        /**
         * {@inheritDoc}
         */
        public int securityId()
        {
            return securityId;
        }

        /**
         * {@inheritDoc}
         */
        public long rptSeq()
        {
            return rptSeq;
        }

        /**
         * {@inheritDoc}
         */
        public int action()
        {
            return action;
        }

        /**
         * {@inheritDoc}
         */
        public int side()
        {
            return side;
        }

        /**
         * {@inheritDoc}
         */
        public int levelType()
        {
            return levelType;
        }

        /**
         * {@inheritDoc}
         */
        public int level()
        {
            return level;
        }

        /**
         * {@inheritDoc}
         */
        public long price()
        {
            return price;
        }

        /**
         * {@inheritDoc}
         */
        public long quantity()
        {
            return quantity;
        }

        /**
         * {@inheritDoc}
         */
        public int orders()
        {
            return orders;
        }
    }
}
