package io.xdpfeed.sim.market;

import io.xdpfeed.codecs.mdp3.AggressorSide;
import io.xdpfeed.codecs.mdp3.HaltReason;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.SecurityTradingStatus;

/**
 * Where the market model writes each match event as it happens, entry by entry: the wire package's encoder
 * implements it, so the model does not depend on how events are laid out in messages and packets.
 * <p>
 * An event is {@link #beginEvent}, any number of entries, then {@link #endEvent}; entries of one event keep their
 * order within their kind.
 */
public interface MatchEventEncoder
{
    /**
     * Start an event.
     *
     * @param transactTimeNs TransactTime of every message of the event (ns since the epoch).
     */
    void beginEvent(long transactTimeNs);

    /**
     * Append an order event (market by order).
     *
     * @param bid             side of the order.
     * @param action          New, Change or Delete.
     * @param orderId         OrderID.
     * @param priority        MDOrderPriority.
     * @param price           PRICE9 mantissa.
     * @param displayQuantity MDDisplayQty.
     * @param securityId      instrument.
     */
    void orderEntry(
        boolean bid, MDUpdateAction action, long orderId, long priority, long price, int displayQuantity,
        int securityId);

    /**
     * Append an outright or implied book entry.
     *
     * @param implied    implied book (entry types E/F) rather than outright (0/1).
     * @param bid        side.
     * @param action     MDUpdateAction.
     * @param level      MDPriceLevel, 1-based.
     * @param price      PRICE9 mantissa.
     * @param size       MDEntrySize.
     * @param orderCount NumberOfOrders.
     * @param securityId instrument.
     * @param rptSeq     the instrument's RptSeq for this entry.
     */
    void bookEntry(
        boolean implied, boolean bid, MDUpdateAction action, int level, long price, int size, int orderCount,
        int securityId, long rptSeq);

    /**
     * Append a trade summary entry.
     *
     * @param price      PRICE9 mantissa.
     * @param size       traded quantity.
     * @param orderCount NumberOfOrders.
     * @param aggressor  AggressorSide.
     * @param tradeId    MDTradeEntryID.
     * @param securityId instrument.
     * @param rptSeq     the instrument's RptSeq for this entry.
     */
    void tradeEntry(
        long price, int size, int orderCount, AggressorSide aggressor, long tradeId, int securityId, long rptSeq);

    /**
     * Append an electronic volume entry.
     *
     * @param cumulativeVolume session volume so far.
     * @param securityId       instrument.
     * @param rptSeq           the instrument's RptSeq for this entry.
     */
    void volumeEntry(int cumulativeVolume, int securityId, long rptSeq);

    /**
     * Append a security status; securityId may be the null value 2147483647 for a group-wide status.
     *
     * @param securityGroup  SecurityGroup.
     * @param asset          Asset.
     * @param securityId     instrument, or the null value.
     * @param tradeDate      TradeDate (days since the epoch).
     * @param tradingStatus  SecurityTradingStatus.
     * @param haltReason     HaltReason.
     */
    void securityStatus(
        String securityGroup, String asset, int securityId, int tradeDate, SecurityTradingStatus tradingStatus,
        HaltReason haltReason);

    /**
     * Append a channel reset.
     *
     * @param applId the channel.
     */
    void channelReset(int applId);

    /**
     * Close the event.
     *
     * @param trailingEndOfEvent end the event with an empty book message carrying only EndOfEvent.
     * @return number of messages in the event.
     */
    int endEvent(boolean trailingEndOfEvent);

    /**
     * @return bytes taken by the open event so far (0 when it has no entry yet).
     */
    int eventLength();
}
