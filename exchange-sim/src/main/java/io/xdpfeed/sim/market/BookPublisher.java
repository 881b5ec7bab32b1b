package io.xdpfeed.sim.market;

import io.xdpfeed.codecs.mdp3.MDUpdateAction;

/**
 * Changes a truth {@link BookSide} one level at a time and publishes each change the way CME does, through the
 * {@link MatchEventEncoder}: New, Change, Delete (followed by a New at the last level when a hidden level comes into
 * view) and DeleteFrom after a sweep; with market by order on, the {@link OrderFlow} is told of each change first so
 * that the order events and the levels agree. The {@link MarketModel} decides what happens; this writes it down.
 */
final class BookPublisher
{
    private final MatchEventEncoder proxy;
    private final OrderFlow orders;

    /**
     * @param proxy  where the book entries are encoded.
     * @param orders market by order, or null when off.
     */
    BookPublisher(final MatchEventEncoder proxy, final OrderFlow orders)
    {
        this.proxy = proxy;
        this.orders = orders;
    }

    /**
     * A new level at {@code price}: inserted in the side, published as New when it is within the depth.
     *
     * @return false when the price has no place in the side (nothing changed).
     */
    boolean insert(
        final Instrument instrument, final BookSide side, final long price, final int size, final int requestedOrders)
    {
        final int index = side.insertionIndex(price);
        if (index < 0 || index >= side.capacity())
        {
            return false;
        }
        final int orderCount = withOrders(side) ? OrderFlow.clampOrders(size, requestedOrders) : requestedOrders;
        if (withOrders(side))
        {
            orders.beforeInsert(instrument, side);
        }
        side.insert(index, price, size, orderCount);
        if (withOrders(side))
        {
            orders.newLevel(instrument, side, index);
        }
        if (index < side.depth())
        {
            proxy.bookEntry(side.isImplied(), side.isBid(), MDUpdateAction.New, index + 1, instrument.mantissa(price),
                size, orderCount, instrument.securityId, instrument.nextRptSeq());
        }
        return true;
    }

    /**
     * The level at {@code index} gets a new size and order count (not a fill): published as Change.
     */
    void change(
        final Instrument instrument, final BookSide side, final int index, final int size, final int orderCount)
    {
        change(instrument, side, index, size, orderCount, false);
    }

    /**
     * The level at {@code index} gets a new size and order count, published as Change; {@code fill} tells the order
     * flow that a trade took the difference.
     */
    void change(
        final Instrument instrument, final BookSide side, final int index, final int size, final int requestedOrders,
        final boolean fill)
    {
        final int orderCount = withOrders(side) ? OrderFlow.clampOrders(size, requestedOrders) : requestedOrders;
        if (withOrders(side))
        {
            orders.change(instrument, side, index, size, orderCount, fill);
        }
        side.set(index, side.price(index), size, orderCount);
        if (index < side.depth())
        {
            proxy.bookEntry(side.isImplied(), side.isBid(), MDUpdateAction.Change, index + 1,
                instrument.mantissa(side.price(index)), size, orderCount, instrument.securityId,
                instrument.nextRptSeq());
        }
    }

    /**
     * The level at {@code index} leaves: Delete, then New for the hidden level that comes into view.
     */
    void delete(final Instrument instrument, final BookSide side, final int index)
    {
        final int countBefore = side.count();
        final long price = side.price(index);
        final int size = side.size(index);
        final int orderCount = side.orders(index);
        if (withOrders(side))
        {
            orders.deleteLevel(instrument, side, index);
        }
        side.remove(index);
        if (index < side.depth())
        {
            proxy.bookEntry(side.isImplied(), side.isBid(), MDUpdateAction.Delete, index + 1,
                instrument.mantissa(price), size, orderCount, instrument.securityId, instrument.nextRptSeq());
            if (countBefore > side.depth())
            {
                final int last = side.depth() - 1;
                proxy.bookEntry(side.isImplied(), side.isBid(), MDUpdateAction.New, side.depth(),
                    instrument.mantissa(side.price(last)), side.size(last), side.orders(last), instrument.securityId,
                    instrument.nextRptSeq());
            }
        }
    }

    /**
     * Levels 1..levels leave (all visible): DeleteFrom, then New for each hidden level that comes into view.
     */
    void deleteFrom(final Instrument instrument, final BookSide side, final int levels)
    {
        final int visibleBefore = side.visibleCount();
        final long lastPrice = side.price(levels - 1);
        if (withOrders(side))
        {
            for (int i = 0; i < levels; i++)
            {
                orders.deleteLevel(instrument, side, i);
            }
        }
        side.removeTop(levels);
        proxy.bookEntry(side.isImplied(), side.isBid(), MDUpdateAction.DeleteFrom, levels,
            instrument.mantissa(lastPrice), 0, 0, instrument.securityId, instrument.nextRptSeq());
        for (int level = visibleBefore - levels + 1; level <= side.visibleCount(); level++)
        {
            final int index = level - 1;
            proxy.bookEntry(side.isImplied(), side.isBid(), MDUpdateAction.New, level,
                instrument.mantissa(side.price(index)), side.size(index), side.orders(index), instrument.securityId,
                instrument.nextRptSeq());
        }
    }

    /**
     * @return true when the side's levels carry orders (market by order is on and the side is outright).
     */
    boolean withOrders(final BookSide side)
    {
        return orders != null && side.hasOrders();
    }
}
