package io.xdpfeed.handler.protocol;

/**
 * Trades, volume, statistics and trading status of the incremental stream. Trades and volume are facts: they are
 * published for every instrument (STALE ones too) when live, and their sequence numbers still count. A protocol
 * hands over trades, volume and statistics of incremental messages, and status of live ones only.
 */
public interface EventSink
{
    /** No trading status, halt reason or event sent. */
    short NO_STATUS = 255;
    /** Aggressor side not sent. */
    int NO_AGGRESSOR = 0;
    /** Aggressor was the buyer. */
    int BUY_AGGRESSOR = 1;
    /** Aggressor was the seller. */
    int SELL_AGGRESSOR = 2;

    /**
     * One trade entry.
     *
     * @param securityId          the instrument.
     * @param rptSeq              the instrument's sequence number of the entry.
     * @param cancel              true for a trade correction or cancel (counted and published as a cancel of the
     *                            trade {@code tradeId}).
     * @param price               trade price.
     * @param size                traded quantity.
     * @param orders              orders filled, 0 when not sent.
     * @param aggressorSide       {@link #NO_AGGRESSOR}, {@link #BUY_AGGRESSOR}, {@link #SELL_AGGRESSOR}.
     * @param tradeId             exchange trade id, 0 when not sent.
     * @param endOfEvent          true when this entry ends the exchange's match event.
     * @param live                true to publish (a live packet), false to count the sequence only (a replay).
     */
    void trade(
        int securityId, long rptSeq, boolean cancel, long price, int size, int orders, int aggressorSide,
        long tradeId, boolean endOfEvent, boolean live);

    /**
     * The instrument's total traded volume.
     *
     * @param securityId the instrument.
     * @param rptSeq     the instrument's sequence number of the entry.
     * @param volume     total volume of the session.
     * @param endOfEvent true when this entry ends the exchange's match event.
     * @param live       true to publish, false to count the sequence only.
     */
    void volume(int securityId, long rptSeq, long volume, boolean endOfEvent, boolean live);

    /**
     * An entry not published (statistics): its sequence number still counts.
     *
     * @param securityId the instrument.
     * @param rptSeq     the instrument's sequence number of the entry.
     */
    void sequenceOnly(int securityId, long rptSeq);

    /**
     * A message of trades or volume ends: an open match event is closed if the message ends it.
     *
     * @param endOfEvent          true when the message ends the exchange's match event.
     * @param matchEventIndicator the message's flags.
     */
    void endMessage(boolean endOfEvent, short matchEventIndicator);

    /**
     * The imbalance of an instrument's coming auction, as the exchange disseminates it before the auction (ITCH's Net
     * Order Imbalance Indicator). Published when live, for every instrument (a fact, as trades).
     *
     * @param securityId the instrument.
     * @param imbalance  its values (the protocol's reused holder), valid during the call.
     */
    void auctionImbalance(int securityId, AuctionImbalance imbalance);

    /**
     * Trading status of one instrument.
     *
     * @param securityId    the instrument.
     * @param tradingStatus exchange trading status, {@link #NO_STATUS} when not sent.
     * @param haltReason    halt reason, {@link #NO_STATUS} when not sent.
     * @param tradingEvent  trading event, {@link #NO_STATUS} when not sent.
     */
    void instrumentStatus(int securityId, short tradingStatus, short haltReason, short tradingEvent);

    /**
     * Trading status of a group of instruments (by security group); published as a group status when the channel
     * knows no instrument of the group.
     *
     * @param securityGroup the group's name, {@code GROUP_LENGTH} bytes (space or NUL padded).
     * @param tradingStatus exchange trading status.
     * @param haltReason    halt reason.
     * @param tradingEvent  trading event.
     */
    void groupStatus(byte[] securityGroup, short tradingStatus, short haltReason, short tradingEvent);
}
