package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.common.book.MbpSide;

/**
 * The MBP book of one ITCH instrument, aggregated from its orders. Per side a ladder of the best prices in two
 * parts: the {@code depth} levels published, the {@code top}, and a {@code reserve} of deeper levels below them; and
 * a count of the side's orders at prices below the ladder ("hidden"). Invariants: the ladder holds the side's best
 * prices with no gap (the reserve holds levels only when the top is full), every hidden order is worse than the
 * ladder's last price (so an add behind the last level of a side with hidden orders is hidden too). When deletions
 * leave the ladder no deeper than {@code depth} and orders are hidden, one scan of the order table
 * ({@link HiddenLevels}) brings the best hidden prices back up to the ladder's depth: rare, as the reserve absorbs
 * the churn.
 * <p>
 * The top is the channel's own side when the listener gives one ({@link ItchListener#levels}: the engine's book of
 * the instrument, the one it publishes and answers snapshots from), so that a level is updated once, here, and the
 * levels told are only published; else a side of this book's own. Only levels 1..depth are told to the
 * {@link ItchListener}, with the MDP actions, exactly what the top does: a DELETE at or above depth that moves a
 * reserve level up to {@code depth} is followed by a NEW there, as the exchange sends for MBP books. No allocation
 * after construction.
 */
final class ItchBook
{
    private final MbpSide ownBids;
    private final MbpSide ownAsks;
    private final ItchReserve reserveBids;
    private final ItchReserve reserveAsks;
    private final int depth;
    private final int ladderDepth;
    private MbpSide bids;
    private MbpSide asks;
    private int locate = -1;
    private long symbol;
    private int hiddenBids;
    private int hiddenAsks;
    private byte tradingState;

    /**
     * @param depth       levels published per side (the top).
     * @param ladderDepth levels kept per side, the top's and the reserve's.
     */
    ItchBook(final int depth, final int ladderDepth)
    {
        this.depth = depth;
        this.ladderDepth = ladderDepth;
        ownBids = new MbpSide(depth);
        ownAsks = new MbpSide(depth);
        reserveBids = new ItchReserve(ladderDepth - depth);
        reserveAsks = new ItchReserve(ladderDepth - depth);
        bids = ownBids;
        asks = ownAsks;
    }

    void reset()
    {
        bids.clear();
        asks.clear();
        reserveBids.clear();
        reserveAsks.clear();
        bids = ownBids;
        asks = ownAsks;
        locate = -1;
        symbol = 0;
        hiddenBids = 0;
        hiddenAsks = 0;
        tradingState = 0;
    }

    /**
     * @param locate  the instrument's stock locate code.
     * @param topBids the channel's bid side to keep the published levels in ({@code depth} levels, empty), or null
     *                to keep them in this book's own.
     * @param topAsks the same for the asks.
     */
    void assign(final int locate, final MbpSide topBids, final MbpSide topAsks)
    {
        this.locate = locate;
        bids = topBids != null && topBids.depth() == depth ? topBids : ownBids;
        asks = topAsks != null && topAsks.depth() == depth ? topAsks : ownAsks;
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
     * @return the side's published levels.
     */
    MbpSide top(final boolean bid)
    {
        return bid ? bids : asks;
    }

    /**
     * @return the side's levels below the published ones.
     */
    ItchReserve reserve(final boolean bid)
    {
        return bid ? reserveBids : reserveAsks;
    }

    /**
     * Copy the side's whole ladder (top, then reserve) into {@code into} (read only views for tests and tools).
     */
    void ladder(final boolean bid, final MbpSide into)
    {
        into.clear();
        final MbpSide top = top(bid);
        final ItchReserve reserve = reserve(bid);
        for (int level = 1; level <= top.count(); level++)
        {
            into.add(level, top.price(level), top.size(level), top.orderCount(level));
        }
        for (int level = 1; level <= reserve.count(); level++)
        {
            into.add(depth + level, reserve.price(level), reserve.size(level), reserve.orderCount(level));
        }
    }

    int hidden(final boolean bid)
    {
        return bid ? hiddenBids : hiddenAsks;
    }

    /**
     * An order of {@code shares} arrived at {@code price}.
     *
     * @return the top's slot of its level ({@link MbpSide#slotOf}), a hint for the order's later changes; or
     * {@link ItchOrders#NO_HINT} when it rests below the top.
     */
    int add(final boolean bid, final long price, final long shares, final ItchListener listener)
    {
        final MbpSide top = top(bid);
        final int found = findInTop(top, bid, price);
        if (found > 0)
        {
            final long size = top.size(found) + shares;
            final int orders = top.orderCount(found) + 1;
            top.change(found, price, size, orders);
            listener.onLevel(locate, bid, BookAction.CHANGE, found, price, size, orders);
            return hint(top, found);
        }
        final int level = -found;
        if (level <= depth)
        {
            if (top.count() == depth)
            {
                // the top's last level goes down into the reserve (the reserve's last, if full, is hidden now)
                final ItchReserve reserve = reserve(bid);
                if (reserve.count() == reserve.depth())
                {
                    addHidden(bid, reserve.orderCount(reserve.depth()));
                }
                reserve.add(1, top.price(depth), top.size(depth), top.orderCount(depth));
            }
            top.add(level, price, shares, 1);
            listener.onLevel(locate, bid, BookAction.NEW, level, price, shares, 1);
            return hint(top, level);
        }
        addBelow(bid, price, shares);
        return ItchOrders.NO_HINT;
    }

    private static int hint(final MbpSide top, final int level)
    {
        final int slot = top.slotOf(level);
        return slot < 0 ? ItchOrders.NO_HINT : slot;
    }

    /**
     * An order at a price below the (full) top: into the reserve, or hidden.
     */
    private void addBelow(final boolean bid, final long price, final long shares)
    {
        final ItchReserve reserve = reserve(bid);
        final int position = reserve.find(bid, price);
        if (position > 0)
        {
            reserve.change(position, reserve.size(position) + shares, reserve.orderCount(position) + 1);
            return;
        }
        final int level = -position;
        if (level > reserve.depth() || (level > reserve.count() && hidden(bid) > 0))
        {
            addHidden(bid, 1);
            return;
        }
        if (reserve.count() == reserve.depth())
        {
            // the ladder's last level is pushed out: its orders are hidden now
            addHidden(bid, reserve.orderCount(reserve.depth()));
        }
        reserve.add(level, price, shares, 1);
    }

    /**
     * {@code shares} left an order at {@code price}; {@code orderGone} when the order left the book with them.
     *
     * @param hint the order's {@link ItchOrders#levelHint}: when the top's slot it names still holds the price, the
     *             level is found without a search.
     * @return the top's slot of the order's level after the change (a hint to keep when the order stays), or
     * {@link ItchOrders#NO_HINT}.
     */
    int remove(
        final boolean bid, final long price, final long shares, final boolean orderGone, final int hint,
        final ItchOrders orders, final HiddenLevels hiddenLevels, final ItchListener listener)
    {
        final MbpSide top = top(bid);
        final int hinted = top.levelOfSlot(hint, price);
        final int level = hinted > 0 ? hinted : findInTop(top, bid, price);
        if (level <= 0)
        {
            if (top.count() == depth)
            {
                removeBelow(bid, price, shares, orderGone);
            }
            else if (orderGone)
            {
                // not in the ladder: a hidden order (none is hidden below a top that is not full, save a drift)
                addHidden(bid, -1);
            }
            return ItchOrders.NO_HINT;
        }
        final int count = top.orderCount(level) - (orderGone ? 1 : 0);
        if (count > 0)
        {
            final long size = top.size(level) - shares;
            top.change(level, price, size, count);
            listener.onLevel(locate, bid, BookAction.CHANGE, level, price, size, count);
            return hint(top, level);
        }
        top.delete(level);
        listener.onLevel(locate, bid, BookAction.DELETE, level, price, 0, 0);
        final ItchReserve reserve = reserve(bid);
        if (reserve.count() > 0)
        {
            // the reserve's first level moves up to the top's last
            final long movedPrice = reserve.price(1);
            final long movedSize = reserve.size(1);
            final int movedCount = reserve.orderCount(1);
            reserve.delete(1);
            top.add(depth, movedPrice, movedSize, movedCount);
            listener.onLevel(locate, bid, BookAction.NEW, depth, movedPrice, movedSize, movedCount);
        }
        if (reserve.count() == 0 && hidden(bid) > 0)
        {
            refill(bid, orders, hiddenLevels, listener);
        }
        return ItchOrders.NO_HINT;
    }

    private void removeBelow(final boolean bid, final long price, final long shares, final boolean orderGone)
    {
        final ItchReserve reserve = reserve(bid);
        final int level = reserve.find(bid, price);
        if (level <= 0)
        {
            if (orderGone)
            {
                addHidden(bid, -1);
            }
            return;
        }
        final int count = reserve.orderCount(level) - (orderGone ? 1 : 0);
        if (count > 0)
        {
            reserve.change(level, reserve.size(level) - shares, count);
            return;
        }
        reserve.delete(level);
        // a ladder no deeper than the top with hidden orders is refilled by the next removal from the top; the top
        // is full here, so it publishes nothing missing
    }

    /**
     * Bring the best hidden prices of the side back into its ladder, up to the ladder's depth (one scan). Called
     * with the reserve empty, so the top holds the whole ladder.
     */
    private void refill(
        final boolean bid, final ItchOrders orders, final HiddenLevels hiddenLevels, final ItchListener listener)
    {
        final MbpSide top = top(bid);
        final ItchReserve reserve = reserve(bid);
        final int last = top.count();
        final int found = hiddenLevels.collect(
            orders, locate, bid, last > 0 ? top.price(last) : 0, last == 0, ladderDepth - last);
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
            addHidden(bid, -count);
            if (level <= depth)
            {
                top.add(level, price, size, count);
                listener.onLevel(locate, bid, BookAction.NEW, level, price, size, count);
            }
            else
            {
                reserve.add(level - depth, price, size, count);
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
     * {@link MbpSide#find} in the top, whose scan is skipped for a price behind the last level of a full top: almost
     * half of the messages act below the top, and one comparison tells them from the others.
     */
    private int findInTop(final MbpSide top, final boolean bid, final long price)
    {
        if (top.count() == depth)
        {
            final long last = top.price(depth);
            if (bid ? price < last : price > last)
            {
                return -(depth + 1);
            }
        }
        return top.find(bid, price);
    }
}
