package io.xdpfeed.sim.wire;

import io.xdpfeed.sim.truth.TruthOrderBook;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The market-by-order book of one instrument as a consumer of MDIncrementalRefreshOrderBook47 keeps it: orders by
 * OrderID, and per side in truth order (best price, then priority, then order id) so that a snapshot needs no sort.
 * New adds an order (refused when its id is in the book), Change replaces its price, quantity and priority (refused
 * when unknown or on the other side), Delete removes it (refused when unknown); the caller counts refusals.
 */
public final class PublishedOrders
{
    private final Long2ObjectHashMap<TruthOrderBook.Order> byId = new Long2ObjectHashMap<>();
    private final TreeSet<TruthOrderBook.Order> bids = new TreeSet<>(TruthOrderBook.BID_ORDER);
    private final TreeSet<TruthOrderBook.Order> asks = new TreeSet<>(TruthOrderBook.ASK_ORDER);

    boolean add(final boolean bid, final long orderId, final long priority, final long price, final long quantity)
    {
        if (byId.containsKey(orderId))
        {
            return false;
        }
        final TruthOrderBook.Order order = new TruthOrderBook.Order(orderId, priority, price, quantity);
        byId.put(orderId, order);
        (bid ? bids : asks).add(order);
        return true;
    }

    boolean change(final boolean bid, final long orderId, final long priority, final long price, final long quantity)
    {
        final TruthOrderBook.Order previous = byId.get(orderId);
        final TreeSet<TruthOrderBook.Order> side = bid ? bids : asks;
        if (previous == null || !side.remove(previous))
        {
            return false;
        }
        final TruthOrderBook.Order order = new TruthOrderBook.Order(orderId, priority, price, quantity);
        byId.put(orderId, order);
        side.add(order);
        return true;
    }

    boolean delete(final long orderId)
    {
        final TruthOrderBook.Order previous = byId.remove(orderId);
        if (previous == null)
        {
            return false;
        }
        if (!bids.remove(previous))
        {
            asks.remove(previous);
        }
        return true;
    }

    void clear()
    {
        byId.clear();
        bids.clear();
        asks.clear();
    }

    int count()
    {
        return byId.size();
    }

    /**
     * The orders of one side, best price first, then priority, then order id.
     */
    List<TruthOrderBook.Order> sorted(final boolean bid)
    {
        return new ArrayList<>(bid ? bids : asks);
    }

    /** The orders now in the book, as an order book in truth order. */
    public TruthOrderBook book()
    {
        return new TruthOrderBook(sorted(true), sorted(false));
    }
}
