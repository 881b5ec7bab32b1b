package io.xdpfeed.handler.publish;

import io.aeron.Publication;
import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.AuctionImbalanceEncoder;
import io.xdpfeed.codecs.md.BookSnapshotEncoder;
import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.BooleanType;
import io.xdpfeed.codecs.md.ChannelStatusEncoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.GroupSizeEncodingEncoder;
import io.xdpfeed.codecs.md.HeartbeatEncoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionEncoder;
import io.xdpfeed.codecs.md.InstrumentStatusEncoder;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.OrderBookSnapshotEncoder;
import io.xdpfeed.codecs.md.OrderUpdateEncoder;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.codecs.md.TradeCancelEncoder;
import io.xdpfeed.codecs.md.TradeEncoder;
import io.xdpfeed.codecs.md.VolumeEncoder;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.BookUpdateStage;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.counters.CounterAllocator;
import io.xdpfeed.handler.counters.HeapCounterAllocator;
import io.xdpfeed.handler.protocol.AuctionImbalance;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.sbe.MessageEncoderFlyweight;

import java.nio.ByteOrder;

/**
 * Writes the normalized market-data records (schema {@code market-data.xml}) to one Aeron publication.
 * <p>
 * Records per packet: between {@link #onPacketStart()} and {@link #onPacketEnd()} (the engine's calls around one
 * datagram) each record is sized exactly, encoded into a staging buffer, and the datagram's records go out at the
 * end as one RecordBatch message: one offer and one frame per packet instead of one {@link Publication#tryClaim}
 * and commit per record, which cost ~100 ns each on real traffic (6.3 records per v9.1 packet). A lone record goes
 * without the batch header, records that would take a batch past the publication's max payload start the next batch,
 * and a record that does not fit in one frame at all goes alone (see {@code RecordClaim}). Outside a packet (timers,
 * snapshot answers, heartbeats) each record is claimed, encoded in place and committed at once, as before; a record
 * longer than the max payload (a BookUpdate of more than ~55 levels, a deep BookSnapshot) is encoded into a scratch
 * buffer and offered instead, which Aeron fragments.
 * <p>
 * Every data record takes the next record sequence number, published or not: back-pressure, no subscriber or a
 * closed publication never block the caller, they are counted per record (a dropped batch counts all its records)
 * and the subscriber sees a gap in {@code recordSeq}. {@link #snapshotComplete} is a control message without a
 * common block and takes no number. One thread; no allocation.
 * <p>
 * Split by job: this class encodes the live records (definitions, book and order updates, trades, volume,
 * statuses, heartbeats); {@code StagedBookUpdate} the BookUpdates the book path writes level by level into the
 * staged records ({@link #bookUpdateStage()}); {@code SnapshotRecords} the whole-book records and late-join
 * answers; {@code RecordClaim} claims, batches, stamps publishTimeNs, commits and applies the drop policy, and
 * writes the publisher's counters in place.
 */
public final class MarketDataProxy implements ChannelListener
{
    private static final int HEADER = RecordHead.HEADER;
    private static final int GROUP_HEADER = GroupSizeEncodingEncoder.ENCODED_LENGTH;
    private static final int LEVEL_LENGTH = BookUpdateEncoder.LevelsEncoder.sbeBlockLength();
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final int NULL_SECURITY_ID = BookUpdateEncoder.securityIdNullValue();

    /** How long the records of one snapshot answer may wait for back-pressure to clear: 5 ms. */
    public static final long DEFAULT_ANSWER_TIMEOUT_NS = 5_000_000L;

    private final RecordClaim claim;
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final BookUpdateEncoder bookUpdate = new BookUpdateEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final TradeCancelEncoder tradeCancel = new TradeCancelEncoder();
    private final AuctionImbalanceEncoder auctionImbalance = new AuctionImbalanceEncoder();
    private final InstrumentStatusEncoder instrumentStatus = new InstrumentStatusEncoder();
    private final ChannelStatusEncoder channelStatus = new ChannelStatusEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final VolumeEncoder volume = new VolumeEncoder();
    private final OrderUpdateEncoder orderUpdate = new OrderUpdateEncoder();
    private final int ordersPerChunk;
    private final SnapshotRecords snapshots;
    private final StagedBookUpdate staged;

    /**
     * A publisher whose counters are on the heap (tests, benchmarks, tools without a media driver's counters).
     *
     * @param publication the market-data stream.
     * @param clock       epoch ns clock for publishTimeNs.
     */
    public MarketDataProxy(final Publication publication, final EpochNanoClock clock)
    {
        this(publication, clock, new HeapCounterAllocator());
    }

    private MarketDataProxy(final Publication publication, final EpochNanoClock clock, final CounterAllocator heap)
    {
        this(publication, clock, heap.allocate(0, CounterAllocator.NO_CHANNEL, "records published"),
            heap.allocate(0, CounterAllocator.NO_CHANNEL, "back-pressure drops"),
            heap.allocate(0, CounterAllocator.NO_CHANNEL, "not-connected drops"));
    }

    /**
     * @param publication   the market-data stream.
     * @param clock         epoch ns clock for publishTimeNs.
     * @param published     records committed: written here, in place.
     * @param backPressured records dropped because subscribers were behind.
     * @param notConnected  records dropped because no subscriber was connected.
     */
    public MarketDataProxy(
        final Publication publication,
        final EpochNanoClock clock,
        final AtomicCounter published,
        final AtomicCounter backPressured,
        final AtomicCounter notConnected)
    {
        this.claim = new RecordClaim(publication, clock, published, backPressured, notConnected);
        this.ordersPerChunk = Math.max(1, (claim.maxPayloadLength() - orderBookSnapshotLength(0)) /
            OrderBookSnapshotEncoder.OrdersEncoder.sbeBlockLength());
        this.snapshots = new SnapshotRecords(claim, ordersPerChunk);
        this.staged = new StagedBookUpdate(claim);
        claim.stage(staged);
    }

    /**
     * Length of an OrderBookSnapshot chunk with its message header.
     *
     * @param orders orders in the chunk.
     * @return bytes.
     */
    public static int orderBookSnapshotLength(final int orders)
    {
        return HEADER + OrderBookSnapshotEncoder.BLOCK_LENGTH + GROUP_HEADER +
            orders * OrderBookSnapshotEncoder.OrdersEncoder.sbeBlockLength();
    }

    /**
     * @return orders per OrderBookSnapshot chunk: as many as fit in one claim of the publication.
     */
    public int ordersPerChunk()
    {
        return ordersPerChunk;
    }

    /**
     * Length of a BookUpdate record with its message header.
     *
     * @param levels changed levels.
     * @return bytes.
     */
    public static int bookUpdateLength(final int levels)
    {
        return HEADER + BookUpdateEncoder.BLOCK_LENGTH + GROUP_HEADER +
            levels * BookUpdateEncoder.LevelsEncoder.sbeBlockLength();
    }

    /**
     * Length of a BookSnapshot record with its message header.
     *
     * @param levels levels in the book.
     * @return bytes.
     */
    public static int bookSnapshotLength(final int levels)
    {
        return HEADER + BookSnapshotEncoder.BLOCK_LENGTH + GROUP_HEADER +
            levels * BookSnapshotEncoder.LevelsEncoder.sbeBlockLength();
    }

    /**
     * Start a snapshot answer: until {@link #endAnswer()}, records wait up to {@link #answerTimeoutNs(long)} in total
     * for back-pressure to clear instead of being dropped at once. Bounded, so the receive thread is never held
     * long; records that still cannot go are dropped and counted as usual.
     */
    public void beginAnswer()
    {
        claim.beginAnswer();
    }

    /**
     * End a snapshot answer: back to dropping at once on back-pressure.
     */
    public void endAnswer()
    {
        claim.endAnswer();
    }

    /**
     * @param timeoutNs how long the records of one snapshot answer may wait for back-pressure in total.
     * @return this.
     */
    public MarketDataProxy answerTimeoutNs(final long timeoutNs)
    {
        claim.answerTimeoutNs(timeoutNs);
        return this;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Stage the datagram's records from here on.
     */
    public void onPacketStart()
    {
        claim.beginPacket();
    }

    /**
     * {@inheritDoc}
     * <p>
     * Publish the datagram's records: one RecordBatch (or one record alone).
     */
    public void onPacketEnd()
    {
        claim.endPacket();
    }

    /**
     * {@inheritDoc}
     * <p>
     * Publish the datagram's records stamped with the time given.
     */
    public void onPacketEnd(final long publishTimeNs)
    {
        claim.endPacket(publishTimeNs);
    }

    /**
     * {@inheritDoc}
     * <p>
     * The fused BookUpdate: written level by level into the datagram's staged records ({@code StagedBookUpdate}).
     */
    public BookUpdateStage bookUpdateStage()
    {
        return staged;
    }

    /**
     * The claimed record's head written (message header and common block, {@link RecordHead}) and its encoder wrapped
     * at the body, for the record's own fields.
     */
    private <E extends MessageEncoderFlyweight> E head(
        final E encoder, final Instrument instrument, final PacketInfo packet)
    {
        return RecordHead.begin(claim, encoder, instrument.channelId(), instrument.securityId(),
            packet.sendingTimeNs(), packet.receiveTimeNs(), packet.msgSeqNum());
    }

    private static BooleanType bool(final boolean value)
    {
        return value ? BooleanType.TRUE : BooleanType.FALSE;
    }

    @Override
    public void onInstrumentDefinition(final Instrument instrument, final PacketInfo packet)
    {
        final int length = HEADER + InstrumentDefinitionEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        head(definition, instrument, packet)
            .putSymbol(instrument.symbolBytes(), 0)
            .putSecurityGroup(instrument.securityGroupBytes(), 0)
            .putAsset(instrument.assetBytes(), 0)
            .minPriceIncrement(instrument.minPriceIncrement())
            .displayFactor(instrument.displayFactor())
            .marketDepth((short)instrument.depth())
            .impliedMarketDepth((short)instrument.impliedDepth())
            .tradingStatus(instrument.tradingStatus())
            .feedStatus(instrument.feedStatus());
        claim.commit(length);
    }

    @Override
    public void onBookUpdate(
        final Instrument instrument,
        final BookChanges changes,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        final int count = changes.count();
        final int length = bookUpdateLength(count);
        if (!claim.begin(length))
        {
            return;
        }
        if (NATIVE_LITTLE_ENDIAN)
        {
            putBookUpdate(instrument, changes, endOfEvent, matchEventIndicator, packet, count, length);
        }
        else
        {
            final BookUpdateEncoder.LevelsEncoder levels = head(bookUpdate, instrument, packet)
                .endOfEvent(bool(endOfEvent)).matchEventIndicator(matchEventIndicator).rptSeq(changes.rptSeq())
                .levelsCount(count);
            for (int i = 0; i < count; i++)
            {
                levels.next().side(changes.side(i)).levelType(changes.levelType(i)).action(changes.action(i))
                    .level((short)changes.level(i)).price(changes.price(i)).size(changes.size(i))
                    .orderCount(changes.orderCount(i));
            }
        }
        claim.commit(length);
    }

    /**
     * The BookUpdate record written field by field at the schema's offsets (what {@link BookUpdateEncoder} writes,
     * byte for byte), one bounds check for the whole record instead of one per field: the encoder's per-field checks
     * and enum conversions were a third of the publish cost of a 12-level record. Little-endian hosts only.
     */
    private void putBookUpdate(
        final Instrument instrument,
        final BookChanges changes,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet,
        final int count,
        final int length)
    {
        final MutableDirectBuffer buffer = claim.buffer();
        final int offset = claim.offset();
        buffer.boundsCheck(offset, length);
        final byte[] array = buffer.byteArray();
        final long start = buffer.addressOffset() + offset;
        RecordHead.put(buffer, offset, BookUpdateEncoder.BLOCK_LENGTH, BookUpdateEncoder.TEMPLATE_ID, instrument,
            claim.recordSeq(), packet);
        final long body = start + HEADER;
        UnsafeApi.putByte(array, body + 48, (byte)(endOfEvent ? 1 : 0));
        UnsafeApi.putByte(array, body + 49, (byte)matchEventIndicator);
        UnsafeApi.putLong(array, body + 50, changes.rptSeq());
        final long group = body + BookUpdateEncoder.BLOCK_LENGTH;
        UnsafeApi.putShort(array, group, (short)LEVEL_LENGTH);
        UnsafeApi.putShort(array, group + 2, (short)count);
        long level = group + GROUP_HEADER;
        for (int i = 0; i < count; i++, level += LEVEL_LENGTH)
        {
            // every read before the stores: the JIT cannot tell the claimed buffer from the change arrays, so a read
            // after a store would be repeated; side, level type, action and level are the record's first 4 bytes
            final int kinds = (changes.sideValue(i) & 0xFF) | (changes.levelTypeValue(i) & 0xFF) << 8 |
                (changes.actionValue(i) & 0xFF) << 16 | (changes.level(i) & 0xFF) << 24;
            final long price = changes.price(i);
            final long size = changes.size(i);
            final int orderCount = changes.orderCount(i);
            UnsafeApi.putInt(array, level, kinds);
            UnsafeApi.putLong(array, level + 4, price);
            UnsafeApi.putLong(array, level + 12, size);
            UnsafeApi.putInt(array, level + 20, orderCount);
        }
        // publishTimeNs (body + 32) is written at commit: RecordClaim stamps a record alone or a whole batch
    }

    @Override
    public void onBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        bookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet.msgSeqNum(), packet.sendingTimeNs(),
            packet.receiveTimeNs());
    }

    @Override
    public void onOrderUpdate(
        final Instrument instrument,
        final Side side,
        final OrderAction action,
        final long orderId,
        final long priority,
        final long price,
        final long displayQty,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        final int length = HEADER + OrderUpdateEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        head(orderUpdate, instrument, packet)
            .side(side).action(action).orderId(orderId).orderPriority(priority).price(price).displayQty(displayQty)
            .endOfEvent(bool(endOfEvent)).matchEventIndicator(matchEventIndicator);
        claim.commit(length);
    }

    @Override
    public void onOrderBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        orderBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet.msgSeqNum(), packet.sendingTimeNs(),
            packet.receiveTimeNs());
    }

    @Override
    public void onTrade(
        final Instrument instrument, final long price, final long size, final int orderCount,
        final AggressorSide aggressorSide, final long tradeId, final boolean endOfEvent, final long rptSeq,
        final PacketInfo packet)
    {
        final int length = HEADER + TradeEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        head(trade, instrument, packet)
            .price(price).size(size).orderCount(orderCount).aggressorSide(aggressorSide).tradeId(tradeId)
            .endOfEvent(bool(endOfEvent)).rptSeq(rptSeq);
        claim.commit(length);
    }

    @Override
    public void onTradeCancel(
        final Instrument instrument, final long price, final long size, final long tradeId, final long rptSeq,
        final PacketInfo packet)
    {
        final int length = HEADER + TradeCancelEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        head(tradeCancel, instrument, packet)
            .price(price).size(size).tradeId(tradeId).rptSeq(rptSeq);
        claim.commit(length);
    }

    @Override
    public void onAuctionImbalance(
        final Instrument instrument, final AuctionImbalance imbalance, final PacketInfo packet)
    {
        final int length = HEADER + AuctionImbalanceEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        head(auctionImbalance, instrument, packet)
            .pairedQty(imbalance.pairedQty()).imbalanceQty(imbalance.imbalanceQty()).imbalanceSide(imbalance.side())
            .referencePrice(imbalance.referencePrice()).nearPrice(imbalance.nearPrice()).farPrice(imbalance.farPrice())
            .auctionType((short)(imbalance.auctionType() & 0xFF))
            .priceVariation((short)(imbalance.priceVariation() & 0xFF));
        claim.commit(length);
    }

    @Override
    public void onVolume(
        final Instrument instrument,
        final long totalVolume,
        final long rptSeq,
        final boolean endOfEvent,
        final PacketInfo packet)
    {
        final int length = HEADER + VolumeEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        head(volume, instrument, packet)
            .totalVolume(totalVolume).rptSeq(rptSeq).endOfEvent(bool(endOfEvent));
        claim.commit(length);
    }

    @Override
    public void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
    {
        instrumentStatus(instrument.channelId(), instrument.securityId(), instrument.feedStatus(),
            instrument.tradingStatus(), instrument.haltReason(), instrument.tradingEvent(), packet);
    }

    @Override
    public void onGroupStatus(
        final int channelId,
        final short tradingStatus,
        final short haltReason,
        final short tradingEvent,
        final PacketInfo packet)
    {
        instrumentStatus(channelId, NULL_SECURITY_ID, FeedStatus.LIVE, tradingStatus, haltReason, tradingEvent,
            packet);
    }

    private void instrumentStatus(
        final int channelId,
        final int securityId,
        final FeedStatus feedStatus,
        final short tradingStatus,
        final short haltReason,
        final short tradingEvent,
        final PacketInfo packet)
    {
        final int length = HEADER + InstrumentStatusEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        RecordHead.begin(claim, instrumentStatus, channelId, securityId, packet.sendingTimeNs(),
            packet.receiveTimeNs(), packet.msgSeqNum())
            .feedStatus(feedStatus).tradingStatus(tradingStatus).haltReason(haltReason).tradingEvent(tradingEvent);
        claim.commit(length);
    }

    @Override
    public void onChannelStatus(
        final int channelId,
        final FeedStatus feedStatus,
        final long gapFrom,
        final long gapTo,
        final long recoveries,
        final PacketInfo packet)
    {
        final int length = HEADER + ChannelStatusEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        RecordHead.begin(claim, channelStatus, channelId, NULL_SECURITY_ID, packet.sendingTimeNs(),
            packet.receiveTimeNs(), packet.msgSeqNum())
            .feedStatus(feedStatus).gapFromMsgSeqNum(gapFrom).gapToMsgSeqNum(gapTo).recoveries(recoveries);
        claim.commit(length);
    }

    /**
     * A liveness record for a stream with nothing else to say.
     *
     * @param channelId the channel it speaks for, 0 for the whole stream.
     */
    public void heartbeat(final int channelId)
    {
        final int length = HEADER + HeartbeatEncoder.BLOCK_LENGTH;
        if (!claim.begin(length))
        {
            return;
        }
        RecordHead.begin(claim, heartbeat, channelId, NULL_SECURITY_ID, 0, 0, 0);
        claim.commit(length);
    }

    /**
     * Write the whole book of an instrument: outright bids, outright asks, implied bids, implied asks, each by
     * level, present levels only ({@code SnapshotRecords.bookSnapshot}).
     *
     * @param instrument             whose book.
     * @param requestId              SnapshotRequest answered, 0 when unsolicited.
     * @param lastMsgSeqNumProcessed last incremental MsgSeqNum in the book.
     * @param msgSeqNum              MsgSeqNum of the packet that caused it, 0 when none.
     * @param sendingTimeNs          SendingTime of that packet, 0 when none.
     * @param receiveTimeNs          receive time of that packet, 0 when none.
     */
    public void bookSnapshot(
        final Instrument instrument,
        final long requestId,
        final long lastMsgSeqNumProcessed,
        final long msgSeqNum,
        final long sendingTimeNs,
        final long receiveTimeNs)
    {
        snapshots.bookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, msgSeqNum, sendingTimeNs, receiveTimeNs);
    }

    /**
     * Write the whole market-by-order book of an instrument as OrderBookSnapshot chunks of at most
     * {@link #ordersPerChunk()} orders ({@code SnapshotRecords.orderBookSnapshot}); nothing without an order book.
     *
     * @param instrument             whose book.
     * @param requestId              SnapshotRequest answered, 0 when unsolicited.
     * @param lastMsgSeqNumProcessed last incremental MsgSeqNum in the book.
     * @param msgSeqNum              MsgSeqNum of the packet that caused it, 0 when none.
     * @param sendingTimeNs          SendingTime of that packet, 0 when none.
     * @param receiveTimeNs          receive time of that packet, 0 when none.
     * @return chunks written (published or dropped).
     */
    public int orderBookSnapshot(
        final Instrument instrument,
        final long requestId,
        final long lastMsgSeqNumProcessed,
        final long msgSeqNum,
        final long sendingTimeNs,
        final long receiveTimeNs)
    {
        return snapshots.orderBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, msgSeqNum, sendingTimeNs,
            receiveTimeNs);
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
    public boolean snapshotComplete(
        final long requestId, final int channelId, final long lastRecordSeq, final int instruments)
    {
        return snapshots.snapshotComplete(requestId, channelId, lastRecordSeq, instruments);
    }

    /**
     * @return recordSeq of the last data record (published or dropped), 0 before the first.
     */
    public long recordSeq()
    {
        return claim.recordSeq();
    }

    /**
     * @return RecordBatch messages published or dropped (two or more records each).
     */
    public long batches()
    {
        return claim.batches();
    }

    /**
     * @return records committed to the publication.
     */
    public long published()
    {
        return claim.published();
    }

    /**
     * @return records dropped because the subscribers were behind.
     */
    public long backPressured()
    {
        return claim.backPressured();
    }

    /**
     * @return records dropped because no subscriber was connected.
     */
    public long notConnected()
    {
        return claim.notConnected();
    }

    /**
     * @return records dropped on ADMIN_ACTION after retries.
     */
    public long adminActions()
    {
        return claim.adminActions();
    }

    /**
     * @return records dropped because the publication was closed.
     */
    public long closed()
    {
        return claim.closed();
    }

    /**
     * @return records dropped because the publication reached its max position.
     */
    public long maxPositionExceeded()
    {
        return claim.maxPositionExceeded();
    }

    /**
     * @return every record not published, whatever the reason.
     */
    public long dropped()
    {
        return claim.backPressured() + claim.notConnected() + claim.adminActions() + claim.closed() +
            claim.maxPositionExceeded();
    }

    /**
     * @return the publication written to.
     */
    public Publication publication()
    {
        return claim.publication();
    }
}
