package io.xdpfeed.sim.wire;

import io.xdpfeed.codecs.mdp3.AggressorSide;
import io.xdpfeed.codecs.mdp3.ChannelReset4Encoder;
import io.xdpfeed.codecs.mdp3.HaltReason;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Encoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Encoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Encoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Encoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Encoder;
import io.xdpfeed.codecs.mdp3.SecurityTradingEvent;
import io.xdpfeed.codecs.mdp3.SecurityTradingStatus;
import io.xdpfeed.sim.market.MatchEventEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes the messages of one match event, in order, into an event buffer, and sets their MatchEventIndicator once
 * the event is complete.
 * <p>
 * Each message is laid out as on the wire: MsgSize (uint16, whole message), SBE message header, body. Entries of the
 * same kind go into the open message of that kind; a new kind closes the open message, as CME sends TradeSummary48,
 * then Volume37, then Book46, then implied Book46. At {@link #endEvent(boolean)} the MatchEventIndicator bits are
 * written: LastTradeMsg on the last 48, LastVolumeMsg on the last 37, LastQuoteMsg on the last outright 46,
 * LastImpliedMsg on the last implied 46, EndOfEvent on the last message (optionally an empty 46 carrying only
 * EndOfEvent, as the real feed often does).
 * <p>
 * In market-by-order mode the order events of the event ({@link #orderEntry}) follow as standalone
 * MDIncrementalRefreshOrderBook47 messages after the other messages, and an event may span several packets (it is
 * bounded by {@link #MAX_MBO_EVENT_LENGTH}); book and trade messages then hold at most
 * {@link #MAX_MBO_BOOK_ENTRIES} entries so that every message is at most {@link #MAX_MBO_MESSAGE_LENGTH} bytes.
 */
public final class IncrementalProxy implements MatchEventEncoder
{
    /** Most bytes one event may take: it must fit one packet after the 12-byte packet header. */
    static final int MAX_EVENT_LENGTH = Mdp3Packet.MAX_PAYLOAD - Mdp3Packet.HEADER_LENGTH;
    /** Most entries per book message before another message is opened. */
    static final int MAX_BOOK_ENTRIES = 40;
    /** Most entries per book or trade message in market-by-order mode. */
    static final int MAX_MBO_BOOK_ENTRIES = 20;
    /** Most entries per MDIncrementalRefreshOrderBook47. */
    static final int MAX_ORDER_ENTRIES = 16;
    /** Longest message in market-by-order mode: a Book46 of {@link #MAX_MBO_BOOK_ENTRIES} entries. */
    static final int MAX_MBO_MESSAGE_LENGTH = 2 + MessageHeaderEncoder.ENCODED_LENGTH +
        MDIncrementalRefreshBook46Encoder.BLOCK_LENGTH + 3 + MAX_MBO_BOOK_ENTRIES * 32 + 8;
    /** Most bytes one event may take in market-by-order mode (it may span several packets). */
    static final int MAX_MBO_EVENT_LENGTH = 32 * 1024;

    private static final int MAX_MESSAGES = 512;
    private static final int MEI_END_OF_EVENT = 0x80;

    /**
     * The kinds of message of an event: each one's template, where its MatchEventIndicator lies from the start of the
     * message (MsgSize included), and the indicator bit the last message of that kind in the event carries (0: none).
     */
    private enum Kind
    {
        /** TradeSummary48: LastTradeMsg (bit 0). */
        TRADE(MDIncrementalRefreshTradeSummary48Encoder.TEMPLATE_ID,
            MDIncrementalRefreshTradeSummary48Encoder.matchEventIndicatorEncodingOffset(), 0x01),
        /** Volume37: LastVolumeMsg (bit 1). */
        VOLUME(MDIncrementalRefreshVolume37Encoder.TEMPLATE_ID,
            MDIncrementalRefreshVolume37Encoder.matchEventIndicatorEncodingOffset(), 0x02),
        /** Book46 of outright entries: LastQuoteMsg (bit 2). */
        QUOTE(MDIncrementalRefreshBook46Encoder.TEMPLATE_ID,
            MDIncrementalRefreshBook46Encoder.matchEventIndicatorEncodingOffset(), 0x04),
        /** Book46 of implied entries: LastImpliedMsg (bit 4). */
        IMPLIED(MDIncrementalRefreshBook46Encoder.TEMPLATE_ID,
            MDIncrementalRefreshBook46Encoder.matchEventIndicatorEncodingOffset(), 0x10),
        /** SecurityStatus30. */
        STATUS(SecurityStatus30Encoder.TEMPLATE_ID, SecurityStatus30Encoder.matchEventIndicatorEncodingOffset(), 0),
        /** ChannelReset4. */
        RESET(ChannelReset4Encoder.TEMPLATE_ID, ChannelReset4Encoder.matchEventIndicatorEncodingOffset(), 0),
        /** An empty Book46 that carries only EndOfEvent. */
        EMPTY(MDIncrementalRefreshBook46Encoder.TEMPLATE_ID,
            MDIncrementalRefreshBook46Encoder.matchEventIndicatorEncodingOffset(), 0),
        /** OrderBook47 (market by order). */
        ORDER(MDIncrementalRefreshOrderBook47Encoder.TEMPLATE_ID,
            MDIncrementalRefreshOrderBook47Encoder.matchEventIndicatorEncodingOffset(), 0);

        final int templateId;
        final int indicatorOffset;
        final int lastBit;

        Kind(final int templateId, final int bodyIndicatorOffset, final int lastBit)
        {
            this.templateId = templateId;
            this.indicatorOffset = 2 + MessageHeaderEncoder.ENCODED_LENGTH + bodyIndicatorOffset;
            this.lastBit = lastBit;
        }
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2 * MAX_MBO_EVENT_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MDIncrementalRefreshBook46Encoder book = new MDIncrementalRefreshBook46Encoder();
    private final MDIncrementalRefreshTradeSummary48Encoder trade = new MDIncrementalRefreshTradeSummary48Encoder();
    private final MDIncrementalRefreshVolume37Encoder volume = new MDIncrementalRefreshVolume37Encoder();
    private final SecurityStatus30Encoder status = new SecurityStatus30Encoder();
    private final ChannelReset4Encoder reset = new ChannelReset4Encoder();
    private final MDIncrementalRefreshOrderBook47Encoder orderBook = new MDIncrementalRefreshOrderBook47Encoder();
    private MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder bookEntries;
    private MDIncrementalRefreshTradeSummary48Encoder.NoMDEntriesEncoder tradeEntries;
    private MDIncrementalRefreshVolume37Encoder.NoMDEntriesEncoder volumeEntries;

    private final int[] offsets = new int[MAX_MESSAGES];
    private final int[] lengths = new int[MAX_MESSAGES];
    private final Kind[] kinds = new Kind[MAX_MESSAGES];
    private final int maxBookEntries;
    private final int maxEventLength;
    private OrderEntry[] orders = new OrderEntry[0];
    private int orderCount;
    private int messageCount;
    private Kind openKind;
    private int openEntries;
    private int limit;
    private long transactTimeNs;

    /**
     * @param mbo market-by-order mode: order entries accepted, events may span several packets.
     */
    public IncrementalProxy(final boolean mbo)
    {
        maxBookEntries = mbo ? MAX_MBO_BOOK_ENTRIES : MAX_BOOK_ENTRIES;
        maxEventLength = mbo ? MAX_MBO_EVENT_LENGTH : MAX_EVENT_LENGTH;
        growOrders(256);
    }

    @Override
    public void beginEvent(final long transactTimeNs)
    {
        this.transactTimeNs = transactTimeNs;
        messageCount = 0;
        openKind = null;
        limit = 0;
        orderCount = 0;
    }

    /**
     * Append an order event (sent in MDIncrementalRefreshOrderBook47 messages at the end of the event).
     */
    @Override
    public void orderEntry(
        final boolean bid, final MDUpdateAction action, final long orderId, final long priority, final long price,
        final int displayQuantity, final int securityId)
    {
        if (orderCount == orders.length)
        {
            growOrders(orderCount * 2);
        }
        orders[orderCount++].set(bid, action, orderId, priority, price, displayQuantity, securityId);
    }

    private void growOrders(final int capacity)
    {
        final int filled = orders.length;
        orders = Arrays.copyOf(orders, capacity);
        for (int i = filled; i < capacity; i++)
        {
            orders[i] = new OrderEntry();
        }
    }

    /**
     * Append an outright (0/1) or implied (E/F) book entry.
     */
    @Override
    public void bookEntry(
        final boolean implied, final boolean bid, final MDUpdateAction action, final int level, final long price,
        final int size, final int orderCount, final int securityId, final long rptSeq)
    {
        final Kind kind = implied ? Kind.IMPLIED : Kind.QUOTE;
        if (openKind != kind || openEntries == maxBookEntries)
        {
            closeMessage();
            openMessage(kind);
            book.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            book.matchEventIndicator().clear();
            bookEntries = book.noMDEntriesCount(MAX_BOOK_ENTRIES);
        }
        final MDEntryTypeBook type = implied ? (bid ? MDEntryTypeBook.ImpliedBid : MDEntryTypeBook.ImpliedOffer) :
            (bid ? MDEntryTypeBook.Bid : MDEntryTypeBook.Offer);
        bookEntries.next()
            .securityID(securityId)
            .rptSeq(rptSeq)
            .numberOfOrders(orderCount)
            .mDPriceLevel((short)level)
            .mDUpdateAction(action)
            .mDEntryType(type)
            .tradeableSize(MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder.tradeableSizeNullValue())
            .mDEntrySize(size)
            .mDEntryPx().mantissa(price);
        openEntries++;
    }

    /**
     * Append a trade summary entry.
     */
    @Override
    public void tradeEntry(
        final long price, final int size, final int orderCount, final AggressorSide aggressor, final long tradeId,
        final int securityId, final long rptSeq)
    {
        if (openKind != Kind.TRADE || openEntries == maxBookEntries)
        {
            closeMessage();
            openMessage(Kind.TRADE);
            trade.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            trade.matchEventIndicator().clear();
            tradeEntries = trade.noMDEntriesCount(MAX_BOOK_ENTRIES);
        }
        tradeEntries.next()
            .mDEntrySize(size)
            .securityID(securityId)
            .rptSeq(rptSeq)
            .numberOfOrders(orderCount)
            .aggressorSide(aggressor)
            .mDUpdateAction(MDUpdateAction.New)
            .mDTradeEntryID(tradeId)
            .mDEntryPx().mantissa(price);
        openEntries++;
    }

    /**
     * Append an electronic volume entry (cumulative session volume).
     */
    @Override
    public void volumeEntry(final int cumulativeVolume, final int securityId, final long rptSeq)
    {
        if (openKind != Kind.VOLUME || openEntries == maxBookEntries)
        {
            closeMessage();
            openMessage(Kind.VOLUME);
            volume.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            volume.matchEventIndicator().clear();
            volumeEntries = volume.noMDEntriesCount(MAX_BOOK_ENTRIES);
        }
        volumeEntries.next()
            .mDEntrySize(cumulativeVolume)
            .securityID(securityId)
            .rptSeq(rptSeq)
            .mDUpdateAction(MDUpdateAction.New);
        openEntries++;
    }

    /**
     * A SecurityStatus30 message; securityId may be the null value 2147483647 for a group-wide status.
     */
    @Override
    public void securityStatus(
        final String securityGroup, final String asset, final int securityId, final int tradeDate,
        final SecurityTradingStatus tradingStatus, final HaltReason haltReason)
    {
        closeMessage();
        openMessage(Kind.STATUS);
        status.wrapAndApplyHeader(buffer, limit + 2, header)
            .transactTime(transactTimeNs)
            .securityGroup(securityGroup)
            .asset(asset)
            .securityID(securityId)
            .tradeDate(tradeDate)
            .securityTradingStatus(tradingStatus)
            .haltReason(haltReason)
            .securityTradingEvent(SecurityTradingEvent.NoEvent);
        status.matchEventIndicator().clear();
    }

    /**
     * A ChannelReset4 message for the channel.
     */
    @Override
    public void channelReset(final int applId)
    {
        closeMessage();
        openMessage(Kind.RESET);
        reset.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
        reset.matchEventIndicator().clear();
        reset.noMDEntriesCount(1).next().applID((short)applId);
    }

    /**
     * Close the event and write every message's MatchEventIndicator.
     *
     * @param trailingEndOfEvent end the event with an empty Book46 carrying only EndOfEvent.
     * @return number of messages in the event.
     */
    @Override
    public int endEvent(final boolean trailingEndOfEvent)
    {
        closeMessage();
        writeOrderMessages();
        if (trailingEndOfEvent)
        {
            openMessage(Kind.EMPTY);
            book.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            book.matchEventIndicator().clear();
            book.noMDEntriesCount(0);
            closeMessage();
        }

        int marked = 0;
        for (int i = messageCount - 1; i >= 0; i--)
        {
            // from the end: the first message of a kind met is the last of that kind
            final Kind kind = kinds[i];
            final int bits = (kind.lastBit & ~marked) | (i == messageCount - 1 ? MEI_END_OF_EVENT : 0);
            marked |= kind.lastBit;
            buffer.putByte(offsets[i] + kind.indicatorOffset, (byte)bits);
        }
        if (limit > maxEventLength)
        {
            throw new IllegalStateException("simulator bug: event of " + limit + " bytes exceeds one packet");
        }
        return messageCount;
    }

    /**
     * Bytes encoded so far in the open event, including the open message.
     */
    @Override
    public int eventLength()
    {
        return switch (openKind)
        {
            case QUOTE, IMPLIED -> limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength() + 8;
            case TRADE -> limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength() + 8;
            case VOLUME -> limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH + volume.encodedLength();
            case null, default -> limit;
        } + orderMessagesLength();
    }

    private int orderMessagesLength()
    {
        if (orderCount == 0)
        {
            return 0;
        }
        final int messages = (orderCount + MAX_ORDER_ENTRIES - 1) / MAX_ORDER_ENTRIES;
        return messages * (2 + MessageHeaderEncoder.ENCODED_LENGTH +
            MDIncrementalRefreshOrderBook47Encoder.BLOCK_LENGTH + 3) + orderCount * 40;
    }

    private void writeOrderMessages()
    {
        for (int start = 0; start < orderCount; start += MAX_ORDER_ENTRIES)
        {
            final int entries = Math.min(MAX_ORDER_ENTRIES, orderCount - start);
            openMessage(Kind.ORDER);
            orderBook.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            orderBook.matchEventIndicator().clear();
            final MDIncrementalRefreshOrderBook47Encoder.NoMDEntriesEncoder group = orderBook.noMDEntriesCount(entries);
            for (int i = start; i < start + entries; i++)
            {
                orders[i].encode(group.next());
            }
            closeMessage();
        }
        orderCount = 0;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    int messageCount()
    {
        return messageCount;
    }

    int messageOffset(final int index)
    {
        return offsets[index];
    }

    int messageLength(final int index)
    {
        return lengths[index];
    }

    int templateId(final int index)
    {
        return kinds[index].templateId;
    }

    private void openMessage(final Kind kind)
    {
        if (messageCount == MAX_MESSAGES)
        {
            throw new IllegalStateException("simulator bug: more than " + MAX_MESSAGES + " messages in one event");
        }
        openKind = kind;
        openEntries = 0;
        offsets[messageCount] = limit;
        kinds[messageCount] = kind;
    }

    private void closeMessage()
    {
        if (null == openKind)
        {
            return;
        }
        final int bodyLength = switch (openKind)
        {
            case QUOTE, IMPLIED ->
            {
                bookEntries.resetCountToIndex();
                book.noOrderIDEntriesCount(0);
                yield book.encodedLength();
            }
            case EMPTY ->
            {
                book.noOrderIDEntriesCount(0);
                yield book.encodedLength();
            }
            case TRADE ->
            {
                tradeEntries.resetCountToIndex();
                trade.noOrderIDEntriesCount(0);
                yield trade.encodedLength();
            }
            case VOLUME ->
            {
                volumeEntries.resetCountToIndex();
                yield volume.encodedLength();
            }
            case STATUS -> status.encodedLength();
            case ORDER -> orderBook.encodedLength();
            case RESET -> reset.encodedLength();
        };
        final int length = 2 + MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        buffer.putShort(limit, (short)length, ByteOrder.LITTLE_ENDIAN);
        lengths[messageCount] = length;
        messageCount++;
        limit += length;
        openKind = null;
    }

    /**
     * One order event of the open event, kept until the event's OrderBook47 messages are written after its other
     * messages; the entries are reused from event to event.
     */
    private static final class OrderEntry
    {
        private boolean bid;
        private MDUpdateAction action;
        private long orderId;
        private long priority;
        private long price;
        private int displayQuantity;
        private int securityId;

        void set(
            final boolean bid, final MDUpdateAction action, final long orderId, final long priority, final long price,
            final int displayQuantity, final int securityId)
        {
            this.bid = bid;
            this.action = action;
            this.orderId = orderId;
            this.priority = priority;
            this.price = price;
            this.displayQuantity = displayQuantity;
            this.securityId = securityId;
        }

        void encode(final MDIncrementalRefreshOrderBook47Encoder.NoMDEntriesEncoder entry)
        {
            entry
                .orderID(orderId)
                .mDOrderPriority(priority)
                .mDDisplayQty(displayQuantity)
                .securityID(securityId)
                .mDUpdateAction(action)
                .mDEntryType(bid ? MDEntryTypeBook.Bid : MDEntryTypeBook.Offer)
                .mDEntryPx().mantissa(price);
        }
    }
}
