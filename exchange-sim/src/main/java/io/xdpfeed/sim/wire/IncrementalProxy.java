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

    static final int KIND_TRADE = 0;
    static final int KIND_VOLUME = 1;
    static final int KIND_QUOTE = 2;
    static final int KIND_IMPLIED = 3;
    static final int KIND_STATUS = 4;
    static final int KIND_RESET = 5;
    static final int KIND_EMPTY = 6;
    static final int KIND_ORDER = 7;

    private static final int NO_KIND = -1;
    private static final int MAX_MESSAGES = 512;
    private static final int MEI_LAST_TRADE = 0x01;
    private static final int MEI_LAST_VOLUME = 0x02;
    private static final int MEI_LAST_QUOTE = 0x04;
    private static final int MEI_LAST_IMPLIED = 0x10;
    private static final int MEI_END_OF_EVENT = 0x80;

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
    private final int[] kinds = new int[MAX_MESSAGES];
    private final int[] meiOffsets = new int[MAX_MESSAGES];
    private final int[] templateIds = new int[MAX_MESSAGES];
    private final int maxBookEntries;
    private final int maxEventLength;
    private long[] orderIds = new long[256];
    private long[] orderPriorities = new long[256];
    private long[] orderPrices = new long[256];
    private int[] orderQuantities = new int[256];
    private int[] orderSecurityIds = new int[256];
    private MDUpdateAction[] orderActions = new MDUpdateAction[256];
    private boolean[] orderBids = new boolean[256];
    private int orderCount;
    private int messageCount;
    private int openKind = NO_KIND;
    private int openEntries;
    private int limit;
    private long transactTimeNs;

    IncrementalProxy()
    {
        this(false);
    }

    /**
     * @param mbo market-by-order mode: order entries accepted, events may span several packets.
     */
    public IncrementalProxy(final boolean mbo)
    {
        maxBookEntries = mbo ? MAX_MBO_BOOK_ENTRIES : MAX_BOOK_ENTRIES;
        maxEventLength = mbo ? MAX_MBO_EVENT_LENGTH : MAX_EVENT_LENGTH;
    }

    @Override
    public void beginEvent(final long transactTimeNs)
    {
        this.transactTimeNs = transactTimeNs;
        messageCount = 0;
        openKind = NO_KIND;
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
        if (orderCount == orderIds.length)
        {
            final int capacity = orderCount * 2;
            orderIds = Arrays.copyOf(orderIds, capacity);
            orderPriorities = Arrays.copyOf(orderPriorities, capacity);
            orderPrices = Arrays.copyOf(orderPrices, capacity);
            orderQuantities = Arrays.copyOf(orderQuantities, capacity);
            orderSecurityIds = Arrays.copyOf(orderSecurityIds, capacity);
            orderActions = Arrays.copyOf(orderActions, capacity);
            orderBids = Arrays.copyOf(orderBids, capacity);
        }
        orderIds[orderCount] = orderId;
        orderPriorities[orderCount] = priority;
        orderPrices[orderCount] = price;
        orderQuantities[orderCount] = displayQuantity;
        orderSecurityIds[orderCount] = securityId;
        orderActions[orderCount] = action;
        orderBids[orderCount] = bid;
        orderCount++;
    }

    /**
     * Append an outright (0/1) or implied (E/F) book entry.
     */
    @Override
    public void bookEntry(
        final boolean implied, final boolean bid, final MDUpdateAction action, final int level, final long price,
        final int size, final int orderCount, final int securityId, final long rptSeq)
    {
        final int kind = implied ? KIND_IMPLIED : KIND_QUOTE;
        if (openKind != kind || openEntries == maxBookEntries)
        {
            closeMessage();
            openMessage(kind);
            book.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            book.matchEventIndicator().clear();
            bookEntries = book.noMDEntriesCount(MAX_BOOK_ENTRIES);
            meiOffsets[messageCount] = limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH +
                MDIncrementalRefreshBook46Encoder.matchEventIndicatorEncodingOffset();
            templateIds[messageCount] = MDIncrementalRefreshBook46Encoder.TEMPLATE_ID;
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
        if (openKind != KIND_TRADE || openEntries == maxBookEntries)
        {
            closeMessage();
            openMessage(KIND_TRADE);
            trade.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            trade.matchEventIndicator().clear();
            tradeEntries = trade.noMDEntriesCount(MAX_BOOK_ENTRIES);
            meiOffsets[messageCount] = limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH +
                MDIncrementalRefreshTradeSummary48Encoder.matchEventIndicatorEncodingOffset();
            templateIds[messageCount] = MDIncrementalRefreshTradeSummary48Encoder.TEMPLATE_ID;
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
        if (openKind != KIND_VOLUME || openEntries == maxBookEntries)
        {
            closeMessage();
            openMessage(KIND_VOLUME);
            volume.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            volume.matchEventIndicator().clear();
            volumeEntries = volume.noMDEntriesCount(MAX_BOOK_ENTRIES);
            meiOffsets[messageCount] = limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH +
                MDIncrementalRefreshVolume37Encoder.matchEventIndicatorEncodingOffset();
            templateIds[messageCount] = MDIncrementalRefreshVolume37Encoder.TEMPLATE_ID;
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
        openMessage(KIND_STATUS);
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
        meiOffsets[messageCount] = limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH +
            SecurityStatus30Encoder.matchEventIndicatorEncodingOffset();
        templateIds[messageCount] = SecurityStatus30Encoder.TEMPLATE_ID;
    }

    /**
     * A ChannelReset4 message for the channel.
     */
    @Override
    public void channelReset(final int applId)
    {
        closeMessage();
        openMessage(KIND_RESET);
        reset.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
        reset.matchEventIndicator().clear();
        reset.noMDEntriesCount(1).next().applID((short)applId);
        meiOffsets[messageCount] = limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH +
            ChannelReset4Encoder.matchEventIndicatorEncodingOffset();
        templateIds[messageCount] = ChannelReset4Encoder.TEMPLATE_ID;
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
            openMessage(KIND_EMPTY);
            book.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            book.matchEventIndicator().clear();
            book.noMDEntriesCount(0);
            meiOffsets[messageCount] = limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH +
                MDIncrementalRefreshBook46Encoder.matchEventIndicatorEncodingOffset();
            templateIds[messageCount] = MDIncrementalRefreshBook46Encoder.TEMPLATE_ID;
            closeMessage();
        }

        int lastTrade = -1;
        int lastVolume = -1;
        int lastQuote = -1;
        int lastImplied = -1;
        for (int i = 0; i < messageCount; i++)
        {
            switch (kinds[i])
            {
                case KIND_TRADE -> lastTrade = i;
                case KIND_VOLUME -> lastVolume = i;
                case KIND_QUOTE -> lastQuote = i;
                case KIND_IMPLIED -> lastImplied = i;
                default ->
                {
                }
            }
        }
        for (int i = 0; i < messageCount; i++)
        {
            int bits = 0;
            bits |= i == lastTrade ? MEI_LAST_TRADE : 0;
            bits |= i == lastVolume ? MEI_LAST_VOLUME : 0;
            bits |= i == lastQuote ? MEI_LAST_QUOTE : 0;
            bits |= i == lastImplied ? MEI_LAST_IMPLIED : 0;
            bits |= i == messageCount - 1 ? MEI_END_OF_EVENT : 0;
            buffer.putByte(meiOffsets[i], (byte)bits);
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
            case KIND_QUOTE, KIND_IMPLIED -> limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength() +
                8;
            case KIND_TRADE -> limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength() + 8;
            case KIND_VOLUME -> limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH + volume.encodedLength();
            default -> limit;
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
            openMessage(KIND_ORDER);
            orderBook.wrapAndApplyHeader(buffer, limit + 2, header).transactTime(transactTimeNs);
            orderBook.matchEventIndicator().clear();
            meiOffsets[messageCount] = limit + 2 + MessageHeaderEncoder.ENCODED_LENGTH +
                MDIncrementalRefreshOrderBook47Encoder.matchEventIndicatorEncodingOffset();
            templateIds[messageCount] = MDIncrementalRefreshOrderBook47Encoder.TEMPLATE_ID;
            final MDIncrementalRefreshOrderBook47Encoder.NoMDEntriesEncoder group = orderBook.noMDEntriesCount(entries);
            for (int i = start; i < start + entries; i++)
            {
                group.next()
                    .orderID(orderIds[i])
                    .mDOrderPriority(orderPriorities[i])
                    .mDDisplayQty(orderQuantities[i])
                    .securityID(orderSecurityIds[i])
                    .mDUpdateAction(orderActions[i])
                    .mDEntryType(orderBids[i] ? MDEntryTypeBook.Bid : MDEntryTypeBook.Offer)
                    .mDEntryPx().mantissa(orderPrices[i]);
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
        return templateIds[index];
    }

    private void openMessage(final int kind)
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
        if (openKind == NO_KIND)
        {
            return;
        }
        final int bodyLength;
        switch (openKind)
        {
            case KIND_QUOTE, KIND_IMPLIED ->
            {
                bookEntries.resetCountToIndex();
                book.noOrderIDEntriesCount(0);
                bodyLength = book.encodedLength();
            }
            case KIND_EMPTY ->
            {
                book.noOrderIDEntriesCount(0);
                bodyLength = book.encodedLength();
            }
            case KIND_TRADE ->
            {
                tradeEntries.resetCountToIndex();
                trade.noOrderIDEntriesCount(0);
                bodyLength = trade.encodedLength();
            }
            case KIND_VOLUME ->
            {
                volumeEntries.resetCountToIndex();
                bodyLength = volume.encodedLength();
            }
            case KIND_STATUS -> bodyLength = status.encodedLength();
            case KIND_ORDER -> bodyLength = orderBook.encodedLength();
            case KIND_RESET -> bodyLength = reset.encodedLength();
            default -> throw new IllegalStateException("unknown message kind " + openKind);
        }
        final int length = 2 + MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        buffer.putShort(limit, (short)length, ByteOrder.LITTLE_ENDIAN);
        lengths[messageCount] = length;
        messageCount++;
        limit += length;
        openKind = NO_KIND;
    }
}
