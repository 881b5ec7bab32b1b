package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.handler.book.OrderBook;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Market-by-order side of a channel: applies order events to the instruments' {@link OrderBook}s,
 * publishes them as {@link ChannelListener#onOrderUpdate} records, and assembles SnapshotFullRefreshOrderBook53
 * chunks for recovery.
 * <pre>
 *   47 MDIncrementalRefreshOrderBook   one order per entry: OrderID, priority, price, DisplayQty, side, action
 *   46 MDIncrementalRefreshBook        its NoOrderIDEntries group: OrderID, priority, DisplayQty, action, and a
 *                                      ReferenceID (1-based) to the MD entry that gives SecurityID, price and side
 *   entry type J (in 46 or 47)         the instrument's order book is cleared (CLEAR record)
 *   53 SnapshotFullRefreshOrderBook    NoChunks packets per instrument, chunk 1 first; LastMsgSeqNumProcessed
 * </pre>
 * 47 has no RptSeq, so an order entry is applied when its packet's MsgSeqNum is after the book's
 * {@code appliedThroughSeqNum} (the 53's LastMsgSeqNumProcessed after a recovery): a queued packet replayed after a
 * snapshot applies exactly the order events the snapshot does not hold. Order entries of an instrument that is not
 * LIVE are skipped (the snapshot will bring them), as its MBP entries are.
 * <p>
 * Tolerance, counted and never thrown: a delete of an unknown order (no record), a full book (the order is refused,
 * {@link OrderBook#overflows()}), a ReferenceID outside the message, entry types or actions without an order meaning,
 * a 53 chunk out of order (the assembly restarts at the next chunk 1). No allocation.
 */
final class OrderBookUpdater
{
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final short UINT8_NULL = 255;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;
    private static final long NULL_PRICE = OrderBook.NULL_PRICE;
    private static final short END_OF_EVENT = 0x80;
    private static final int NO_SECURITY = Integer.MIN_VALUE;

    // MDIncrementalRefreshBook46 NoMDEntries layout: group header blockLength u16, numInGroup u8
    private static final int MD_GROUP_HEADER = 3;
    private static final int MD_PRICE_OFFSET = 0;
    private static final int MD_SECURITY_ID_OFFSET = 12;
    private static final int MD_ENTRY_TYPE_OFFSET = 26;
    private static final int MD_MIN_ENTRY_LENGTH = MD_ENTRY_TYPE_OFFSET + 1;

    private final InstrumentDirectory instruments;
    private final RptSeqGate gate;
    private final boolean hasSnapshotLine;
    private final ChannelListener listener;
    private final PacketInfo packetInfo;

    private int snapshotLoop;
    private int loopFirstSecurityId = NO_SECURITY;
    private long loopMessages;
    private long loopMinSeqNum = Long.MAX_VALUE;

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
     * @param options     whether the channel has a snapshot line.
     * @param listener    receives the records to publish.
     * @param packetInfo  of the packet being decoded.
     */
    OrderBookUpdater(
        final InstrumentDirectory instruments,
        final RptSeqGate gate,
        final ChannelOptions options,
        final ChannelListener listener,
        final PacketInfo packetInfo)
    {
        this.instruments = instruments;
        this.gate = gate;
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

    /**
     * Apply a standalone order message.
     *
     * @param decoder of the message.
     * @return the instrument of the last record published for it, or null when it published none; then
     * {@link #lastRecordEndsEvent()} tells whether that record closed the match event.
     */
    Instrument onOrderBook47(final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
        lastPublished = null;
        lastPublishedEndsEvent = false;
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final boolean eventEnds = (matchEventIndicator & END_OF_EVENT) != 0;
        final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int count = entries.count();
        for (int i = 0; i < count; i++)
        {
            final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entry = entries.next();
            final Instrument instrument = gate.entryInstrument(entry.securityID());
            if (instrument == null || !accept(instrument))
            {
                continue;
            }
            final boolean endOfEvent = eventEnds && i == count - 1;
            final byte entryType = entry.mDEntryTypeRaw();
            if (entryType == 'J')
            {
                clear(instrument, endOfEvent, matchEventIndicator);
                continue;
            }
            final int displayQty = entry.mDDisplayQty();
            apply(instrument, entryType, entry.mDUpdateActionRaw(), entry.orderID(), entry.mDOrderPriority(),
                entry.mDEntryPx().mantissa(), displayQty == INT32_NULL ? 0 : displayQty, endOfEvent,
                matchEventIndicator);
        }
        return lastPublished;
    }

    /**
     * The OrderID group of a 46 whose MD entries the channel has just walked.
     *
     * @param decoder       positioned at the OrderID group.
     * @param entriesOffset offset of the NoMDEntries group header in the decoder's buffer.
     */
    void onBook46(final MDIncrementalRefreshBook46Decoder decoder, final int entriesOffset)
    {
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final DirectBuffer buffer = decoder.buffer();
        final int entryLength = buffer.getShort(entriesOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int entryCount = buffer.getByte(entriesOffset + 2) & 0xFF;
        final int firstEntry = entriesOffset + MD_GROUP_HEADER;
        if (entryLength < MD_MIN_ENTRY_LENGTH)
        {
            ignoredEntries++;
            return;
        }

        for (int i = 0; i < entryCount; i++)
        {
            final int entryOffset = firstEntry + i * entryLength;
            if (buffer.getByte(entryOffset + MD_ENTRY_TYPE_OFFSET) == 'J')
            {
                final Instrument instrument = gate.entryInstrument(
                    buffer.getInt(entryOffset + MD_SECURITY_ID_OFFSET, ByteOrder.LITTLE_ENDIAN));
                if (instrument != null && accept(instrument))
                {
                    clear(instrument, false, matchEventIndicator);
                }
            }
        }

        for (final MDIncrementalRefreshBook46Decoder.NoOrderIDEntriesDecoder order : decoder.noOrderIDEntries())
        {
            final short reference = order.referenceID();
            if (reference == UINT8_NULL || reference < 1 || reference > entryCount)
            {
                badReferences++;
                continue;
            }
            final int entryOffset = firstEntry + (reference - 1) * entryLength;
            final Instrument instrument = gate.entryInstrument(
                buffer.getInt(entryOffset + MD_SECURITY_ID_OFFSET, ByteOrder.LITTLE_ENDIAN));
            if (instrument == null || !accept(instrument))
            {
                continue;
            }
            final int displayQty = order.mDDisplayQty();
            apply(instrument, buffer.getByte(entryOffset + MD_ENTRY_TYPE_OFFSET), order.orderUpdateActionRaw(),
                order.orderID(), order.mDOrderPriority(),
                buffer.getLong(entryOffset + MD_PRICE_OFFSET, ByteOrder.LITTLE_ENDIAN),
                displayQty == INT32_NULL ? 0 : displayQty, false, matchEventIndicator);
        }
    }

    private void apply(
        final Instrument instrument,
        final byte entryType,
        final short action,
        final long orderId,
        final long priority,
        final long price,
        final long displayQty,
        final boolean endOfEvent,
        final short matchEventIndicator)
    {
        final boolean bid;
        if (entryType == '0')
        {
            bid = true;
        }
        else if (entryType == '1')
        {
            bid = false;
        }
        else
        {
            ignoredEntries++;
            return;
        }
        final OrderBook book = instrument.orderState().book;
        final OrderAction orderAction;
        long publishedPrice = price;
        long publishedQty = displayQty;
        long publishedPriority = priority;
        switch (action)
        {
            case 0, 1 ->
            {
                if (book.add(orderId, bid, price, displayQty, priority) == OrderBook.OVERFLOW)
                {
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
     * One SnapshotFullRefreshOrderBook53 message while the channel recovers.
     *
     * @param decoder wrapped on the message.
     * @param ready   told of the instruments absent from a whole loop (their snapshot is empty), as the loop ends.
     * @return the instrument whose snapshot is now complete (every chunk in), or null.
     */
    Instrument onSnapshot53(final SnapshotFullRefreshOrderBook53Decoder decoder, final OrderSnapshotListener ready)
    {
        final int securityId = decoder.securityID();
        final long lastMsgSeqNumProcessed = decoder.lastMsgSeqNumProcessed();
        final long totNumReports = decoder.totNumReports();
        final long chunks = decoder.noChunks();
        final long chunk = decoder.currentChunk();
        snapshotChunks++;

        final boolean firstChunk = chunk <= 1;
        if (firstChunk)
        {
            onLoopMessage(securityId, lastMsgSeqNumProcessed, ready);
        }

        final Instrument instrument = instruments.instrumentFor(securityId);
        final OrderBookState state = instrument == null ? null : instrument.orderState();
        Instrument completed = null;
        if (state != null && !instrument.isLive())
        {
            final OrderBook book = state.book;
            boolean usable = true;
            if (firstChunk)
            {
                book.clear();
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

            if (usable)
            {
                for (final SnapshotFullRefreshOrderBook53Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
                {
                    final byte entryType = entry.mDEntryTypeRaw();
                    if (entryType == '0' || entryType == '1')
                    {
                        book.add(entry.orderID(), entryType == '0', entry.mDEntryPx().mantissa(),
                            entry.mDDisplayQty(), entry.mDOrderPriority());
                    }
                    else
                    {
                        ignoredEntries++;
                    }
                }
                if (chunk >= chunks || chunks == UINT32_NULL)
                {
                    state.snapshotChunk = 0;
                    state.snapshotReady = true;
                    state.appliedThroughSeqNum = lastMsgSeqNumProcessed;
                    completed = instrument;
                }
            }
        }

        if (firstChunk)
        {
            loopMessages++;
            if (totNumReports > 0 && totNumReports != UINT32_NULL && loopMessages >= totNumReports)
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

    /**
     * @return whether the last record published by {@link #onOrderBook47} carried EndOfEvent.
     */
    boolean lastRecordEndsEvent()
    {
        return lastPublishedEndsEvent;
    }

    private void published(final Instrument instrument, final boolean endOfEvent)
    {
        lastPublished = instrument;
        lastPublishedEndsEvent = endOfEvent;
    }
}
