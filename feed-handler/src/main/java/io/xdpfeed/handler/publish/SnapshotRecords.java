package io.xdpfeed.handler.publish;

import io.xdpfeed.codecs.md.BookSnapshotEncoder;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.OrderBookSnapshotEncoder;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.codecs.md.SnapshotCompleteEncoder;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.OrderBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.channel.Instrument;

/**
 * The whole-book records of the {@link MarketDataProxy}: BookSnapshot and OrderBookSnapshot (after a recovery, in
 * late-join answers, unsolicited every snapshot interval) and SnapshotComplete, which closes a late-join answer.
 * Written through the proxy's {@link RecordClaim}, so they share its record sequence and drop policy. One thread; no
 * allocation.
 */
final class SnapshotRecords
{
    private final RecordClaim claim;
    private final int ordersPerChunk;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BookSnapshotEncoder bookSnapshot = new BookSnapshotEncoder();
    private final OrderBookSnapshotEncoder orderBookSnapshot = new OrderBookSnapshotEncoder();
    private final SnapshotCompleteEncoder snapshotComplete = new SnapshotCompleteEncoder();

    SnapshotRecords(final RecordClaim claim, final int ordersPerChunk)
    {
        this.claim = claim;
        this.ordersPerChunk = ordersPerChunk;
    }

    /**
     * Write the whole book of an instrument: outright bids, outright asks, implied bids, implied asks, each by
     * level, present levels only.
     *
     * @param instrument             whose book.
     * @param requestId              SnapshotRequest answered, 0 when unsolicited.
     * @param lastMsgSeqNumProcessed last incremental MsgSeqNum in the book.
     * @param msgSeqNum              MsgSeqNum of the packet that caused it, 0 when none.
     * @param sendingTimeNs          SendingTime of that packet, 0 when none.
     * @param receiveTimeNs          receive time of that packet, 0 when none.
     */
    void bookSnapshot(
        final Instrument instrument,
        final long requestId,
        final long lastMsgSeqNumProcessed,
        final long msgSeqNum,
        final long sendingTimeNs,
        final long receiveTimeNs)
    {
        final MbpBook book = instrument.book();
        final int count = book.presentLevels();
        final int length = MarketDataProxy.bookSnapshotLength(count);
        if (!claim.begin(length))
        {
            return;
        }
        final BookSnapshotEncoder.LevelsEncoder levels = RecordHead.begin(claim, bookSnapshot,
            instrument.channelId(), instrument.securityId(), sendingTimeNs, receiveTimeNs, msgSeqNum)
            .requestId(requestId).feedStatus(instrument.feedStatus()).rptSeq(instrument.rptSeq())
            .lastMsgSeqNumProcessed(lastMsgSeqNumProcessed)
            .levelsCount(count);
        putLevels(levels, book.bids(), Side.BID, LevelType.OUTRIGHT);
        putLevels(levels, book.asks(), Side.ASK, LevelType.OUTRIGHT);
        putLevels(levels, book.impliedBids(), Side.BID, LevelType.IMPLIED);
        putLevels(levels, book.impliedAsks(), Side.ASK, LevelType.IMPLIED);
        claim.commit(length);
    }

    private static void putLevels(
        final BookSnapshotEncoder.LevelsEncoder levels,
        final PriceLevels side,
        final Side sideValue,
        final LevelType levelType)
    {
        for (int level = 1, count = side.count(); level <= count; level++)
        {
            if (side.isPresent(level))
            {
                levels.next().side(sideValue).levelType(levelType).level((short)level).price(side.price(level))
                    .size(side.size(level)).orderCount(side.orderCount(level));
            }
        }
    }

    /**
     * Write the whole market-by-order book of an instrument as consecutive OrderBookSnapshot chunks of at most
     * {@link MarketDataProxy#ordersPerChunk()} orders each (one claim per chunk); an empty book is one chunk without
     * orders.
     * Nothing when the instrument keeps no order book.
     *
     * @param instrument             whose book.
     * @param requestId              SnapshotRequest answered, 0 when unsolicited.
     * @param lastMsgSeqNumProcessed last incremental MsgSeqNum in the book.
     * @param msgSeqNum              MsgSeqNum of the packet that caused it, 0 when none.
     * @param sendingTimeNs          SendingTime of that packet, 0 when none.
     * @param receiveTimeNs          receive time of that packet, 0 when none.
     * @return chunks written (published or dropped).
     */
    int orderBookSnapshot(
        final Instrument instrument,
        final long requestId,
        final long lastMsgSeqNumProcessed,
        final long msgSeqNum,
        final long sendingTimeNs,
        final long receiveTimeNs)
    {
        final OrderBook book = instrument.orderBook();
        if (book == null)
        {
            return 0;
        }
        final int total = book.orderCount();
        final int perChunk = ordersPerChunk;
        final int chunks = Math.max(1, (total + perChunk - 1) / perChunk);
        int index = 0;
        for (int chunk = 1; chunk <= chunks; chunk++)
        {
            final int count = Math.min(perChunk, total - index);
            final int length = MarketDataProxy.orderBookSnapshotLength(count);
            if (claim.begin(length))
            {
                final OrderBookSnapshotEncoder.OrdersEncoder orders = RecordHead.begin(claim, orderBookSnapshot,
                    instrument.channelId(), instrument.securityId(), sendingTimeNs, receiveTimeNs, msgSeqNum)
                    .requestId(requestId).feedStatus(instrument.feedStatus())
                    .lastMsgSeqNumProcessed(lastMsgSeqNumProcessed).chunk(chunk).chunks(chunks).totalOrders(total)
                    .ordersCount(count);
                for (int i = index, end = index + count; i < end; i++)
                {
                    orders.next().side(book.isBidAt(i) ? Side.BID : Side.ASK).orderId(book.orderIdAt(i))
                        .orderPriority(book.priorityAt(i)).price(book.priceAt(i)).displayQty(book.sizeAt(i));
                }
                claim.commit(length);
            }
            index += count;
        }
        return chunks;
    }

    /**
     * Close the answer to a SnapshotRequest. Takes no record sequence number.
     *
     * @param requestId     the request.
     * @param channelId     its channel.
     * @param lastRecordSeq recordSeq of the last record before the answer (the snapshots include it).
     * @param instruments   BookSnapshot records sent.
     * @return true when it was published.
     */
    boolean snapshotComplete(
        final long requestId, final int channelId, final long lastRecordSeq, final int instruments)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotCompleteEncoder.BLOCK_LENGTH;
        if (claim.beginControl(length))
        {
            snapshotComplete.wrapAndApplyHeader(claim.controlBuffer(), claim.controlOffset(), header)
                .requestId(requestId).channelId(channelId).lastRecordSeq(lastRecordSeq).instruments(instruments);
            claim.commitControl();
            return true;
        }
        return false;
    }
}
