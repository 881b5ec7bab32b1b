package io.xdpfeed.sim.truth;

import java.util.List;

/**
 * The outright book of one instrument as the feed describes it: the top levels up to the instrument's depth, best
 * first, prices as PRICE9 mantissas (price = mantissa * 10^-9).
 *
 * @param bids best (highest) first.
 * @param asks best (lowest) first.
 */
public record TruthBook(List<Level> bids, List<Level> asks)
{
    /**
     * Makes the lists unmodifiable copies.
     *
     * @param bids best (highest) first.
     * @param asks best (lowest) first.
     */
    public TruthBook
    {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /**
     * One price level.
     *
     * @param price  PRICE9 mantissa.
     * @param size   aggregate quantity (MDEntrySize).
     * @param orders number of orders (NumberOfOrders).
     */
    public record Level(long price, int size, int orders)
    {
    }
}
