package io.xdpfeed.client;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.xdpfeed.codecs.md.AuctionImbalanceDecoder;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.ChannelStatusDecoder;
import io.xdpfeed.codecs.md.HeartbeatDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.InstrumentStatusDecoder;
import io.xdpfeed.codecs.md.MessageHeaderDecoder;
import io.xdpfeed.codecs.md.OrderBookSnapshotDecoder;
import io.xdpfeed.codecs.md.OrderUpdateDecoder;
import io.xdpfeed.codecs.md.RecordBatchDecoder;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.codecs.md.TradeCancelDecoder;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.codecs.md.VolumeDecoder;
import io.xdpfeed.common.counters.Counts;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

import java.nio.ByteOrder;

/**
 * Decodes normalized market-data records (schema id 100) from whole Aeron messages and calls a
 * {@link MarketDataListener} with a flyweight per record type; records the latency tiers on the way.
 * <p>
 * A message is one record, or a RecordBatch: the records one datagram produced, each behind a 2-byte length (the
 * handler publishes one message per packet). A batch is read in place, record by record in order, with the same
 * flyweights and the same validation as a record alone: the listener cannot tell the two forms apart, and
 * {@link Count#MESSAGES} and the other counts are per record. A batch whose group or a record length does not fit is
 * counted malformed from there on (the records before it were delivered); a batch inside a batch is malformed.
 * <p>
 * Every message is validated before a decoder touches it: the message header, the schema id, a root block long enough
 * for the template, and for BookUpdate, BookSnapshot and OrderBookSnapshot a group that fits in the message. What
 * fails is counted and skipped, never thrown: {@link Count#MALFORMED}, {@link Count#WRONG_SCHEMA},
 * {@link Count#SKIPPED_TEMPLATES} (unknown ids, and SnapshotRequest, which belongs on the control stream). Decoders
 * are wrapped with the blockLength and version of each message, so a newer handler with longer blocks is read
 * correctly.
 * <p>
 * Latency: the arrival time is read once per message from the epoch clock, before its first record's callback (a
 * batch's records arrived together: one clock read, not one per record, whose cost would add to every record after
 * the first); {@code bus} is arrival time minus {@code publishTimeNs} for every data record, {@code end-to-end} is
 * arrival time minus {@code sendingTimeNs} for records that carry an exchange event (BookUpdate, OrderUpdate, Trade,
 * Volume, InstrumentStatus) when sendingTimeNs is set. Neither counts the time the listener spends on the records of
 * the batch before it.
 * Snapshots, definitions, statuses of channels and heartbeats carry old or no exchange times, so they only feed
 * {@code bus}.
 */
public final class MarketDataAdapter implements FragmentHandler
{
    /**
     * What the adapter counts, per record (a batch's records each count), read by {@link #count(Count)}.
     */
    public enum Count
    {
        /** Records seen, valid or not, alone or in a batch. */
        MESSAGES,
        /** RecordBatch messages seen (their records count in {@link #MESSAGES}). */
        BATCHES,
        /** Messages skipped because a length did not fit (header, root block, levels group). */
        MALFORMED,
        /** Messages skipped because their schema id is not the normalized schema's. */
        WRONG_SCHEMA,
        /** Messages skipped because their template is unknown or does not belong on this stream. */
        SKIPPED_TEMPLATES
    }

    private static final int BUS = LatencyTier.BUS.ordinal();
    private static final int END_TO_END = LatencyTier.END_TO_END.ordinal();
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    private static final int SENDING_TIME_OFFSET = BookUpdateDecoder.sendingTimeNsEncodingOffset();
    private static final int PUBLISH_TIME_OFFSET = BookUpdateDecoder.publishTimeNsEncodingOffset();
    private static final int GROUP_HEADER_LENGTH = BookUpdateDecoder.LevelsDecoder.sbeHeaderSize();
    private static final int BOOK_UPDATE_LEVEL_LENGTH = BookUpdateDecoder.LevelsDecoder.sbeBlockLength();
    private static final int BOOK_SNAPSHOT_LEVEL_LENGTH = BookSnapshotDecoder.LevelsDecoder.sbeBlockLength();
    private static final int ORDER_SNAPSHOT_ORDER_LENGTH = OrderBookSnapshotDecoder.OrdersDecoder.sbeBlockLength();
    private static final int TEMPLATE_ID_OFFSET = MessageHeaderDecoder.templateIdEncodingOffset();
    private static final int SCHEMA_ID_OFFSET = MessageHeaderDecoder.schemaIdEncodingOffset();
    private static final int BATCH_RECORD_PREFIX = RecordBatchDecoder.RecordsDecoder.recordHeaderLength();

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder instrumentDefinition = new InstrumentDefinitionDecoder();
    private final BookUpdateDecoder bookUpdate = new BookUpdateDecoder();
    private final BookSnapshotDecoder bookSnapshot = new BookSnapshotDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final TradeCancelDecoder tradeCancel = new TradeCancelDecoder();
    private final AuctionImbalanceDecoder auctionImbalance = new AuctionImbalanceDecoder();
    private final InstrumentStatusDecoder instrumentStatus = new InstrumentStatusDecoder();
    private final ChannelStatusDecoder channelStatus = new ChannelStatusDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final VolumeDecoder volume = new VolumeDecoder();
    private final SnapshotCompleteDecoder snapshotComplete = new SnapshotCompleteDecoder();
    private final OrderUpdateDecoder orderUpdate = new OrderUpdateDecoder();
    private final OrderBookSnapshotDecoder orderBookSnapshot = new OrderBookSnapshotDecoder();

    private final MarketDataListener listener;
    private final SubscriberLatency latency;
    private final EpochNanoClock clock;
    private long arrivalNs;

    private final Counts<Count> counts = new Counts<>(Count.class);

    /**
     * @param listener called per record.
     * @param latency  where the tiers are recorded, or null for none.
     * @param clock    epoch ns clock of the arrival time (ignored without latency).
     */
    public MarketDataAdapter(
        final MarketDataListener listener, final SubscriberLatency latency, final EpochNanoClock clock)
    {
        this.listener = listener;
        this.latency = latency;
        this.clock = clock;
    }

    /**
     * Decode one whole message (reassembled by a FragmentAssembler) and call the listener.
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the message.
     * @param header Aeron frame header (unused).
     */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        onMessage(buffer, offset, length);
    }

    /**
     * Decode one message and call the listener; what {@link #onFragment} does, without Aeron.
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the message.
     */
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != latency)
        {
            arrivalNs = clock.nanoTime();
        }
        if (length >= HEADER_LENGTH &&
            buffer.getShort(offset + TEMPLATE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) == RecordBatchDecoder.TEMPLATE_ID &&
            buffer.getShort(offset + SCHEMA_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) == SCHEMA_ID)
        {
            onBatch(buffer, offset, length);
        }
        else
        {
            onRecord(buffer, offset, length);
        }
    }

    /**
     * The records of a RecordBatch, in order, each as {@link #onRecord}: group header (blockLength, count), then per
     * record a uint16 length and the record. Nothing is copied.
     */
    private void onBatch(final DirectBuffer buffer, final int offset, final int length)
    {
        counts.increment(Count.BATCHES);
        final int limit = offset + length;
        final int groupOffset = offset + HEADER_LENGTH +
            (buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
        // a batch without its group header, or of no records (the handler never sends one), is one malformed message
        final int count = groupOffset + GROUP_HEADER_LENGTH > limit ? 0 :
            buffer.getShort(groupOffset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (count == 0)
        {
            counts.increment(Count.MESSAGES);
            counts.increment(Count.MALFORMED);
            return;
        }
        // each record's offset comes from the lengths before it: the group's entry blockLength (0 today) is skipped
        final int entryBlock = buffer.getShort(groupOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        int position = groupOffset + GROUP_HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            position += entryBlock;
            if (position + BATCH_RECORD_PREFIX > limit)
            {
                counts.add(Count.MESSAGES, count - i);
                counts.add(Count.MALFORMED, count - i);
                return;
            }
            final int recordLength = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int recordOffset = position + BATCH_RECORD_PREFIX;
            if (recordOffset + recordLength > limit)
            {
                counts.add(Count.MESSAGES, count - i);
                counts.add(Count.MALFORMED, count - i);
                return;
            }
            onRecord(buffer, recordOffset, recordLength);
            position = recordOffset + recordLength;
        }
    }

    private void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        counts.increment(Count.MESSAGES);
        if (length < HEADER_LENGTH)
        {
            counts.increment(Count.MALFORMED);
            return;
        }

        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != SCHEMA_ID)
        {
            counts.increment(Count.WRONG_SCHEMA);
            return;
        }

        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int templateId = headerDecoder.templateId();
        final int bodyOffset = offset + HEADER_LENGTH;
        final int limit = offset + length;
        if (bodyOffset + blockLength > limit)
        {
            counts.increment(Count.MALFORMED);
            return;
        }

        switch (templateId)
        {
            case BookUpdateDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, BookUpdateDecoder.BLOCK_LENGTH) &&
                    isGroupValid(buffer, bodyOffset + blockLength, limit, BOOK_UPDATE_LEVEL_LENGTH))
                {
                    bookUpdate.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, true);
                    listener.onBookUpdate(bookUpdate);
                }
            }
            case TradeDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, TradeDecoder.BLOCK_LENGTH))
                {
                    trade.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, true);
                    listener.onTrade(trade);
                }
            }
            case TradeCancelDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, TradeCancelDecoder.BLOCK_LENGTH))
                {
                    tradeCancel.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, true);
                    listener.onTradeCancel(tradeCancel);
                }
            }
            case AuctionImbalanceDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, AuctionImbalanceDecoder.BLOCK_LENGTH))
                {
                    auctionImbalance.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, true);
                    listener.onAuctionImbalance(auctionImbalance);
                }
            }
            case BookSnapshotDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, BookSnapshotDecoder.BLOCK_LENGTH) &&
                    isGroupValid(buffer, bodyOffset + blockLength, limit, BOOK_SNAPSHOT_LEVEL_LENGTH))
                {
                    bookSnapshot.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, false);
                    listener.onBookSnapshot(bookSnapshot);
                }
            }
            case OrderUpdateDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, OrderUpdateDecoder.BLOCK_LENGTH))
                {
                    orderUpdate.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, true);
                    listener.onOrderUpdate(orderUpdate);
                }
            }
            case OrderBookSnapshotDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, OrderBookSnapshotDecoder.BLOCK_LENGTH) &&
                    isGroupValid(buffer, bodyOffset + blockLength, limit, ORDER_SNAPSHOT_ORDER_LENGTH))
                {
                    orderBookSnapshot.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, false);
                    listener.onOrderBookSnapshot(orderBookSnapshot);
                }
            }
            case VolumeDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, VolumeDecoder.BLOCK_LENGTH))
                {
                    volume.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, true);
                    listener.onVolume(volume);
                }
            }
            case InstrumentStatusDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, InstrumentStatusDecoder.BLOCK_LENGTH))
                {
                    instrumentStatus.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, true);
                    listener.onInstrumentStatus(instrumentStatus);
                }
            }
            case ChannelStatusDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, ChannelStatusDecoder.BLOCK_LENGTH))
                {
                    channelStatus.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, false);
                    listener.onChannelStatus(channelStatus);
                }
            }
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, HeartbeatDecoder.BLOCK_LENGTH))
                {
                    heartbeat.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, false);
                    listener.onHeartbeat(heartbeat);
                }
            }
            case InstrumentDefinitionDecoder.TEMPLATE_ID ->
            {
                if (isDataBlockValid(blockLength, InstrumentDefinitionDecoder.BLOCK_LENGTH))
                {
                    instrumentDefinition.wrap(buffer, bodyOffset, blockLength, version);
                    recordLatency(buffer, bodyOffset, false);
                    listener.onInstrumentDefinition(instrumentDefinition);
                }
            }
            case SnapshotCompleteDecoder.TEMPLATE_ID ->
            {
                if (blockLength >= SnapshotCompleteDecoder.BLOCK_LENGTH)
                {
                    snapshotComplete.wrap(buffer, bodyOffset, blockLength, version);
                    listener.onSnapshotComplete(snapshotComplete);
                }
                else
                {
                    counts.increment(Count.MALFORMED);
                }
            }
            // only inside a batch (onMessage hands a batch to onBatch): batches do not nest
            case RecordBatchDecoder.TEMPLATE_ID -> counts.increment(Count.MALFORMED);
            default -> counts.increment(Count.SKIPPED_TEMPLATES);
        }
    }

    /**
     * @param counter what was counted.
     * @return its count since the adapter was made.
     */
    public long count(final Count counter)
    {
        return counts.get(counter);
    }

    private boolean isDataBlockValid(final int blockLength, final int schemaBlockLength)
    {
        // a longer root block (a newer handler) is read with its own length; a shorter one would make the decoder
        // read past it
        if (blockLength < schemaBlockLength)
        {
            counts.increment(Count.MALFORMED);
            return false;
        }

        return true;
    }

    private boolean isGroupValid(
        final DirectBuffer buffer, final int groupOffset, final int limit, final int minEntryLength)
    {
        if (groupOffset + GROUP_HEADER_LENGTH > limit)
        {
            counts.increment(Count.MALFORMED);
            return false;
        }

        final int entryLength = buffer.getShort(groupOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = buffer.getShort(groupOffset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (entryLength < minEntryLength || (long)groupOffset + GROUP_HEADER_LENGTH + (long)entryLength * count > limit)
        {
            counts.increment(Count.MALFORMED);
            return false;
        }

        return true;
    }

    private void recordLatency(final DirectBuffer buffer, final int bodyOffset, final boolean exchangeEvent)
    {
        if (null != latency)
        {
            final long nowNs = arrivalNs;
            latency.beginSample();
            latency.recordInSample(BUS,
                nowNs - buffer.getLong(bodyOffset + PUBLISH_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN));
            if (exchangeEvent)
            {
                final long sendingTimeNs = buffer.getLong(bodyOffset + SENDING_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
                if (sendingTimeNs > 0)
                {
                    latency.recordInSample(END_TO_END, nowNs - sendingTimeNs);
                }
            }
            latency.endSample();
        }
    }
}
