package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.common.book.MbpSide;
import io.xdpfeed.common.book.OrderTable;

/**
 * The MBP book of one ITCH instrument, aggregated from its orders: per side an {@link MbpSide} of the best
 * {@code depth} price levels (size = sum of the orders' shares, order count), and a count of the side's orders at
 * prices below that depth ("hidden"). When a visible level empties and hidden orders remain, the best hidden price
 * is found by a scan of the order table and brought in as the new last level (rare: only on a side deeper than
 * {@code depth}); so the visible levels are always the side's best {@code depth} prices.
 * <p>
 * Level changes are told to the {@link ItchListener} as the MDP actions; no allocation after construction.
 */
final class ItchBook
{
    private final MbpSide bids;
    private final MbpSide asks;
    private int locate = -1;
    private long symbol;
    private int hiddenBids;
    private int hiddenAsks;
    private byte tradingState;

    ItchBook(final int depth)
    {
        bids = new MbpSide(depth);
        asks = new MbpSide(depth);
    }

    void assign(final int locate)
    {
        this.locate = locate;
    }

    int locate()
    {
        return locate;
    }

    long symbol()
    {
        return symbol;
    }

    void symbol(final long symbol)
    {
        this.symbol = symbol;
    }

    byte tradingState()
    {
        return tradingState;
    }

    void tradingState(final byte tradingState)
    {
        this.tradingState = tradingState;
    }

    MbpSide side(final boolean bid)
    {
        return bid ? bids : asks;
    }

    int hidden(final boolean bid)
    {
        return bid ? hiddenBids : hiddenAsks;
    }

    /**
     * An order of {@code shares} arrived at {@code price}.
     */
    void add(final boolean bid, final long price, final long shares, final ItchListener listener)
    {
        final MbpSide side = side(bid);
        final int found = find(side, bid, price);
        if (found > 0)
        {
            final int level = found;
            final long size = side.size(level) + shares;
            final int orders = side.orderCount(level) + 1;
            side.change(level, price, size, orders);
            listener.onLevel(locate, bid, BookAction.CHANGE, level, price, size, orders);
            return;
        }
        final int level = -found;
        if (level > side.depth())
        {
            addHidden(bid, 1);
            return;
        }
        if (side.count() == side.depth())
        {
            // the last level is pushed out: its orders are hidden now, as the subscriber's MbpSide drops it too
            addHidden(bid, side.orderCount(side.depth()));
        }
        side.add(level, price, shares, 1);
        listener.onLevel(locate, bid, BookAction.NEW, level, price, shares, 1);
    }

    /**
     * {@code shares} left an order at {@code price}; {@code orderGone} when the order left the book with them.
     */
    void remove(
        final boolean bid, final long price, final long shares, final boolean orderGone, final OrderTable orders,
        final ItchListener listener)
    {
        final MbpSide side = side(bid);
        final int level = find(side, bid, price);
        if (level <= 0)
        {
            if (orderGone)
            {
                addHidden(bid, -1);
            }
            return;
        }
        final long size = side.size(level) - shares;
        final int count = side.orderCount(level) - (orderGone ? 1 : 0);
        if (count > 0)
        {
            side.change(level, price, size, count);
            listener.onLevel(locate, bid, BookAction.CHANGE, level, price, size, count);
            return;
        }
        side.delete(level);
        listener.onLevel(locate, bid, BookAction.DELETE, level, price, 0, 0);
        if (hidden(bid) > 0)
        {
            refill(bid, orders, listener);
        }
    }

    /**
     * Bring the best hidden price of the side in as its new last level (a scan of every order: rare).
     */
    private void refill(final boolean bid, final OrderTable orders, final ItchListener listener)
    {
        final MbpSide side = side(bid);
        final int last = side.count();
        final long worst = last > 0 ? side.price(last) : 0;
        long best = 0;
        boolean found = false;
        for (int i = 0, n = orders.orderCount(); i < n; i++)
        {
            if (orders.priorityAt(i) == locate && orders.isBidAt(i) == bid)
            {
                final long price = orders.priceAt(i);
                final boolean deeper = last == 0 || (bid ? price < worst : price > worst);
                if (deeper && (!found || (bid ? price > best : price < best)))
                {
                    best = price;
                    found = true;
                }
            }
        }
        if (!found)
        {
            // the hidden count drifted (an order outside the depth executed away uncounted): resynchronize it
            addHidden(bid, -hidden(bid));
            return;
        }
        long size = 0;
        int count = 0;
        for (int i = 0, n = orders.orderCount(); i < n; i++)
        {
            if (orders.priorityAt(i) == locate && orders.isBidAt(i) == bid && orders.priceAt(i) == best)
            {
                size += orders.sizeAt(i);
                count++;
            }
        }
        side.add(last + 1, best, size, count);
        addHidden(bid, -count);
        listener.onLevel(locate, bid, BookAction.NEW, last + 1, best, size, count);
    }

    private void addHidden(final boolean bid, final int delta)
    {
        if (bid)
        {
            hiddenBids += delta;
        }
        else
        {
            hiddenAsks += delta;
        }
    }

    /**
     * @return the 1-based level holding {@code price}, or minus the level where it would be inserted
     * ({@code -(depth + 1)} and beyond when it is worse than every level of a full side).
     */
    private static int find(final MbpSide side, final boolean bid, final long price)
    {
        final int count = side.count();
        for (int level = 1; level <= count; level++)
        {
            final long levelPrice = side.price(level);
            if (levelPrice == price)
            {
                return level;
            }
            if (bid ? price > levelPrice : price < levelPrice)
            {
                return -level;
            }
        }
        return -(count + 1);
    }
}
