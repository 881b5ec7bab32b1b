package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.book.OrderBook;
import io.xdpfeed.handler.protocol.OrderSink;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Market-by-order side of a channel, its {@link OrderSink}: applies order events (a protocol's decoder reads them,
 * e.g. MDP 3.0's 47 and the OrderID group of 46) to the instruments' {@link OrderBook}s, publishes them as
 * {@link ChannelListener#onOrderUpdate} records, and assembles the chunks of order snapshots (MDP 3.0's 53) for
 * recovery, for the {@link SnapshotRecovery}.
 * <p>
 * Order events carry no per-instrument sequence number, so an order event is applied when its packet's MsgSeqNum is
 * after the book's {@code appliedThroughSeqNum} (the order snapshot's LastMsgSeqNumProcessed after a recovery): a
 * queued packet replayed after a snapshot applies exactly the order events the snapshot does not hold. Order events
 * of an instrument that is not LIVE are skipped (the snapshot will bring them), as its MBP entries are.
 * <p>
 * Tolerance, counted and never thrown: a delete of an unknown order (no record), a full book (the order is refused,
 * counted in the channel's {@code ChannelCounter.ORDER_OVERFLOWS}, and the instrument goes STALE, as for a RptSeq gap: its book lacks the order; a
 * snapshot that does not fit is not used), a reference outside the message, sides or actions without an order
 * meaning, a snapshot chunk out of order (the assembly restarts at the next chunk 1). No allocation.
 */
final class OrderBookUpdater implements OrderSink
{
    private static final long NULL_PRICE = OrderBook.NULL_PRICE;
    private static final int NO_SECURITY = Integer.MIN_VALUE;

    private final AtomicCounter overflows;
    private final InstrumentDirectory instruments;
    private final RptSeqGate gate;
    private final MatchEvent matchEvent;
    private final boolean hasSnapshotLine;
    private final ChannelListener listener;
    private final PacketInfo packetInfo;

    private int snapshotLoop;
    private int loopFirstSecurityId = NO_SECURITY;
    private long loopMessages;
    private long loopMinSeqNum = Long.MAX_VALUE;

    private Instrument chunkInstrument;
    private boolean chunkUsable;
    private boolean chunkFirst;
    private long chunkSeqNum;
    private long chunkCount;
    private long chunkNumber;

    private long orderEvents;
    private Instrument lastPublished;
    private boolean lastPublishedEndsEvent;
    private long unknownOrders;
    private long ignoredEntries;
    private long badReferences;
    private long snapshotChunks;
    private long brokenChunks;

    /**
     * @param instruments of the channel.
     * @param gate        instrument lookup and the decode mode of the packet being decoded.
     * @param matchEvent  left open or closed at the end of each standalone order message.
     * @param options     whether the channel has a snapshot line.
     * @param listener    receives the records to publish.
     * @param packetInfo  of the packet being decoded.
     * @param overflows   orders refused by a full book ({@code ChannelCounter.ORDER_OVERFLOWS}).
     */
    OrderBookUpdater(
        final InstrumentDirectory instruments,
        final RptSeqGate gate,
        final MatchEvent matchEvent,
        final ChannelOptions options,
        final ChannelListener listener,
        final PacketInfo packetInfo,
        final AtomicCounter overflows)
    {
        this.overflows = overflows;
        this.instruments = instruments;
        this.gate = gate;
        this.matchEvent = matchEvent;
        this.hasSnapshotLine = options.hasSnapshotLine();
        this.listener = listener;
        this.packetInfo = packetInfo;
    }

    /**
     * Whether order entries of a sequenced packet change the instrument's order book now.
     */
    private boolean accept(final Instrument instrument)
    {
        final OrderBookState state = instrument.orderState();
        if (state == null)
        {
            return false;
        }
        final boolean replaying = gate.isReplaying();
        if (!replaying && !instrument.isLive() && hasSnapshotLine)
        {
            instrument.skippedWhileStale = true;
            return false;
        }
        final long seqNum = gate.currentSeqNum();
        if (seqNum <= state.appliedThroughSeqNum)
        {
            return false;
        }
        instrument.lastMsgSeqNum = seqNum;
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // incremental
    // ---------------------------------------------------------------------------------------------------------------

    public void startMessage()
    {
        lastPublished = null;
        lastPublishedEndsEvent = false;
    }

    public void order(
        final int securityId,
        final int side,
        final int action,
        final long orderId,
        final long priority,
        final long price,
        final long quantity,
        final boolean endOfEvent,
        final short matchEventIndicator)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument != null && accept(instrument))
        {
            apply(instrument, side, action, orderId, priority, price, quantity, endOfEvent, matchEventIndicator);
        }
    }

    public void clear(final int securityId, final boolean endOfEvent, final short matchEventIndicator)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument != null && accept(instrument))
        {
            clear(instrument, endOfEvent, matchEventIndicator);
        }
    }

    public void badReference()
    {
        badReferences++;
    }

    public void ignoredEntry()
    {
        ignoredEntries++;
    }

    /**
     * The match event after a standalone order message: open on the instrument of its last record unless that record
     * closed it, closed by an empty BookUpdate when the message ends it and its last record did not say so.
     */
    public void endMessage(final short matchEventIndicator, final boolean endOfEvent)
    {
        final Instrument last = lastPublished;
        if (last != null && (lastPublishedEndsEvent || !endOfEvent))
        {
            matchEvent.open(lastPublishedEndsEvent ? null : last);
        }
        else
        {
            if (last != null)
            {
                matchEvent.open(last);
            }
            matchEvent.closeIfOpen(endOfEvent, matchEventIndicator);
        }
    }

    private void apply(
        final Instrument instrument,
        final int side,
        final int action,
        final long orderId,
        final long priority,
        final long price,
        final long displayQty,
        final boolean endOfEvent,
        final short matchEventIndicator)
    {
        if (side != BID && side != ASK)
        {
            ignoredEntries++;
            return;
        }
        final boolean bid = side == BID;
        final OrderBook book = instrument.orderState().book;
        final OrderAction orderAction;
        long publishedPrice = price;
        long publishedQty = displayQty;
        long publishedPriority = priority;
        if (priority == SAME_PRIORITY)
        {
            publishedPriority = book.priority(orderId);
        }
        switch (action)
        {
            case 0, 1 ->
            {
                if (book.add(orderId, bid, price, displayQty, publishedPriority) == OrderBook.OVERFLOW)
                {
                    // the book lacks the order from now on: the instrument is not sure any more
                    overflows.increment();
                    gate.lost(instrument);
                    return;
                }
                orderAction = action == 0 ? OrderAction.ADD : OrderAction.MODIFY;
            }
            case 2 ->
            {
                if (!book.delete(orderId))
                {
                    unknownOrders++;
                    return;
                }
                publishedPrice = book.deletedPrice();
                publishedPriority = book.deletedPriority();
                publishedQty = 0;
                orderAction = OrderAction.DELETE;
            }
            default ->
            {
                ignoredEntries++;
                return;
            }
        }
        orderEvents++;
        if (!gate.isReplaying())
        {
            listener.onOrderUpdate(instrument, bid ? Side.BID : Side.ASK, orderAction, orderId, publishedPriority,
                publishedPrice, publishedQty, endOfEvent, matchEventIndicator, packetInfo);
            published(instrument, endOfEvent);
        }
    }

    private void clear(final Instrument instrument, final boolean endOfEvent, final short matchEventIndicator)
    {
        instrument.orderState().book.clear();
        orderEvents++;
        if (!gate.isReplaying())
        {
            listener.onOrderUpdate(instrument, Side.BID, OrderAction.CLEAR, 0, 0, NULL_PRICE, 0, endOfEvent,
                matchEventIndicator, packetInfo);
            published(instrument, endOfEvent);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // resets and recovery
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Empty the order book of an instrument (channel reset, or recovered empty): it holds everything through
     * {@code appliedThroughSeqNum}; a recovery in progress is abandoned.
     */
    static void reset(final Instrument instrument, final long appliedThroughSeqNum)
    {
        final OrderBookState state = instrument.orderState();
        if (state != null)
        {
            state.book.clear();
            state.appliedThroughSeqNum = appliedThroughSeqNum;
            state.resetRecovery();
        }
    }

    /**
     * Told of an instrument whose order snapshot is in because a whole loop of 53s passed without it.
     */
    interface OrderSnapshotListener
    {
        /**
         * @param instrument whose (empty) order snapshot is ready.
         */
        void orderSnapshotReady(Instrument instrument);
    }

    /**
     * A chunk of an instrument's order snapshot while the channel recovers: the assembly starts again at chunk 1,
     * and a chunk out of order (or of another snapshot) stops it until the next chunk 1.
     *
     * @param securityId             the instrument.
     * @param lastMsgSeqNumProcessed of the snapshot.
     * @param chunks                 chunks of the instrument's snapshot, 0 when not sent.
     * @param chunk                  1-based number of this chunk.
     * @param ready                  told of the instruments absent from a whole loop (their snapshot is empty).
     * @return true when the chunk's orders are assembled: {@link #snapshotOrder} calls follow.
     */
    boolean snapshotChunkBegin(
        final int securityId,
        final long lastMsgSeqNumProcessed,
        final long chunks,
        final long chunk,
        final OrderSnapshotListener ready)
    {
        snapshotChunks++;
        chunkFirst = chunk <= 1;
        chunkSeqNum = lastMsgSeqNumProcessed;
        chunkCount = chunks;
        chunkNumber = chunk;
        chunkUsable = false;
        if (chunkFirst)
        {
            onLoopMessage(securityId, lastMsgSeqNumProcessed, ready);
        }

        final Instrument instrument = instruments.instrumentFor(securityId);
        final OrderBookState state = instrument == null ? null : instrument.orderState();
        chunkInstrument = instrument;
        if (state != null && !instrument.isLive())
        {
            boolean usable = true;
            if (chunkFirst)
            {
                state.book.clear();
                state.snapshotSeqNum = lastMsgSeqNumProcessed;
                state.snapshotReady = false;
                state.snapshotChunk = 1;
                state.snapshotLoop = snapshotLoop;
            }
            else if (state.snapshotChunk == 0 || chunk != state.snapshotChunk + 1 ||
                lastMsgSeqNumProcessed != state.snapshotSeqNum)
            {
                if (state.snapshotChunk != 0)
                {
                    brokenChunks++;
                }
                state.snapshotChunk = 0;
                usable = false;
            }
            else
            {
                state.snapshotChunk = (int)chunk;
            }
            chunkUsable = usable;
        }
        return chunkUsable;
    }

    /**
     * One order of the chunk being assembled.
     *
     * @param side     {@link #BID}, {@link #ASK}, else ignored.
     * @param orderId  exchange order id.
     * @param price    order price.
     * @param quantity displayed quantity.
     * @param priority order priority.
     */
    void snapshotOrder(final int side, final long orderId, final long price, final long quantity, final long priority)
    {
        if (side == BID || side == ASK)
        {
            final OrderBookState state = chunkInstrument.orderState();
            if (state.book.add(orderId, side == BID, price, quantity, priority) == OrderBook.OVERFLOW)
            {
                // the snapshot does not fit the book: not used, the instrument stays STALE and tries the next loop
                overflows.increment();
                state.snapshotChunk = 0;
                chunkUsable = false;
            }
        }
        else
        {
            ignoredEntries++;
        }
    }

    /**
     * The chunk ends.
     *
     * @param totalReports snapshot messages in a whole loop, 0 when not sent.
     * @param ready        told of the instruments absent from a whole loop (their snapshot is empty).
     * @return the instrument whose snapshot is now complete (every chunk in), or null.
     */
    Instrument snapshotChunkEnd(final long totalReports, final OrderSnapshotListener ready)
    {
        Instrument completed = null;
        if (chunkUsable && (chunkCount == 0 || chunkNumber >= chunkCount))
        {
            final OrderBookState state = chunkInstrument.orderState();
            state.snapshotChunk = 0;
            state.snapshotReady = true;
            state.appliedThroughSeqNum = chunkSeqNum;
            completed = chunkInstrument;
        }
        chunkUsable = false;
        chunkInstrument = null;
        if (chunkFirst)
        {
            loopMessages++;
            if (totalReports > 0 && loopMessages >= totalReports)
            {
                onLoopComplete(ready);
                loopFirstSecurityId = NO_SECURITY;
            }
        }
        return completed;
    }

    private void onLoopMessage(
        final int securityId, final long lastMsgSeqNumProcessed, final OrderSnapshotListener ready)
    {
        if (loopFirstSecurityId == NO_SECURITY)
        {
            loopFirstSecurityId = securityId;
        }
        else if (securityId == loopFirstSecurityId)
        {
            onLoopComplete(ready);
            loopFirstSecurityId = securityId;
        }
        loopMinSeqNum = Math.min(loopMinSeqNum, lastMsgSeqNumProcessed);
    }

    /**
     * A whole loop of 53s was seen: a recovering instrument that was not in it has no orders as of the loop's
     * oldest LastMsgSeqNumProcessed (the loop holds every instrument with orders). Replaying from there is harmless:
     * an order added and deleted in between nets out, a delete of an order it never had is ignored. When that point
     * is older than the instrument's loss, the channel refuses it and waits for the next loop.
     */
    private void onLoopComplete(final OrderSnapshotListener ready)
    {
        final int loop = snapshotLoop;
        final long seqNum = loopMinSeqNum == Long.MAX_VALUE ? 0 : loopMinSeqNum;
        for (int i = 0, n = instruments.count(); i < n; i++)
        {
            final Instrument instrument = instruments.instrument(i);
            final OrderBookState state = instrument.orderState();
            if (state != null && !instrument.isLive() && state.snapshotLoop != loop && !state.snapshotReady &&
                state.snapshotChunk == 0)
            {
                state.book.clear();
                state.snapshotSeqNum = seqNum;
                state.appliedThroughSeqNum = seqNum;
                state.snapshotReady = true;
                ready.orderSnapshotReady(instrument);
            }
        }
        snapshotLoop++;
        loopMessages = 0;
        loopMinSeqNum = Long.MAX_VALUE;
    }

    /**
     * Start looking for a whole loop again (the snapshot feed was joined).
     */
    void resetLoop()
    {
        snapshotLoop++;
        loopMessages = 0;
        loopFirstSecurityId = NO_SECURITY;
        loopMinSeqNum = Long.MAX_VALUE;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // counters
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return order events applied (adds, modifies, deletes, clears), replays included.
     */
    long orderEvents()
    {
        return orderEvents;
    }

    /**
     * @return deletes of orders not in the book.
     */
    long unknownOrders()
    {
        return unknownOrders;
    }

    /**
     * @return order entries of types or actions without an order meaning.
     */
    long ignoredEntries()
    {
        return ignoredEntries;
    }

    /**
     * @return 46 OrderID entries whose ReferenceID names no MD entry of the message.
     */
    long badReferences()
    {
        return badReferences;
    }

    /**
     * @return 53 messages seen while recovering.
     */
    long snapshotChunks()
    {
        return snapshotChunks;
    }

    /**
     * @return 53 chunks out of order (the assembly restarted).
     */
    long brokenChunks()
    {
        return brokenChunks;
    }

    private void published(final Instrument instrument, final boolean endOfEvent)
    {
        lastPublished = instrument;
        lastPublishedEndsEvent = endOfEvent;
    }
}
