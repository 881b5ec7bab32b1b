package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.PriceLevels;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * The MBP book path of a channel: applies the entries of MDIncrementalRefreshBook 46 (and the legacy 32) to the
 * instruments' books, records what changed, and hands one {@link BookChanges} per instrument to the
 * {@link ChannelListener} at the end of the message.
 * <p>
 * Template 46 is the hot path, so its entries are read at the fixed offsets of the schema straight from the buffer,
 * one bounds check per message instead of one per field: the packet was validated by
 * {@code Mdp3Framing.validate} (every entry lies inside the message and is at least 27 bytes), and the check here
 * repeats the part that makes the reads safe, falling back to the SBE decoder when it fails. Instrument lookup,
 * RptSeq checks and the stale/replay rules are the {@link RptSeqGate}'s. Changes are recorded as primitives (side,
 * level type and action as their normalized schema values, the instrument as its index). One thread; no allocation.
 */
final class MbpBookUpdater
{
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final int GROUP_HEADER_46 = MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.HEADER_SIZE;
    private static final int MIN_ENTRY_46 = 27;
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final long NULL_PRICE = PriceLevels.NULL_PRICE;
    private static final int LEGACY_PRICE_FACTOR = 100;
    private static final short END_OF_EVENT = 0x80;

    /** Normalized schema values (io.xdpfeed.codecs.md Side, LevelType, BookAction). */
    static final int BID = 0;
    static final int ASK = 1;
    static final int OUTRIGHT = 0;
    static final int IMPLIED = 1;
    static final int NEW = 0;
    static final int CHANGE = 1;
    static final int DELETE = 2;
    static final int DELETE_THRU = 3;
    static final int DELETE_FROM = 4;
    static final int OVERLAY = 5;
    static final int CLEAR = 6;

    private final RptSeqGate gate;
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
     * @param listener   receives the BookUpdates.
     * @param packetInfo of the packet being decoded.
     */
    MbpBookUpdater(final RptSeqGate gate, final ChannelListener listener, final PacketInfo packetInfo)
    {
        this.gate = gate;
        this.listener = listener;
        this.packetInfo = packetInfo;
    }

    /**
     * Start a book message: what {@link #endMessage} publishes is reset.
     *
     * @param live true for the sequenced stream (changes are published), false for a replay.
     */
    void startMessage(final boolean live)
    {
        this.live = live;
        messageStamp++;
        dirtyCount = 0;
        messageChanges.reset();
    }

    /**
     * Apply the entries of a template 46 message.
     *
     * @param decoder wrapped on the message, no group read yet (its limit is the NoMDEntries group header); on return
     *                its limit is past the NoMDEntries group, as after iterating it.
     */
    void applyBook46(final MDIncrementalRefreshBook46Decoder decoder)
    {
        final DirectBuffer buffer = decoder.buffer();
        final int groupStart = decoder.limit();
        final int entryLength = buffer.getShort(groupStart, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = buffer.getByte(groupStart + 2) & 0xFF;
        final int first = groupStart + GROUP_HEADER_46;
        if (NATIVE_LITTLE_ENDIAN && entryLength >= MIN_ENTRY_46 &&
            (long)first + (long)entryLength * count <= buffer.capacity())
        {
            final byte[] array = buffer.byteArray();
            final long address = buffer.addressOffset();
            for (int i = 0, position = first; i < count; i++, position += entryLength)
            {
                final long entry = address + position;
                onEntry(
                    UnsafeApi.getInt(array, entry + 12),
                    UnsafeApi.getInt(array, entry + 16) & 0xFFFF_FFFFL,
                    UnsafeApi.getByte(array, entry + 25) & 0xFF,
                    UnsafeApi.getByte(array, entry + 26),
                    UnsafeApi.getByte(array, entry + 24) & 0xFF,
                    UnsafeApi.getLong(array, entry),
                    UnsafeApi.getInt(array, entry + 8),
                    UnsafeApi.getInt(array, entry + 20),
                    1);
            }
            // leave the decoder where its group iterator would have: the OrderID group is read after this one
            decoder.limit(first + entryLength * count);
        }
        else
        {
            for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
            {
                onEntry(entry.securityID(), entry.rptSeq(), entry.mDUpdateActionRaw(), entry.mDEntryTypeRaw(),
                    entry.mDPriceLevel(), entry.mDEntryPx().mantissa(), entry.mDEntrySize(), entry.numberOfOrders(),
                    1);
            }
        }
    }

    /**
     * Apply the entries of a legacy template 32 message (prices with 7 decimals, scaled to 9).
     *
     * @param decoder wrapped on the message.
     */
    void applyBook32(final MDIncrementalRefreshBook32Decoder decoder)
    {
        for (final MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            onEntry(entry.securityID(), entry.rptSeq(), entry.mDUpdateActionRaw(), entry.mDEntryTypeRaw(),
                entry.mDPriceLevel(), entry.mDEntryPx().mantissa(), entry.mDEntrySize(), entry.numberOfOrders(),
                LEGACY_PRICE_FACTOR);
        }
    }

    private void onEntry(
        final int securityId,
        final long rptSeq,
        final int action,
        final byte entryType,
        final int level,
        final long price,
        final int size,
        final int orderCount,
        final int priceFactor)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument == null || !gate.accept(instrument, rptSeq))
        {
            return;
        }

        final int side;
        final int levelType;
        switch (entryType)
        {
            case '0' ->
            {
                side = BID;
                levelType = OUTRIGHT;
            }
            case '1' ->
            {
                side = ASK;
                levelType = OUTRIGHT;
            }
            case 'E' ->
            {
                side = BID;
                levelType = IMPLIED;
            }
            case 'F' ->
            {
                side = ASK;
                levelType = IMPLIED;
            }
            case 'J' ->
            {
                clearBook(instrument);
                return;
            }
            default ->
            {
                ignoredEntries++;
                return;
            }
        }

        final MbpBook book = instrument.book();
        final PriceLevels levels = levelType == OUTRIGHT ?
            (side == BID ? book.bids() : book.asks()) : (side == BID ? book.impliedBids() : book.impliedAsks());
        long px = price == NULL_PRICE ? NULL_PRICE : price * priceFactor;
        long qty = size == INT32_NULL ? 0 : size;
        int orders = orderCount == INT32_NULL ? 0 : orderCount;
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

    /**
     * DeleteThru, DeleteFrom, Overlay and unknown actions, off the common path.
     *
     * @return false when the level was out of depth (counted by the caller).
     */
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
     * change, EndOfEvent on the last one only.
     *
     * @param matchEventIndicator of the message.
     * @return the instrument of the last record published, or null when nothing was published.
     */
    Instrument endMessage(final short matchEventIndicator)
    {
        final int dirtyCount = this.dirtyCount;
        if (!live || dirtyCount == 0)
        {
            return null;
        }
        final Instrument last = dirty[dirtyCount - 1];
        final boolean endOfEvent = (matchEventIndicator & END_OF_EVENT) != 0;
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
