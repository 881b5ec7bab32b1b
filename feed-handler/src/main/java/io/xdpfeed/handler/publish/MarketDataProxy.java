package io.xdpfeed.handler.publish;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.BookSnapshotEncoder;
import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.BooleanType;
import io.xdpfeed.codecs.md.ChannelStatusEncoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.GroupSizeEncodingEncoder;
import io.xdpfeed.codecs.md.HeartbeatEncoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionEncoder;
import io.xdpfeed.codecs.md.InstrumentStatusEncoder;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.OrderBookSnapshotEncoder;
import io.xdpfeed.codecs.md.OrderUpdateEncoder;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.codecs.md.SnapshotCompleteEncoder;
import io.xdpfeed.codecs.md.TradeEncoder;
import io.xdpfeed.codecs.md.VolumeEncoder;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.OrderBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Writes the normalized market-data records (schema {@code market-data.xml}) to one Aeron publication.
 * <p>
 * Each record is sized exactly first, then claimed with {@link Publication#tryClaim}, encoded in place and
 * committed: one claim per record, no copy. A record longer than the publication's max payload (a BookUpdate of
 * more than ~55 levels, a deep BookSnapshot) is encoded into a scratch buffer and offered instead, which Aeron
 * fragments. Every data record takes the next record sequence number, published or not: back-pressure, no
 * subscriber or a closed publication never block the caller, they are counted and the subscriber sees a gap in
 * {@code recordSeq}. {@link #snapshotComplete} is a control message without a common block and takes no number.
 * One thread; no allocation.
 */
public final class MarketDataProxy implements ChannelListener
{
    private static final int SCRATCH_LENGTH = 64 * 1024;
    private static final int MAX_ADMIN_RETRIES = 3;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER = GroupSizeEncodingEncoder.ENCODED_LENGTH;
    private static final int LEVEL_LENGTH = BookUpdateEncoder.LevelsEncoder.sbeBlockLength();
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final int NULL_SECURITY_ID = BookUpdateEncoder.securityIdNullValue();

    /** How long the records of one snapshot answer may wait for back-pressure to clear: 5 ms. */
    public static final long DEFAULT_ANSWER_TIMEOUT_NS = 5_000_000L;

    private final Publication publication;
    private final EpochNanoClock clock;
    private final BufferClaim bufferClaim = new BufferClaim();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[SCRATCH_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final BookUpdateEncoder bookUpdate = new BookUpdateEncoder();
    private final BookSnapshotEncoder bookSnapshot = new BookSnapshotEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final InstrumentStatusEncoder instrumentStatus = new InstrumentStatusEncoder();
    private final ChannelStatusEncoder channelStatus = new ChannelStatusEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final VolumeEncoder volume = new VolumeEncoder();
    private final SnapshotCompleteEncoder snapshotComplete = new SnapshotCompleteEncoder();
    private final OrderUpdateEncoder orderUpdate = new OrderUpdateEncoder();
    private final OrderBookSnapshotEncoder orderBookSnapshot = new OrderBookSnapshotEncoder();
    private final int maxPayloadLength;
    private final int ordersPerChunk;

    private MutableDirectBuffer buffer;
    private int offset;
    private boolean claimed;
    private long answerTimeoutNs = DEFAULT_ANSWER_TIMEOUT_NS;
    private boolean answering;
    private long answerDeadlineNs;

    private long recordSeq;
    private long published;
    private long backPressured;
    private long notConnected;
    private long adminActions;
    private long closed;
    private long maxPositionExceeded;

    /**
     * @param publication the market-data stream.
     * @param clock       epoch ns clock for publishTimeNs.
     */
    public MarketDataProxy(final Publication publication, final EpochNanoClock clock)
    {
        this.publication = publication;
        this.clock = clock;
        this.maxPayloadLength = publication.maxPayloadLength();
        this.ordersPerChunk = Math.max(1, (maxPayloadLength - orderBookSnapshotLength(0)) /
            OrderBookSnapshotEncoder.OrdersEncoder.sbeBlockLength());
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

    private boolean begin(final int length)
    {
        recordSeq++;
        if (length > maxPayloadLength)
        {
            buffer = scratch;
            offset = 0;
            claimed = false;
            return true;
        }
        final long result = claim(length);
        if (result > 0)
        {
            buffer = bufferClaim.buffer();
            offset = bufferClaim.offset();
            claimed = true;
            return true;
        }
        failed(result);
        return false;
    }

    private long claim(final int length)
    {
        int adminRetries = 0;
        while (true)
        {
            final long result = publication.tryClaim(length, bufferClaim);
            if (result > 0)
            {
                return result;
            }
            if (result == Publication.ADMIN_ACTION && ++adminRetries < MAX_ADMIN_RETRIES)
            {
                continue;
            }
            if ((result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) && answering &&
                System.nanoTime() - answerDeadlineNs < 0)
            {
                Thread.onSpinWait();
                continue;
            }
            return result;
        }
    }

    /**
     * Start a snapshot answer: until {@link #endAnswer()}, records wait up to {@link #answerTimeoutNs(long)} in total
     * for back-pressure to clear instead of being dropped at once. Bounded, so the receive thread is never held
     * long; records that still cannot go are dropped and counted as usual.
     */
    public void beginAnswer()
    {
        answering = true;
        answerDeadlineNs = System.nanoTime() + answerTimeoutNs;
    }

    /**
     * End a snapshot answer: back to dropping at once on back-pressure.
     */
    public void endAnswer()
    {
        answering = false;
    }

    /**
     * @param timeoutNs how long the records of one snapshot answer may wait for back-pressure in total.
     * @return this.
     */
    public MarketDataProxy answerTimeoutNs(final long timeoutNs)
    {
        this.answerTimeoutNs = timeoutNs;
        return this;
    }

    private void commit(final int length)
    {
        if (claimed)
        {
            bufferClaim.commit();
            published++;
        }
        else
        {
            long result;
            while ((result = publication.offer(scratch, 0, length)) < 0 && answering &&
                (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) &&
                System.nanoTime() - answerDeadlineNs < 0)
            {
                Thread.onSpinWait();
            }
            if (result > 0)
            {
                published++;
            }
            else
            {
                failed(result);
            }
        }
    }

    private void failed(final long result)
    {
        if (result == Publication.BACK_PRESSURED)
        {
            backPressured++;
        }
        else if (result == Publication.NOT_CONNECTED)
        {
            notConnected++;
        }
        else if (result == Publication.ADMIN_ACTION)
        {
            adminActions++;
        }
        else if (result == Publication.MAX_POSITION_EXCEEDED)
        {
            maxPositionExceeded++;
        }
        else
        {
            closed++;
        }
    }

    private static BooleanType bool(final boolean value)
    {
        return value ? BooleanType.TRUE : BooleanType.FALSE;
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentDefinition(final Instrument instrument, final PacketInfo packet)
    {
        final int length = HEADER + InstrumentDefinitionEncoder.BLOCK_LENGTH;
        if (!begin(length))
        {
            return;
        }
        final InstrumentDefinitionEncoder encoder = definition.wrapAndApplyHeader(buffer, offset, header)
            .channelId(instrument.channelId()).securityId(instrument.securityId()).recordSeq(recordSeq)
            .sendingTimeNs(packet.sendingTimeNs()).receiveTimeNs(packet.receiveTimeNs()).publishTimeNs(0)
            .msgSeqNum(packet.msgSeqNum())
            .putSymbol(instrument.symbolBytes(), 0)
            .putSecurityGroup(instrument.securityGroupBytes(), 0)
            .putAsset(instrument.assetBytes(), 0)
            .minPriceIncrement(instrument.minPriceIncrement())
            .displayFactor(instrument.displayFactor())
            .marketDepth((short)instrument.depth())
            .impliedMarketDepth((short)instrument.impliedDepth())
            .tradingStatus(instrument.tradingStatus())
            .feedStatus(instrument.feedStatus());
        encoder.publishTimeNs(clock.nanoTime());
        commit(length);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookUpdate(
        final Instrument instrument,
        final BookChanges changes,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        final int count = changes.count();
        final int length = bookUpdateLength(count);
        if (!begin(length))
        {
            return;
        }
        if (NATIVE_LITTLE_ENDIAN)
        {
            putBookUpdate(instrument, changes, endOfEvent, matchEventIndicator, packet, count, length);
        }
        else
        {
            final BookUpdateEncoder encoder = bookUpdate;
            final BookUpdateEncoder.LevelsEncoder levels = encoder.wrapAndApplyHeader(buffer, offset, header)
                .channelId(instrument.channelId()).securityId(instrument.securityId()).recordSeq(recordSeq)
                .sendingTimeNs(packet.sendingTimeNs()).receiveTimeNs(packet.receiveTimeNs()).publishTimeNs(0)
                .msgSeqNum(packet.msgSeqNum())
                .endOfEvent(bool(endOfEvent)).matchEventIndicator(matchEventIndicator).rptSeq(changes.rptSeq())
                .levelsCount(count);
            for (int i = 0; i < count; i++)
            {
                levels.next().side(changes.side(i)).levelType(changes.levelType(i)).action(changes.action(i))
                    .level((short)changes.level(i)).price(changes.price(i)).size(changes.size(i))
                    .orderCount(changes.orderCount(i));
            }
            encoder.publishTimeNs(clock.nanoTime());
        }
        commit(length);
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
        final MutableDirectBuffer buffer = this.buffer;
        buffer.boundsCheck(offset, length);
        final byte[] array = buffer.byteArray();
        final long start = buffer.addressOffset() + offset;
        UnsafeApi.putShort(array, start, (short)BookUpdateEncoder.BLOCK_LENGTH);
        UnsafeApi.putShort(array, start + 2, (short)BookUpdateEncoder.TEMPLATE_ID);
        UnsafeApi.putShort(array, start + 4, (short)BookUpdateEncoder.SCHEMA_ID);
        UnsafeApi.putShort(array, start + 6, (short)BookUpdateEncoder.SCHEMA_VERSION);
        final long body = start + HEADER;
        UnsafeApi.putInt(array, body, instrument.channelId());
        UnsafeApi.putInt(array, body + 4, instrument.securityId());
        UnsafeApi.putLong(array, body + 8, recordSeq);
        UnsafeApi.putLong(array, body + 16, packet.sendingTimeNs());
        UnsafeApi.putLong(array, body + 24, packet.receiveTimeNs());
        UnsafeApi.putLong(array, body + 40, packet.msgSeqNum());
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
        UnsafeApi.putLong(array, body + 32, clock.nanoTime());
    }

    /**
     * {@inheritDoc}
     */
    public void onBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        bookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet.msgSeqNum(), packet.sendingTimeNs(),
            packet.receiveTimeNs());
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
    public void bookSnapshot(
        final Instrument instrument,
        final long requestId,
        final long lastMsgSeqNumProcessed,
        final long msgSeqNum,
        final long sendingTimeNs,
        final long receiveTimeNs)
    {
        final MbpBook book = instrument.book();
        final int count = book.presentLevels();
        final int length = bookSnapshotLength(count);
        if (!begin(length))
        {
            return;
        }
        final BookSnapshotEncoder encoder = bookSnapshot;
        final BookSnapshotEncoder.LevelsEncoder levels = encoder.wrapAndApplyHeader(buffer, offset, header)
            .channelId(instrument.channelId()).securityId(instrument.securityId()).recordSeq(recordSeq)
            .sendingTimeNs(sendingTimeNs).receiveTimeNs(receiveTimeNs).publishTimeNs(0).msgSeqNum(msgSeqNum)
            .requestId(requestId).feedStatus(instrument.feedStatus()).rptSeq(instrument.rptSeq())
            .lastMsgSeqNumProcessed(lastMsgSeqNumProcessed)
            .levelsCount(count);
        putLevels(levels, book.bids(), Side.BID, LevelType.OUTRIGHT);
        putLevels(levels, book.asks(), Side.ASK, LevelType.OUTRIGHT);
        putLevels(levels, book.impliedBids(), Side.BID, LevelType.IMPLIED);
        putLevels(levels, book.impliedAsks(), Side.ASK, LevelType.IMPLIED);
        encoder.publishTimeNs(clock.nanoTime());
        commit(length);
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
     * {@inheritDoc}
     */
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
        if (!begin(length))
        {
            return;
        }
        final OrderUpdateEncoder encoder = orderUpdate.wrapAndApplyHeader(buffer, offset, header)
            .channelId(instrument.channelId()).securityId(instrument.securityId()).recordSeq(recordSeq)
            .sendingTimeNs(packet.sendingTimeNs()).receiveTimeNs(packet.receiveTimeNs()).publishTimeNs(0)
            .msgSeqNum(packet.msgSeqNum())
            .side(side).action(action).orderId(orderId).orderPriority(priority).price(price).displayQty(displayQty)
            .endOfEvent(bool(endOfEvent)).matchEventIndicator(matchEventIndicator);
        encoder.publishTimeNs(clock.nanoTime());
        commit(length);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        orderBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet.msgSeqNum(), packet.sendingTimeNs(),
            packet.receiveTimeNs());
    }

    /**
     * Write the whole market-by-order book of an instrument as consecutive OrderBookSnapshot chunks of at most
     * {@link #ordersPerChunk()} orders each (one claim per chunk); an empty book is one chunk without orders.
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
    public int orderBookSnapshot(
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
            final int length = orderBookSnapshotLength(count);
            if (begin(length))
            {
                final OrderBookSnapshotEncoder encoder = orderBookSnapshot;
                final OrderBookSnapshotEncoder.OrdersEncoder orders = encoder
                    .wrapAndApplyHeader(buffer, offset, header)
                    .channelId(instrument.channelId()).securityId(instrument.securityId()).recordSeq(recordSeq)
                    .sendingTimeNs(sendingTimeNs).receiveTimeNs(receiveTimeNs).publishTimeNs(0).msgSeqNum(msgSeqNum)
                    .requestId(requestId).feedStatus(instrument.feedStatus())
                    .lastMsgSeqNumProcessed(lastMsgSeqNumProcessed).chunk(chunk).chunks(chunks).totalOrders(total)
                    .ordersCount(count);
                for (int i = index, end = index + count; i < end; i++)
                {
                    orders.next().side(book.isBidAt(i) ? Side.BID : Side.ASK).orderId(book.orderIdAt(i))
                        .orderPriority(book.priorityAt(i)).price(book.priceAt(i)).displayQty(book.sizeAt(i));
                }
                encoder.publishTimeNs(clock.nanoTime());
                commit(length);
            }
            index += count;
        }
        return chunks;
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(
        final Instrument instrument,
        final long price,
        final long size,
        final int orderCount,
        final AggressorSide aggressorSide,
        final long tradeId,
        final boolean endOfEvent,
        final long rptSeq,
        final PacketInfo packet)
    {
        final int length = HEADER + TradeEncoder.BLOCK_LENGTH;
        if (!begin(length))
        {
            return;
        }
        final TradeEncoder encoder = trade.wrapAndApplyHeader(buffer, offset, header)
            .channelId(instrument.channelId()).securityId(instrument.securityId()).recordSeq(recordSeq)
            .sendingTimeNs(packet.sendingTimeNs()).receiveTimeNs(packet.receiveTimeNs()).publishTimeNs(0)
            .msgSeqNum(packet.msgSeqNum())
            .price(price).size(size).orderCount(orderCount).aggressorSide(aggressorSide).tradeId(tradeId)
            .endOfEvent(bool(endOfEvent)).rptSeq(rptSeq);
        encoder.publishTimeNs(clock.nanoTime());
        commit(length);
    }

    /**
     * {@inheritDoc}
     */
    public void onVolume(
        final Instrument instrument,
        final long totalVolume,
        final long rptSeq,
        final boolean endOfEvent,
        final PacketInfo packet)
    {
        final int length = HEADER + VolumeEncoder.BLOCK_LENGTH;
        if (!begin(length))
        {
            return;
        }
        final VolumeEncoder encoder = volume.wrapAndApplyHeader(buffer, offset, header)
            .channelId(instrument.channelId()).securityId(instrument.securityId()).recordSeq(recordSeq)
            .sendingTimeNs(packet.sendingTimeNs()).receiveTimeNs(packet.receiveTimeNs()).publishTimeNs(0)
            .msgSeqNum(packet.msgSeqNum())
            .totalVolume(totalVolume).rptSeq(rptSeq).endOfEvent(bool(endOfEvent));
        encoder.publishTimeNs(clock.nanoTime());
        commit(length);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
    {
        instrumentStatus(instrument.channelId(), instrument.securityId(), instrument.feedStatus(),
            instrument.tradingStatus(), instrument.haltReason(), instrument.tradingEvent(), packet);
    }

    /**
     * {@inheritDoc}
     */
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
        if (!begin(length))
        {
            return;
        }
        final InstrumentStatusEncoder encoder = instrumentStatus.wrapAndApplyHeader(buffer, offset, header)
            .channelId(channelId).securityId(securityId).recordSeq(recordSeq)
            .sendingTimeNs(packet.sendingTimeNs()).receiveTimeNs(packet.receiveTimeNs()).publishTimeNs(0)
            .msgSeqNum(packet.msgSeqNum())
            .feedStatus(feedStatus).tradingStatus(tradingStatus).haltReason(haltReason).tradingEvent(tradingEvent);
        encoder.publishTimeNs(clock.nanoTime());
        commit(length);
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelStatus(
        final int channelId,
        final FeedStatus feedStatus,
        final long gapFrom,
        final long gapTo,
        final long recoveries,
        final PacketInfo packet)
    {
        final int length = HEADER + ChannelStatusEncoder.BLOCK_LENGTH;
        if (!begin(length))
        {
            return;
        }
        final ChannelStatusEncoder encoder = channelStatus.wrapAndApplyHeader(buffer, offset, header)
            .channelId(channelId).securityId(NULL_SECURITY_ID).recordSeq(recordSeq)
            .sendingTimeNs(packet.sendingTimeNs()).receiveTimeNs(packet.receiveTimeNs()).publishTimeNs(0)
            .msgSeqNum(packet.msgSeqNum())
            .feedStatus(feedStatus).gapFromMsgSeqNum(gapFrom).gapToMsgSeqNum(gapTo).recoveries(recoveries);
        encoder.publishTimeNs(clock.nanoTime());
        commit(length);
    }

    /**
     * A liveness record for a stream with nothing else to say.
     *
     * @param channelId the channel it speaks for, 0 for the whole stream.
     */
    public void heartbeat(final int channelId)
    {
        final int length = HEADER + HeartbeatEncoder.BLOCK_LENGTH;
        if (!begin(length))
        {
            return;
        }
        final HeartbeatEncoder encoder = heartbeat.wrapAndApplyHeader(buffer, offset, header)
            .channelId(channelId).securityId(NULL_SECURITY_ID).recordSeq(recordSeq)
            .sendingTimeNs(0).receiveTimeNs(0).publishTimeNs(0).msgSeqNum(0);
        encoder.publishTimeNs(clock.nanoTime());
        commit(length);
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
        final int length = HEADER + SnapshotCompleteEncoder.BLOCK_LENGTH;
        final long result = claim(length);
        if (result > 0)
        {
            snapshotComplete.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), header)
                .requestId(requestId).channelId(channelId).lastRecordSeq(lastRecordSeq).instruments(instruments);
            bufferClaim.commit();
            published++;
            return true;
        }
        failed(result);
        return false;
    }

    /**
     * @return recordSeq of the last data record (published or dropped), 0 before the first.
     */
    public long recordSeq()
    {
        return recordSeq;
    }

    /**
     * @return records committed to the publication.
     */
    public long published()
    {
        return published;
    }

    /**
     * @return records dropped because the subscribers were behind.
     */
    public long backPressured()
    {
        return backPressured;
    }

    /**
     * @return records dropped because no subscriber was connected.
     */
    public long notConnected()
    {
        return notConnected;
    }

    /**
     * @return records dropped on ADMIN_ACTION after retries.
     */
    public long adminActions()
    {
        return adminActions;
    }

    /**
     * @return records dropped because the publication was closed.
     */
    public long closed()
    {
        return closed;
    }

    /**
     * @return records dropped because the publication reached its max position.
     */
    public long maxPositionExceeded()
    {
        return maxPositionExceeded;
    }

    /**
     * @return every record not published, whatever the reason.
     */
    public long dropped()
    {
        return backPressured + notConnected + adminActions + closed + maxPositionExceeded;
    }

    /**
     * @return the publication written to.
     */
    public Publication publication()
    {
        return publication;
    }
}
