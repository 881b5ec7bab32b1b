package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.protocol.AuctionImbalance;

/**
 * What a {@link ChannelState} tells the world, one call per normalized record to publish, in stream order.
 * <p>
 * Called on the receive thread; implementations must not throw and should not allocate. Arguments are valid during
 * the call only. Every method has an empty default.
 */
public interface ChannelListener
{
    /**
     * A datagram starts: the calls up to {@link #onPacketEnd()} carry what it produced (a publisher may gather them
     * into one message). Called by the engine around every datagram of a line it uses, whatever the protocol; calls
     * outside such a pair (timers, snapshot answers) stand alone.
     */
    default void onPacketStart()
    {
    }

    /**
     * The datagram opened by {@link #onPacketStart()} is done.
     */
    default void onPacketEnd()
    {
    }

    /**
     * The datagram opened by {@link #onPacketStart()} is done, the clock already read: a publisher stamps what it
     * sends now with this time instead of reading its own clock again (the latency timer reads the clock here
     * anyway). The default ignores the time.
     *
     * @param publishTimeNs ns since the epoch, on the publisher's clock.
     */
    default void onPacketEnd(final long publishTimeNs)
    {
        onPacketEnd();
    }

    /**
     * Where the book path may write each BookUpdate's levels as it applies them, instead of handing a
     * {@link BookChanges} list to {@link #onBookUpdate} (the fused path of a publisher that stages a datagram's
     * records). Asked once, when a channel is built.
     *
     * @return the stage, or null (the default) for {@link #onBookUpdate} calls only.
     */
    default BookUpdateStage bookUpdateStage()
    {
        return null;
    }

    /**
     * A new or changed instrument definition.
     *
     * @param instrument defined.
     * @param packet     it came in.
     */
    default void onInstrumentDefinition(final Instrument instrument, final PacketInfo packet)
    {
    }

    /**
     * The levels one MDP book message changed for one instrument.
     *
     * @param instrument          changed; its book already holds the changes.
     * @param changes             the changed levels in entry order.
     * @param endOfEvent          true on the last record of a message that closes the match event.
     * @param matchEventIndicator raw MatchEventIndicator of the message.
     * @param packet              it came in.
     */
    default void onBookUpdate(
        final Instrument instrument,
        final BookChanges changes,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
    }

    /**
     * The whole book of an instrument: after it was recovered, after a channel reset emptied it, or to answer a
     * snapshot request.
     *
     * @param instrument             whose book to send.
     * @param requestId              the request answered, 0 when unsolicited.
     * @param lastMsgSeqNumProcessed last incremental MsgSeqNum included in the book.
     * @param packet                 the packet that caused it (or the last one processed).
     */
    default void onBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
    }

    /**
     * One order event of a market-by-order book (template 47, or the OrderID group of 46), already applied.
     *
     * @param instrument          whose book.
     * @param side                of the order (BID for CLEAR).
     * @param action              ADD, MODIFY, DELETE or CLEAR.
     * @param orderId             CME OrderID (0 for CLEAR).
     * @param priority            MDOrderPriority (0 when unknown).
     * @param price               mantissa, exponent -9 (null for CLEAR).
     * @param displayQty          visible quantity (0 for DELETE and CLEAR).
     * @param endOfEvent          true on the last record of a message that closes the match event.
     * @param matchEventIndicator raw MatchEventIndicator of the message.
     * @param packet              it came in.
     */
    default void onOrderUpdate(
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
    }

    /**
     * The whole market-by-order book of an instrument ({@link Instrument#orderBook()}): after it was recovered, after
     * a channel reset emptied it, or to answer a snapshot request.
     *
     * @param instrument             whose book to send.
     * @param requestId              the request answered, 0 when unsolicited.
     * @param lastMsgSeqNumProcessed last incremental MsgSeqNum included in the book.
     * @param packet                 the packet that caused it (or the last one processed).
     */
    default void onOrderBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
    }

    /**
     * A trade cancelled (broken) after it was published: a trade summary entry whose MDUpdateAction is not New, an
     * ITCH Broken Trade.
     *
     * @param instrument whose trade.
     * @param price      mantissa, exponent -9, as sent with the cancel; null (Long.MAX_VALUE) when not sent.
     * @param size       quantity as sent with the cancel, 0 when not sent.
     * @param tradeId    of the cancelled trade (MDTradeEntryID, ITCH match number), 0 when absent.
     * @param rptSeq     RptSeq of the entry, -1 when the protocol has none.
     * @param packet     it came in.
     */
    default void onTradeCancel(
        final Instrument instrument,
        final long price,
        final long size,
        final long tradeId,
        final long rptSeq,
        final PacketInfo packet)
    {
    }

    /**
     * One trade summary entry.
     *
     * @param instrument    traded.
     * @param price         mantissa, exponent -9.
     * @param size          traded quantity.
     * @param orderCount    orders that took part.
     * @param aggressorSide side of the aggressor.
     * @param tradeId       MDTradeEntryID, 0 when absent.
     * @param endOfEvent    true on the last entry of a message that closes the match event.
     * @param rptSeq        RptSeq of the entry.
     * @param packet        it came in.
     */
    default void onTrade(
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
    }

    /**
     * Cumulative session volume of an instrument.
     *
     * @param instrument  concerned.
     * @param totalVolume cumulative volume.
     * @param rptSeq      RptSeq of the entry.
     * @param endOfEvent  true on the last entry of a message that closes the match event.
     * @param packet      it came in.
     */
    default void onVolume(
        final Instrument instrument,
        final long totalVolume,
        final long rptSeq,
        final boolean endOfEvent,
        final PacketInfo packet)
    {
    }

    /**
     * The imbalance of the instrument's coming auction (an ITCH Net Order Imbalance Indicator).
     *
     * @param instrument whose auction.
     * @param imbalance  its values, valid during the call.
     * @param packet     it came in.
     */
    default void onAuctionImbalance(
        final Instrument instrument, final AuctionImbalance imbalance, final PacketInfo packet)
    {
    }

    /**
     * Trading status or feed status of an instrument changed.
     *
     * @param instrument whose status; its fields hold the new values.
     * @param packet     it came in.
     */
    default void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
    {
    }

    /**
     * A security group status (SecurityStatus30 without SecurityID) that matched no known instrument.
     *
     * @param channelId     of the channel.
     * @param tradingStatus CME SecurityTradingStatus raw.
     * @param haltReason    CME HaltReason raw.
     * @param tradingEvent  CME SecurityTradingEvent raw.
     * @param packet        it came in.
     */
    default void onGroupStatus(
        final int channelId,
        final short tradingStatus,
        final short haltReason,
        final short tradingEvent,
        final PacketInfo packet)
    {
    }

    /**
     * The channel became STALE, RECOVERING or LIVE.
     *
     * @param channelId  CME channel id.
     * @param feedStatus the new state.
     * @param gapFrom    first missing MsgSeqNum of the current or last gap, 0 when none.
     * @param gapTo      last missing MsgSeqNum of the current or last gap, 0 when none.
     * @param recoveries recoveries of the channel so far.
     * @param packet     the packet (or timer) that caused it.
     */
    default void onChannelStatus(
        final int channelId,
        final FeedStatus feedStatus,
        final long gapFrom,
        final long gapTo,
        final long recoveries,
        final PacketInfo packet)
    {
    }
}
