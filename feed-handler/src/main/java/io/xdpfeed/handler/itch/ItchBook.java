package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.common.book.MbpSide;

/**
 * The MBP book of one ITCH instrument, aggregated from its orders. Per side a ladder ({@link MbpSide}) of the best
 * prices, deeper than the {@code depth} levels published ({@code ladderDepth}, a reserve below them), and a count of
 * the side's orders at prices below the ladder ("hidden"). Invariant: the ladder holds the side's best prices with no
 * gap, every hidden order is worse than the ladder's last price (so an add behind the last level of a side with
 * hidden orders is hidden too). When deletions leave the ladder no deeper than {@code depth} and orders are hidden,
 * one scan of the order table ({@link HiddenLevels}) brings the best hidden prices back up to the ladder's depth: rare,
 * as the reserve absorbs the churn.
 * <p>
 * Only levels 1..depth are told to the {@link ItchListener}, with the MDP actions: a DELETE at or above depth that
 * shifts a reserve level up to {@code depth} is followed by a NEW there, as the exchange sends for MBP books. No
 * allocation after construction.
 */
final class ItchBook
{
    private final MbpSide bids;
    private final MbpSide asks;
    private final int depth;
    private int locate = -1;
    private long symbol;
    private int hiddenBids;
    private int hiddenAsks;
    private byte tradingState;

    ItchBook(final int depth, final int ladderDepth)
    {
        this.depth = depth;
        bids = new MbpSide(ladderDepth);
        asks = new MbpSide(ladderDepth);
    }

    void reset()
    {
        bids.clear();
        asks.clear();
        locate = -1;
        symbol = 0;
        hiddenBids = 0;
        hiddenAsks = 0;
        tradingState = 0;
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

    /**
     * @return the side's ladder (levels past {@code depth} are the reserve, not published).
     */
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
            if (level <= depth)
            {
                listener.onLevel(locate, bid, BookAction.CHANGE, level, price, size, orders);
            }
            return;
        }
        final int level = -found;
        if (level > side.depth() || (level > side.count() && hidden(bid) > 0))
        {
            addHidden(bid, 1);
            return;
        }
        if (side.count() == side.depth())
        {
            // the ladder's last level is pushed out: its orders are hidden now
            addHidden(bid, side.orderCount(side.depth()));
        }
        side.add(level, price, shares, 1);
        if (level <= depth)
        {
            listener.onLevel(locate, bid, BookAction.NEW, level, price, shares, 1);
        }
    }

    /**
     * {@code shares} left an order at {@code price}; {@code orderGone} when the order left the book with them.
     */
    void remove(
        final boolean bid, final long price, final long shares, final boolean orderGone, final ItchOrders orders,
        final HiddenLevels hiddenLevels, final ItchListener listener)
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
            if (level <= depth)
            {
                listener.onLevel(locate, bid, BookAction.CHANGE, level, price, size, count);
            }
            return;
        }
        side.delete(level);
        if (level <= depth)
        {
            listener.onLevel(locate, bid, BookAction.DELETE, level, price, 0, 0);
            if (side.count() >= depth)
            {
                listener.onLevel(locate, bid, BookAction.NEW, depth, side.price(depth), side.size(depth),
                    side.orderCount(depth));
            }
        }
        if (side.count() <= depth && hidden(bid) > 0)
        {
            refill(bid, orders, hiddenLevels, listener);
        }
    }

    /**
     * Bring the best hidden prices of the side back into its ladder, up to the ladder's depth (one scan).
     */
    private void refill(
        final boolean bid, final ItchOrders orders, final HiddenLevels hiddenLevels, final ItchListener listener)
    {
        final MbpSide side = side(bid);
        final int last = side.count();
        final int found = hiddenLevels.collect(
            orders, locate, bid, last > 0 ? side.price(last) : 0, last == 0, side.depth() - last);
        if (found == 0)
        {
            // the hidden count drifted (an order outside the ladder left uncounted): resynchronize it
            addHidden(bid, -hidden(bid));
            return;
        }
        for (int i = 0; i < found; i++)
        {
            final int level = last + 1 + i;
            final long price = hiddenLevels.price(i);
            final long size = hiddenLevels.size(i);
            final int count = hiddenLevels.count(i);
            side.add(level, price, size, count);
            addHidden(bid, -count);
            if (level <= depth)
            {
                listener.onLevel(locate, bid, BookAction.NEW, level, price, size, count);
            }
        }
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
     * ({@code -(count + 1)} when it is worse than every level).
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
