package io.xdpfeed.sim;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * The market-by-order book of one instrument as a consumer of MDIncrementalRefreshOrderBook47 keeps it: orders by
 * OrderID, per side. New adds an order (refused when its id is in the book), Change replaces its price, quantity and
 * priority (refused when unknown), Delete removes it (refused when unknown); the caller counts refusals.
 */
final class PublishedOrders
{
    private final Long2ObjectHashMap<TruthOrderBook.Order> bids = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<TruthOrderBook.Order> asks = new Long2ObjectHashMap<>();

    boolean add(final boolean bid, final long orderId, final long priority, final long price, final long quantity)
    {
        if (bids.containsKey(orderId) || asks.containsKey(orderId))
        {
            return false;
        }
        (bid ? bids : asks).put(orderId, new TruthOrderBook.Order(orderId, priority, price, quantity));
        return true;
    }

    boolean change(final boolean bid, final long orderId, final long priority, final long price, final long quantity)
    {
        final Long2ObjectHashMap<TruthOrderBook.Order> side = bid ? bids : asks;
        if (!side.containsKey(orderId))
        {
            return false;
        }
        side.put(orderId, new TruthOrderBook.Order(orderId, priority, price, quantity));
        return true;
    }

    boolean delete(final long orderId)
    {
        return bids.remove(orderId) != null || asks.remove(orderId) != null;
    }

    void clear()
    {
        bids.clear();
        asks.clear();
    }

    int count()
    {
        return bids.size() + asks.size();
    }

    /**
     * The orders of one side, best price first, then priority, then order id.
     */
    List<TruthOrderBook.Order> sorted(final boolean bid)
    {
        final List<TruthOrderBook.Order> orders = new ArrayList<>((bid ? bids : asks).values());
        orders.sort(bid ? TruthOrderBook.BID_ORDER : TruthOrderBook.ASK_ORDER);
        return orders;
    }

    TruthOrderBook book()
    {
        return new TruthOrderBook(sorted(true), sorted(false));
    }
}
