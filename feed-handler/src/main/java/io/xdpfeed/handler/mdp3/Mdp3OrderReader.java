package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.handler.protocol.OrderSink;
import io.xdpfeed.handler.protocol.SnapshotSink;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads the market-by-order messages of MDP 3.0 and hands their orders to the channel's {@link OrderSink} (and, for
 * the snapshot line, its {@link SnapshotSink}):
 * <pre>
 *   47 MDIncrementalRefreshOrderBook   one order per entry: OrderID, priority, price, DisplayQty, side, action
 *   46 MDIncrementalRefreshBook        its NoOrderIDEntries group: OrderID, priority, DisplayQty, action, and a
 *                                      ReferenceID (1-based) to the MD entry that gives SecurityID, price and side
 *   entry type J (in 46 or 47)         the instrument's order book is cleared
 *   53 SnapshotFullRefreshOrderBook    NoChunks packets per instrument, chunk 1 first; LastMsgSeqNumProcessed
 * </pre>
 * Entry type '0' is a bid, '1' an ask, others have no order meaning; null DisplayQty is 0, null counts are 0.
 * One thread; no allocation.
 */
final class Mdp3OrderReader
{
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final short UINT8_NULL = 255;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;
    private static final short END_OF_EVENT = 0x80;

    // MDIncrementalRefreshBook46 NoMDEntries layout: group header blockLength u16, numInGroup u8
    private static final int MD_GROUP_HEADER = 3;
    private static final int MD_PRICE_OFFSET = 0;
    private static final int MD_SECURITY_ID_OFFSET = 12;
    private static final int MD_ENTRY_TYPE_OFFSET = 26;
    private static final int MD_MIN_ENTRY_LENGTH = MD_ENTRY_TYPE_OFFSET + 1;

    private final OrderSink orders;
    private final SnapshotSink snapshots;

    /**
     * @param orders    the channel's market-by-order sink.
     * @param snapshots the channel's snapshot sink (53 chunks).
     */
    Mdp3OrderReader(final OrderSink orders, final SnapshotSink snapshots)
    {
        this.orders = orders;
        this.snapshots = snapshots;
    }

    /**
     * A standalone order message: each entry, then the match event.
     *
     * @param decoder of the message.
     */
    void orderBook47(final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
        orders.startMessage();
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final boolean eventEnds = (matchEventIndicator & END_OF_EVENT) != 0;
        final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int count = entries.count();
        for (int i = 0; i < count; i++)
        {
            final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entry = entries.next();
            final boolean endOfEvent = eventEnds && i == count - 1;
            final byte entryType = entry.mDEntryTypeRaw();
            if (entryType == 'J')
            {
                orders.clear(entry.securityID(), endOfEvent, matchEventIndicator);
                continue;
            }
            final int displayQty = entry.mDDisplayQty();
            orders.order(entry.securityID(), side(entryType), entry.mDUpdateActionRaw(), entry.orderID(),
                entry.mDOrderPriority(), entry.mDEntryPx().mantissa(), displayQty == INT32_NULL ? 0 : displayQty,
                endOfEvent, matchEventIndicator);
        }
        orders.endMessage(matchEventIndicator, eventEnds);
    }

    /**
     * The OrderID group of a 46 whose MD entries the channel has just walked: the clears of its 'J' entries first,
     * then each order with the side, price and instrument of the MD entry it references.
     *
     * @param decoder       positioned at the OrderID group.
     * @param entriesOffset offset of the NoMDEntries group header in the decoder's buffer.
     */
    void book46(final MDIncrementalRefreshBook46Decoder decoder, final int entriesOffset)
    {
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final DirectBuffer buffer = decoder.buffer();
        final int entryLength = buffer.getShort(entriesOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int entryCount = buffer.getByte(entriesOffset + 2) & 0xFF;
        final int firstEntry = entriesOffset + MD_GROUP_HEADER;
        if (entryLength < MD_MIN_ENTRY_LENGTH)
        {
            orders.ignoredEntry();
            return;
        }

        for (int i = 0; i < entryCount; i++)
        {
            final int entryOffset = firstEntry + i * entryLength;
            if (buffer.getByte(entryOffset + MD_ENTRY_TYPE_OFFSET) == 'J')
            {
                orders.clear(buffer.getInt(entryOffset + MD_SECURITY_ID_OFFSET, ByteOrder.LITTLE_ENDIAN), false,
                    matchEventIndicator);
            }
        }

        for (final MDIncrementalRefreshBook46Decoder.NoOrderIDEntriesDecoder order : decoder.noOrderIDEntries())
        {
            final short reference = order.referenceID();
            if (reference == UINT8_NULL || reference < 1 || reference > entryCount)
            {
                orders.badReference();
                continue;
            }
            final int entryOffset = firstEntry + (reference - 1) * entryLength;
            final int displayQty = order.mDDisplayQty();
            orders.order(buffer.getInt(entryOffset + MD_SECURITY_ID_OFFSET, ByteOrder.LITTLE_ENDIAN),
                side(buffer.getByte(entryOffset + MD_ENTRY_TYPE_OFFSET)), order.orderUpdateActionRaw(),
                order.orderID(), order.mDOrderPriority(),
                buffer.getLong(entryOffset + MD_PRICE_OFFSET, ByteOrder.LITTLE_ENDIAN),
                displayQty == INT32_NULL ? 0 : displayQty, false, matchEventIndicator);
        }
    }

    /**
     * One SnapshotFullRefreshOrderBook53 message of the snapshot line.
     *
     * @param decoder wrapped on the message.
     */
    void snapshot53(final SnapshotFullRefreshOrderBook53Decoder decoder)
    {
        final long chunks = decoder.noChunks();
        final long totNumReports = decoder.totNumReports();
        if (snapshots.orderSnapshotBegin(decoder.securityID(), decoder.lastMsgSeqNumProcessed(),
            chunks == UINT32_NULL ? 0 : chunks, decoder.currentChunk()))
        {
            for (final SnapshotFullRefreshOrderBook53Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
            {
                snapshots.snapshotOrder(side(entry.mDEntryTypeRaw()), entry.orderID(), entry.mDEntryPx().mantissa(),
                    entry.mDDisplayQty(), entry.mDOrderPriority());
            }
        }
        snapshots.orderSnapshotEnd(totNumReports == UINT32_NULL ? 0 : totNumReports);
    }

    private static int side(final byte entryType)
    {
        return entryType == '0' ? OrderSink.BID : (entryType == '1' ? OrderSink.ASK : OrderSink.NO_SIDE);
    }
}
