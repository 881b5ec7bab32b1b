package io.xdpfeed.handler.testing;

import io.xdpfeed.codecs.mdp3.AggressorSide;
import io.xdpfeed.codecs.mdp3.ChannelReset4Encoder;
import io.xdpfeed.codecs.mdp3.HaltReason;
import io.xdpfeed.codecs.mdp3.MDEntryType;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Encoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Encoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Encoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Encoder;
import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Encoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.OrderUpdateAction;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Encoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Encoder;
import io.xdpfeed.codecs.mdp3.SecurityTradingEvent;
import io.xdpfeed.codecs.mdp3.SecurityTradingStatus;
import io.xdpfeed.codecs.mdp3.SecurityUpdateAction;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Encoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds MDP 3.0 datagrams with the generated encoders for tests: a packet header, then messages, each with MsgSize
 * and the SBE header. Test code: allocates freely.
 */
public final class Mdp3PacketBuilder
{
    /** MatchEventIndicator with EndOfEvent set. */
    public static final int END_OF_EVENT = 0x80;

    /**
     * One MBP entry of template 46 (or a snapshot level of 52 when action is ignored).
     *
     * @param securityId SecurityID.
     * @param rptSeq     RptSeq.
     * @param action     MDUpdateAction 0..5.
     * @param entryType  '0', '1', 'E', 'F', 'J'.
     * @param level      MDPriceLevel.
     * @param price      PRICE9 mantissa (Long.MAX_VALUE for null).
     * @param size       MDEntrySize.
     * @param orders     NumberOfOrders.
     */
    public record BookEntry(
        int securityId, long rptSeq, int action, char entryType, int level, long price, int size, int orders)
    {
    }

    /**
     * One trade summary entry of template 48.
     *
     * @param securityId    SecurityID.
     * @param rptSeq        RptSeq.
     * @param price         PRICE9 mantissa.
     * @param size          MDEntrySize.
     * @param orders        NumberOfOrders.
     * @param aggressorSide 0 none, 1 buy, 2 sell.
     * @param tradeId       MDTradeEntryID.
     */
    public record TradeEntry(int securityId, long rptSeq, long price, int size, int orders, int aggressorSide,
        long tradeId)
    {
    }

    /**
     * One volume entry of template 37.
     *
     * @param securityId SecurityID.
     * @param rptSeq     RptSeq.
     * @param volume     cumulative volume.
     */
    public record VolumeEntry(int securityId, long rptSeq, int volume)
    {
    }

    /**
     * One order entry of template 47.
     *
     * @param securityId SecurityID.
     * @param orderId    OrderID.
     * @param priority   MDOrderPriority.
     * @param price      mantissa.
     * @param displayQty MDDisplayQty.
     * @param action     MDUpdateAction 0 new, 1 change, 2 delete.
     * @param entryType  '0' or '1'.
     */
    public record OrderEntry(int securityId, long orderId, long priority, long price, int displayQty, int action,
        char entryType)
    {
    }

    /**
     * One entry of the OrderID group of template 46.
     *
     * @param orderId     OrderID.
     * @param priority    MDOrderPriority.
     * @param displayQty  MDDisplayQty.
     * @param referenceId 1-based index of the MD entry of the message it belongs to.
     * @param action      OrderUpdateAction 0 new, 1 update, 2 delete.
     */
    public record OrderIdEntry(long orderId, long priority, int displayQty, int referenceId, int action)
    {
    }

    /**
     * One order of a SnapshotFullRefreshOrderBook53.
     *
     * @param orderId    OrderID.
     * @param priority   MDOrderPriority.
     * @param price      mantissa.
     * @param displayQty MDDisplayQty.
     * @param entryType  '0' or '1'.
     */
    public record SnapshotOrder(long orderId, long priority, long price, int displayQty, char entryType)
    {
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final java.util.List<Integer> messageOffsets = new java.util.ArrayList<>();
    private int limit;

    /**
     * Start a packet.
     *
     * @param msgSeqNum     packet MsgSeqNum.
     * @param sendingTimeNs SendingTime.
     * @return this.
     */
    public Mdp3PacketBuilder packet(final long msgSeqNum, final long sendingTimeNs)
    {
        buffer.putInt(0, (int)msgSeqNum, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(4, sendingTimeNs, ByteOrder.LITTLE_ENDIAN);
        limit = 12;
        messageOffsets.clear();
        return this;
    }

    /**
     * @param matchEventIndicator raw MatchEventIndicator.
     * @param entries             the entries.
     * @return this.
     */
    public Mdp3PacketBuilder book46(final int matchEventIndicator, final BookEntry... entries)
    {
        final MDIncrementalRefreshBook46Encoder encoder = new MDIncrementalRefreshBook46Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).transactTime(1);
        putMatchEventIndicator(encoder.matchEventIndicator().offset(), matchEventIndicator);
        final MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder group = encoder.noMDEntriesCount(entries.length);
        for (final BookEntry entry : entries)
        {
            group.next();
            group.mDEntryPx().mantissa(entry.price());
            group.mDEntrySize(entry.size()).securityID(entry.securityId()).rptSeq(entry.rptSeq())
                .numberOfOrders(entry.orders()).mDPriceLevel((short)entry.level())
                .mDUpdateAction(MDUpdateAction.get((short)entry.action()))
                .mDEntryType(MDEntryTypeBook.get((byte)entry.entryType())).tradeableSize(Integer.MAX_VALUE);
        }
        encoder.noOrderIDEntriesCount(0);
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * A 46 of an MBO channel: MD entries and the OrderID group.
     *
     * @param matchEventIndicator raw MatchEventIndicator.
     * @param entries             the MD entries.
     * @param orders              the OrderID entries.
     * @return this.
     */
    public Mdp3PacketBuilder book46(
        final int matchEventIndicator, final BookEntry[] entries, final OrderIdEntry... orders)
    {
        final MDIncrementalRefreshBook46Encoder encoder = new MDIncrementalRefreshBook46Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).transactTime(1);
        putMatchEventIndicator(encoder.matchEventIndicator().offset(), matchEventIndicator);
        final MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder group = encoder.noMDEntriesCount(entries.length);
        for (final BookEntry entry : entries)
        {
            group.next();
            group.mDEntryPx().mantissa(entry.price());
            group.mDEntrySize(entry.size()).securityID(entry.securityId()).rptSeq(entry.rptSeq())
                .numberOfOrders(entry.orders()).mDPriceLevel((short)entry.level())
                .mDUpdateAction(MDUpdateAction.get((short)entry.action()))
                .mDEntryType(MDEntryTypeBook.get((byte)entry.entryType())).tradeableSize(Integer.MAX_VALUE);
        }
        final MDIncrementalRefreshBook46Encoder.NoOrderIDEntriesEncoder orderGroup =
            encoder.noOrderIDEntriesCount(orders.length);
        for (final OrderIdEntry order : orders)
        {
            orderGroup.next().orderID(order.orderId()).mDOrderPriority(order.priority())
                .mDDisplayQty(order.displayQty()).referenceID((short)order.referenceId())
                .orderUpdateAction(OrderUpdateAction.get((short)order.action()));
        }
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * @param lastMsgSeqNumProcessed tag 369.
     * @param totNumReports          instruments in the loop.
     * @param securityId             SecurityID.
     * @param chunks                 NoChunks.
     * @param chunk                  CurrentChunk.
     * @param orders                 the orders of this chunk.
     * @return this.
     */
    public Mdp3PacketBuilder snapshot53(
        final long lastMsgSeqNumProcessed,
        final long totNumReports,
        final int securityId,
        final int chunks,
        final int chunk,
        final SnapshotOrder... orders)
    {
        final SnapshotFullRefreshOrderBook53Encoder encoder = new SnapshotFullRefreshOrderBook53Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).lastMsgSeqNumProcessed(lastMsgSeqNumProcessed)
            .totNumReports(totNumReports).securityID(securityId).noChunks(chunks).currentChunk(chunk).transactTime(1);
        final SnapshotFullRefreshOrderBook53Encoder.NoMDEntriesEncoder group = encoder.noMDEntriesCount(orders.length);
        for (final SnapshotOrder order : orders)
        {
            group.next().orderID(order.orderId()).mDOrderPriority(order.priority());
            group.mDEntryPx().mantissa(order.price());
            group.mDDisplayQty(order.displayQty()).mDEntryType(MDEntryTypeBook.get((byte)order.entryType()));
        }
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * @param matchEventIndicator raw MatchEventIndicator.
     * @param entries             the trades.
     * @return this.
     */
    public Mdp3PacketBuilder trade48(final int matchEventIndicator, final TradeEntry... entries)
    {
        return trade48(matchEventIndicator, MDUpdateAction.New, entries);
    }

    /**
     * @param matchEventIndicator raw MatchEventIndicator.
     * @param action              every entry's MDUpdateAction (Delete: a trade cancel).
     * @param entries             the trades.
     * @return this.
     */
    public Mdp3PacketBuilder trade48(
        final int matchEventIndicator, final MDUpdateAction action, final TradeEntry... entries)
    {
        final MDIncrementalRefreshTradeSummary48Encoder encoder = new MDIncrementalRefreshTradeSummary48Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).transactTime(1);
        putMatchEventIndicator(encoder.matchEventIndicator().offset(), matchEventIndicator);
        final MDIncrementalRefreshTradeSummary48Encoder.NoMDEntriesEncoder group =
            encoder.noMDEntriesCount(entries.length);
        for (final TradeEntry entry : entries)
        {
            group.next();
            group.mDEntryPx().mantissa(entry.price());
            group.mDEntrySize(entry.size()).securityID(entry.securityId()).rptSeq(entry.rptSeq())
                .numberOfOrders(entry.orders()).aggressorSide(AggressorSide.get((short)entry.aggressorSide()))
                .mDUpdateAction(action).mDTradeEntryID(entry.tradeId());
        }
        encoder.noOrderIDEntriesCount(0);
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * @param matchEventIndicator raw MatchEventIndicator.
     * @param entries             the volumes.
     * @return this.
     */
    public Mdp3PacketBuilder volume37(final int matchEventIndicator, final VolumeEntry... entries)
    {
        final MDIncrementalRefreshVolume37Encoder encoder = new MDIncrementalRefreshVolume37Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).transactTime(1);
        putMatchEventIndicator(encoder.matchEventIndicator().offset(), matchEventIndicator);
        final MDIncrementalRefreshVolume37Encoder.NoMDEntriesEncoder group = encoder.noMDEntriesCount(entries.length);
        for (final VolumeEntry entry : entries)
        {
            group.next().mDEntrySize(entry.volume()).securityID(entry.securityId()).rptSeq(entry.rptSeq())
                .mDUpdateAction(MDUpdateAction.New);
        }
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * @param matchEventIndicator raw MatchEventIndicator.
     * @param entries             the orders.
     * @return this.
     */
    public Mdp3PacketBuilder orderBook47(final int matchEventIndicator, final OrderEntry... entries)
    {
        final MDIncrementalRefreshOrderBook47Encoder encoder = new MDIncrementalRefreshOrderBook47Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).transactTime(1);
        putMatchEventIndicator(encoder.matchEventIndicator().offset(), matchEventIndicator);
        final MDIncrementalRefreshOrderBook47Encoder.NoMDEntriesEncoder group =
            encoder.noMDEntriesCount(entries.length);
        for (final OrderEntry entry : entries)
        {
            group.next().orderID(entry.orderId()).mDOrderPriority(entry.priority());
            group.mDEntryPx().mantissa(entry.price());
            group.mDDisplayQty(entry.displayQty()).securityID(entry.securityId())
                .mDUpdateAction(MDUpdateAction.get((short)entry.action()))
                .mDEntryType(MDEntryTypeBook.get((byte)entry.entryType()));
        }
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * @param securityId    SecurityID, or Integer.MAX_VALUE for a group status.
     * @param group         security group (6 chars max).
     * @param tradingStatus raw SecurityTradingStatus.
     * @return this.
     */
    public Mdp3PacketBuilder status30(final int securityId, final String group, final int tradingStatus)
    {
        final SecurityStatus30Encoder encoder = new SecurityStatus30Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).transactTime(1).securityGroup(group).asset("ASSET")
            .securityID(securityId).tradeDate(1);
        putMatchEventIndicator(encoder.matchEventIndicator().offset(), END_OF_EVENT);
        encoder.securityTradingStatus(SecurityTradingStatus.get((short)tradingStatus))
            .haltReason(HaltReason.GroupSchedule).securityTradingEvent(SecurityTradingEvent.NoEvent);
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * @return this, with a ChannelReset4 message appended.
     */
    public Mdp3PacketBuilder reset4()
    {
        final ChannelReset4Encoder encoder = new ChannelReset4Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).transactTime(1);
        putMatchEventIndicator(encoder.matchEventIndicator().offset(), END_OF_EVENT);
        encoder.noMDEntriesCount(1).next().applID((short)1);
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * @param lastMsgSeqNumProcessed tag 369.
     * @param totNumReports          messages in the loop.
     * @param securityId             SecurityID.
     * @param rptSeq                 RptSeq of the book.
     * @param levels                 the levels (action and rptSeq ignored).
     * @return this.
     */
    public Mdp3PacketBuilder snapshot52(
        final long lastMsgSeqNumProcessed,
        final long totNumReports,
        final int securityId,
        final long rptSeq,
        final BookEntry... levels)
    {
        final SnapshotFullRefresh52Encoder encoder = new SnapshotFullRefresh52Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header).lastMsgSeqNumProcessed(lastMsgSeqNumProcessed)
            .totNumReports(totNumReports).securityID(securityId).rptSeq(rptSeq).transactTime(1).lastUpdateTime(1)
            .tradeDate(1).mDSecurityTradingStatus(SecurityTradingStatus.ReadyToTrade);
        encoder.highLimitPrice().mantissa(Long.MAX_VALUE);
        encoder.lowLimitPrice().mantissa(Long.MAX_VALUE);
        encoder.maxPriceVariation().mantissa(Long.MAX_VALUE);
        final SnapshotFullRefresh52Encoder.NoMDEntriesEncoder group = encoder.noMDEntriesCount(levels.length);
        for (final BookEntry level : levels)
        {
            group.next();
            group.mDEntryPx().mantissa(level.price());
            group.mDEntrySize(level.size()).numberOfOrders(level.orders()).mDPriceLevel((byte)level.level())
                .tradingReferenceDate(65535).openCloseSettlFlag(io.xdpfeed.codecs.mdp3.OpenCloseSettlFlag.NULL_VAL)
                .mDEntryType(MDEntryType.get((byte)level.entryType()));
            group.settlPriceType().clear();
        }
        return endMessage(start, encoder.encodedLength());
    }

    /**
     * @param securityId    SecurityID.
     * @param symbol        Symbol.
     * @param group         SecurityGroup.
     * @param depth         GBX MarketDepth.
     * @param impliedDepth  GBI MarketDepth, 0 for none.
     * @param totNumReports instruments in the loop.
     * @param updateTime    LastUpdateTime.
     * @return this.
     */
    public Mdp3PacketBuilder definition54(
        final int securityId,
        final String symbol,
        final String group,
        final int depth,
        final int impliedDepth,
        final long totNumReports,
        final long updateTime)
    {
        final MDInstrumentDefinitionFuture54Encoder encoder = new MDInstrumentDefinitionFuture54Encoder();
        final int start = beginMessage();
        encoder.wrapAndApplyHeader(buffer, start + 2, header);
        putMatchEventIndicator(encoder.matchEventIndicator().offset(), 0);
        encoder.totNumReports(totNumReports).securityUpdateAction(SecurityUpdateAction.Add)
            .lastUpdateTime(updateTime).mDSecurityTradingStatus(SecurityTradingStatus.ReadyToTrade).applID((short)1)
            .marketSegmentID((short)1).underlyingProduct((short)1).securityExchange("XCME").securityGroup(group)
            .asset("ES");
        encoder.putSymbol(padded(symbol, 20), 0);
        encoder.securityID(securityId).securityType("FUT").cFICode("FFIXSX").currency("USD").settlCurrency("USD")
            .matchAlgorithm((byte)'F').minTradeVol(1).maxTradeVol(1000);
        encoder.minPriceIncrement().mantissa(250_000_000L);
        encoder.displayFactor().mantissa(1_000_000_000L);
        encoder.noEventsCount(0);
        final MDInstrumentDefinitionFuture54Encoder.NoMDFeedTypesEncoder feedTypes =
            encoder.noMDFeedTypesCount(impliedDepth > 0 ? 2 : 1);
        feedTypes.next().mDFeedType("GBX").marketDepth((byte)depth);
        if (impliedDepth > 0)
        {
            feedTypes.next().mDFeedType("GBI").marketDepth((byte)impliedDepth);
        }
        encoder.noInstAttribCount(0);
        encoder.noLotTypeRulesCount(0);
        return endMessage(start, encoder.encodedLength());
    }

    private static byte[] padded(final String text, final int length)
    {
        final byte[] bytes = Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), length);
        return bytes;
    }

    private int beginMessage()
    {
        messageOffsets.add(limit);
        return limit;
    }

    /**
     * @param index of the message in the packet.
     * @return offset of its MsgSize field in the packet.
     */
    public int messageOffset(final int index)
    {
        return messageOffsets.get(index);
    }

    /**
     * Offset of a field of an entry of the first group of a message whose root block is 11 bytes (templates 37, 46,
     * 47, 48 at v13): MsgSize 2 + header 8 + root 11 + group header 3, then entries of {@code entryLength}.
     *
     * @param messageIndex index of the message in the packet.
     * @param entryIndex   index of the entry.
     * @param entryLength  blockLength of the group's entries.
     * @param fieldOffset  offset of the field in the entry.
     * @return offset in the packet.
     */
    public int entryFieldOffset(final int messageIndex, final int entryIndex, final int entryLength,
        final int fieldOffset)
    {
        return messageOffset(messageIndex) + 2 + 8 + 11 + 3 + entryIndex * entryLength + fieldOffset;
    }

    private Mdp3PacketBuilder endMessage(final int start, final int bodyLength)
    {
        final int msgSize = 2 + MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        buffer.putShort(start, (short)msgSize, ByteOrder.LITTLE_ENDIAN);
        limit = start + msgSize;
        return this;
    }

    private void putMatchEventIndicator(final int offset, final int value)
    {
        buffer.putByte(offset, (byte)value);
    }

    /**
     * @return the buffer holding the packet at offset 0.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the packet length.
     */
    public int length()
    {
        return limit;
    }

    /**
     * @return a copy of the packet.
     */
    public byte[] toBytes()
    {
        final byte[] bytes = new byte[limit];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /**
     * Convenience: a book entry.
     *
     * @param securityId SecurityID.
     * @param rptSeq     RptSeq.
     * @param action     MDUpdateAction.
     * @param entryType  '0', '1', 'E', 'F', 'J'.
     * @param level      MDPriceLevel.
     * @param price      mantissa.
     * @param size       size.
     * @param orders     orders.
     * @return the entry.
     */
    public static BookEntry book(
        final int securityId, final long rptSeq, final int action, final char entryType, final int level,
        final long price, final int size, final int orders)
    {
        return new BookEntry(securityId, rptSeq, action, entryType, level, price, size, orders);
    }

    /**
     * Convenience: a snapshot level.
     *
     * @param entryType '0', '1', 'E', 'F'.
     * @param level     MDPriceLevel.
     * @param price     mantissa.
     * @param size      size.
     * @param orders    orders.
     * @return the level as a book entry.
     */
    public static BookEntry level(final char entryType, final int level, final long price, final int size,
        final int orders)
    {
        return new BookEntry(0, 0, 0, entryType, level, price, size, orders);
    }
}
