package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.common.book.MbpSide;

/**
 * The MBP books of a channel's ITCH instruments, aggregated from their orders. Per side of an instrument a ladder of
 * the best prices in two parts: the {@code depth} levels published, the top, and a reserve of deeper levels below
 * them ({@link ItchReserve}, which also counts the side's orders at prices below the ladder, "hidden"). Invariants:
 * the ladder holds the side's best prices with no gap (the reserve holds levels only when the top is full), every
 * hidden order is worse than the ladder's last price (so an add behind the last level of a side with hidden orders
 * is hidden too). When deletions leave the ladder no deeper than {@code depth} and orders are hidden, one scan of
 * the order table ({@link HiddenLevels}) brings the best hidden prices back up to the ladder's depth: rare, as the
 * reserve absorbs the churn.
 * <p>
 * The top is the channel's own side when the listener gives one ({@link ItchListener#levels}: the engine's book of
 * the instrument, the one it publishes and answers snapshots from), so that a level is updated once, here, and the
 * levels told are only published; else a side of these books' own. Only levels 1..depth are told to the
 * {@link ItchListener}, with the MDP actions, exactly what the top does: a DELETE at or above depth that moves a
 * reserve level up to {@code depth} is followed by a NEW there, as the exchange sends for MBP books.
 * <p>
 * Laid out for the per-message path: a side's top and reserve are found by stock locate and side in two flat arrays
 * ({@link #sideIndex}), not through an object per instrument. A message's book is rarely still in the L1 cache on
 * a session of many instruments; from the arrays the top and the reserve are loaded together, where through an
 * instrument's object each waited for that object first (docs/itch.md, "The books found by locate").
 * No allocation after construction. One thread.
 */
final class ItchBooks
{
    private final MbpSide[] tops = new MbpSide[2 << 16];
    private final ItchReserve[] reserves = new ItchReserve[2 << 16];
    private final MbpSide[] ownTops;
    private final ItchReserve[] ownReserves;
    private final int[] locates;
    private final int depth;
    private final int ladderDepth;
    private final ItchListener listener;
    private final ItchOrders orders;
    private final HiddenLevels hiddenLevels;
    private int count;

    /**
     * @param capacity    most instruments.
     * @param depth       levels published per side (the top).
     * @param ladderDepth levels kept per side, the top's and the reserve's.
     * @param listener    told the top's changes, and asked for the channel's sides.
     * @param orders      the live orders, scanned for hidden levels.
     */
    ItchBooks(
        final int capacity, final int depth, final int ladderDepth, final ItchListener listener,
        final ItchOrders orders)
    {
        this.depth = depth;
        this.ladderDepth = ladderDepth;
        this.listener = listener;
        this.orders = orders;
        this.hiddenLevels = new HiddenLevels(ladderDepth);
        this.locates = new int[capacity];
        ownTops = new MbpSide[capacity * 2];
        ownReserves = new ItchReserve[capacity * 2];
        for (int i = 0; i < capacity * 2; i++)
        {
            ownTops[i] = new MbpSide(depth);
            ownReserves[i] = new ItchReserve(ladderDepth - depth);
        }
    }

    /**
     * @param locate a stock locate code.
     * @param bid    the side.
     * @return where the side's parts are in the arrays by side.
     */
    static int sideIndex(final int locate, final boolean bid)
    {
        return locate << 1 | (bid ? 0 : 1);
    }

    /**
     * @param locate a stock locate code, 0..65535.
     * @return true when the instrument has a book.
     */
    boolean has(final int locate)
    {
        return reserves[locate << 1] != null;
    }

    /**
     * Give the instrument a book, if it has none and there is room.
     *
     * @param locate a stock locate code, 0..65535.
     * @return true when the instrument has a book.
     */
    boolean assign(final int locate)
    {
        if (has(locate))
        {
            return true;
        }
        if (count == locates.length)
        {
            return false;
        }
        final int own = count * 2;
        assign(sideIndex(locate, true), listener.levels(locate, true), own);
        assign(sideIndex(locate, false), listener.levels(locate, false), own + 1);
        locates[count++] = locate;
        return true;
    }

    private void assign(final int side, final MbpSide channelTop, final int own)
    {
        tops[side] = channelTop != null && channelTop.depth() == depth ? channelTop : ownTops[own];
        reserves[side] = ownReserves[own];
    }

    /**
     * Empty every book and take them back (a new session, a snapshot).
     */
    void reset()
    {
        for (int i = 0; i < count; i++)
        {
            final int locate = locates[i];
            for (int side = locate << 1, end = side + 2; side < end; side++)
            {
                tops[side].clear();
                reserves[side].clear();
                tops[side] = null;
                reserves[side] = null;
            }
        }
        count = 0;
    }

    /**
     * @return instruments with a book.
     */
    int count()
    {
        return count;
    }

    /**
     * @param index 0..{@link #count()}-1, in order of first message.
     * @return the instrument's stock locate code.
     */
    int locateAt(final int index)
    {
        return locates[index];
    }

    /**
     * @return the side's published levels, or null when the instrument has no book.
     */
    MbpSide top(final int locate, final boolean bid)
    {
        return tops[sideIndex(locate, bid)];
    }

    /**
     * @return the side's levels below the published ones, or null when the instrument has no book.
     */
    ItchReserve reserve(final int locate, final boolean bid)
    {
        return reserves[sideIndex(locate, bid)];
    }

    /**
     * Copy the side's whole ladder (top, then reserve) into {@code into} (read only views for tests and tools).
     */
    void ladder(final int locate, final boolean bid, final MbpSide into)
    {
        into.clear();
        final MbpSide top = top(locate, bid);
        final ItchReserve reserve = reserve(locate, bid);
        for (int level = 1; level <= top.count(); level++)
        {
            into.add(level, top.price(level), top.size(level), top.orderCount(level));
        }
        for (int level = 1; level <= reserve.count(); level++)
        {
            into.add(depth + level, reserve.price(level), reserve.size(level), reserve.orderCount(level));
        }
    }

    /**
     * @return the side's orders below its ladder.
     */
    int hidden(final int locate, final boolean bid)
    {
        return reserve(locate, bid).hidden();
    }

    /**
     * An order of {@code shares} arrived at {@code price}, on an instrument with a book.
     *
     * @return the top's slot of its level ({@link MbpSide#slotOf}), a hint for the order's later changes; or
     * {@link ItchOrders#NO_HINT} when it rests below the top.
     */
    int add(final int locate, final boolean bid, final long price, final long shares)
    {
        final int side = sideIndex(locate, bid);
        final MbpSide top = tops[side];
        final ItchReserve reserve = reserves[side];
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
                if (reserve.count() == reserve.depth())
                {
                    reserve.addHidden(reserve.orderCount(reserve.depth()));
                }
                reserve.add(1, top.price(depth), top.size(depth), top.orderCount(depth));
            }
            top.add(level, price, shares, 1);
            listener.onLevel(locate, bid, BookAction.NEW, level, price, shares, 1);
            return hint(top, level);
        }
        addBelow(reserve, bid, price, shares);
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
    private static void addBelow(final ItchReserve reserve, final boolean bid, final long price, final long shares)
    {
        final int position = reserve.find(bid, price);
        if (position > 0)
        {
            reserve.change(position, reserve.size(position) + shares, reserve.orderCount(position) + 1);
            return;
        }
        final int level = -position;
        if (level > reserve.depth() || (level > reserve.count() && reserve.hidden() > 0))
        {
            reserve.addHidden(1);
            return;
        }
        if (reserve.count() == reserve.depth())
        {
            // the ladder's last level is pushed out: its orders are hidden now
            reserve.addHidden(reserve.orderCount(reserve.depth()));
        }
        reserve.add(level, price, shares, 1);
    }

    /**
     * {@code shares} left an order at {@code price}, on an instrument with a book; {@code orderGone} when the order
     * left the book with them.
     *
     * @param hint the order's {@link ItchOrders#levelHint}: when the top's slot it names still holds the price, the
     *             level is found without a search.
     * @return the top's slot of the order's level after the change (a hint to keep when the order stays), or
     * {@link ItchOrders#NO_HINT}.
     */
    int remove(
        final int locate, final boolean bid, final long price, final long shares, final boolean orderGone,
        final int hint)
    {
        final int side = sideIndex(locate, bid);
        final MbpSide top = tops[side];
        final ItchReserve reserve = reserves[side];
        final int hinted = top.levelOfSlot(hint, price);
        final int level = hinted > 0 ? hinted : findInTop(top, bid, price);
        if (level <= 0)
        {
            if (top.count() == depth)
            {
                removeBelow(reserve, bid, price, shares, orderGone);
            }
            else if (orderGone)
            {
                // not in the ladder: a hidden order (none is hidden below a top that is not full, save a drift)
                reserve.addHidden(-1);
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
        if (reserve.count() == 0 && reserve.hidden() > 0)
        {
            refill(locate, bid, top, reserve);
        }
        return ItchOrders.NO_HINT;
    }

    private static void removeBelow(
        final ItchReserve reserve, final boolean bid, final long price, final long shares, final boolean orderGone)
    {
        final int level = reserve.find(bid, price);
        if (level <= 0)
        {
            if (orderGone)
            {
                reserve.addHidden(-1);
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
    private void refill(final int locate, final boolean bid, final MbpSide top, final ItchReserve reserve)
    {
        final int last = top.count();
        final int found = hiddenLevels.collect(
            orders, locate, bid, last > 0 ? top.price(last) : 0, last == 0, ladderDepth - last);
        if (found == 0)
        {
            // the hidden count drifted (an order outside the ladder left uncounted): resynchronize it
            reserve.addHidden(-reserve.hidden());
            return;
        }
        for (int i = 0; i < found; i++)
        {
            final int level = last + 1 + i;
            final long price = hiddenLevels.price(i);
            final long size = hiddenLevels.size(i);
            final int count = hiddenLevels.count(i);
            reserve.addHidden(-count);
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
