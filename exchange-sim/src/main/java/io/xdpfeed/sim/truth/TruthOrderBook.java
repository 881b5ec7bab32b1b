package io.xdpfeed.sim.truth;

import java.util.Comparator;
import java.util.List;

/**
 * The full-depth market-by-order book of one instrument: every resting order, best price first, then by
 * MDOrderPriority, then by OrderID; prices as PRICE9 mantissas.
 *
 * @param bids buy orders, highest price first.
 * @param asks sell orders, lowest price first.
 */
public record TruthOrderBook(List<Order> bids, List<Order> asks)
{
    /** Order of bids: highest price first, then priority, then order id. */
    public static final Comparator<Order> BID_ORDER = (a, b) ->
    {
        final int byPrice = Long.compare(b.price, a.price);
        return byPrice != 0 ? byPrice : samePrice(a, b);
    };
    /** Order of asks: lowest price first, then priority, then order id. */
    public static final Comparator<Order> ASK_ORDER = (a, b) ->
    {
        final int byPrice = Long.compare(a.price, b.price);
        return byPrice != 0 ? byPrice : samePrice(a, b);
    };

    /**
     * Makes the lists unmodifiable copies.
     *
     * @param bids buy orders, highest price first.
     * @param asks sell orders, lowest price first.
     */
    public TruthOrderBook
    {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    private static int samePrice(final Order a, final Order b)
    {
        final int byPriority = Long.compare(a.priority, b.priority);
        return byPriority != 0 ? byPriority : Long.compare(a.orderId, b.orderId);
    }

    /**
     * One resting order.
     *
     * @param orderId         OrderID.
     * @param priority        MDOrderPriority.
     * @param price           PRICE9 mantissa.
     * @param displayQuantity MDDisplayQty.
     */
    public record Order(long orderId, long priority, long price, long displayQuantity)
    {
    }
}
