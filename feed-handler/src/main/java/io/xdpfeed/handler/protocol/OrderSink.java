package io.xdpfeed.handler.protocol;

/**
 * Market-by-order events of the incremental stream (channels with MBO books): order add, modify, delete, and the
 * clearing of an instrument's order book. The channel applies an order event once, when the packet's sequence
 * number is after what the instrument's order book holds, to LIVE instruments (and to the instrument being
 * replayed), and publishes an OrderUpdate for it. A protocol hands over only incremental messages.
 */
public interface OrderSink
{
    /** Buy order. */
    int BID = 0;
    /** Sell order. */
    int ASK = 1;
    /** Not an order of the book (counted as ignored). */
    int NO_SIDE = -1;
    /** Add an order. */
    int ADD = 0;
    /** Change an order (price, quantity or priority). */
    int MODIFY = 1;
    /** Delete an order. */
    int DELETE = 2;
    /**
     * The priority of a {@link #MODIFY} that keeps the order's time priority, for a protocol that sends none (ITCH's
     * partial executions and cancels): the book's priority of the order is kept and published.
     */
    long SAME_PRIORITY = Long.MIN_VALUE;

    /**
     * A message of order events starts (the match event bookkeeping of {@link #endMessage} refers to it).
     */
    void startMessage();

    /**
     * One order event.
     *
     * @param securityId          the instrument.
     * @param side                {@link #BID}, {@link #ASK} or {@link #NO_SIDE}.
     * @param action              {@link #ADD}, {@link #MODIFY}, {@link #DELETE}; another value is counted as ignored.
     * @param orderId             exchange order id.
     * @param priority            order priority (time priority within the level), or {@link #SAME_PRIORITY}.
     * @param price               order price.
     * @param quantity            displayed quantity, 0 when none is sent.
     * @param endOfEvent          true when this event ends the exchange's match event.
     * @param matchEventIndicator the message's flags, carried on the published record.
     */
    void order(
        int securityId, int side, int action, long orderId, long priority, long price, long quantity,
        boolean endOfEvent, short matchEventIndicator);

    /**
     * Empty the instrument's order book.
     *
     * @param securityId          the instrument.
     * @param endOfEvent          true when this event ends the exchange's match event.
     * @param matchEventIndicator the message's flags.
     */
    void clear(int securityId, boolean endOfEvent, short matchEventIndicator);

    /**
     * An order entry that names no entry of its message (counted, skipped).
     */
    void badReference();

    /**
     * Order entries that cannot be read (counted once, skipped).
     */
    void ignoredEntry();

    /**
     * A standalone message of order events ends: the match event is left open or closed.
     *
     * @param matchEventIndicator the message's flags.
     * @param endOfEvent          true when the message ends the exchange's match event.
     */
    void endMessage(short matchEventIndicator, boolean endOfEvent);
}
