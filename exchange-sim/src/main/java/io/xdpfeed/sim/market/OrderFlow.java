package io.xdpfeed.sim.market;

import io.xdpfeed.codecs.mdp3.MDUpdateAction;

import java.util.SplittableRandom;

/**
 * Market by order derived from the market-by-price model: every change of an outright level becomes order events
 * (MDIncrementalRefreshOrderBook47 entries) that keep the level's orders adding up to its size and order count.
 * <ul>
 *   <li>New level: 1..k orders whose display quantities split the size.</li>
 *   <li>Size or order count change: orders leave (from the front for a fill, anywhere for a cancel), orders join at
 *       the back, quantities go down (priority kept) or one order's quantity goes up (it loses its priority and
 *       moves to the back, as on Globex).</li>
 *   <li>Level deleted (Delete, DeleteFrom, DeleteThru, a level falling off the deep book): its orders are deleted.</li>
 *   <li>Overlay (the level's price moves): its orders are deleted and new ones added at the new price.</li>
 * </ul>
 * Order ids and MDOrderPriority come from channel-wide counters, so both are unique and increasing. Hidden levels
 * beyond the published depth get their order events too: MBO is full depth. Random choices come from a stream of
 * their own, so the run stays deterministic by seed.
 */
public final class OrderFlow
{
    /** Most orders a level holds in market-by-order mode, which bounds the size of an event. */
    public static final int MAX_ORDERS_PER_LEVEL = 8;

    private final MatchEventEncoder proxy;
    private final SplittableRandom random;
    private long nextOrderId = 1;
    private long nextPriority = 1;
    private final long[] events = new long[3];

    /** Order events written to this encoder, drawn from this random source. */
    public OrderFlow(final MatchEventEncoder proxy, final SplittableRandom random)
    {
        this.proxy = proxy;
        this.random = random;
    }

    /** Order events published by MDUpdateAction: New, Change, Delete (a copy). */
    public long[] events()
    {
        return events.clone();
    }

    /**
     * The order count a level of this size may have: 1 .. min(size, {@link #MAX_ORDERS_PER_LEVEL}).
     */
    static int clampOrders(final int size, final int orderCount)
    {
        return Math.max(1, Math.min(orderCount, Math.min(size, MAX_ORDERS_PER_LEVEL)));
    }

    /**
     * Before a level is inserted: when the side is full its worst level falls off, and its orders are deleted.
     */
    void beforeInsert(final Instrument instrument, final BookSide side)
    {
        if (side.count() == side.capacity())
        {
            deleteLevel(instrument, side, side.count() - 1);
        }
    }

    /**
     * A level was just inserted at this index (its queue is empty): add its orders.
     */
    void newLevel(final Instrument instrument, final BookSide side, final int index)
    {
        addOrders(instrument, side, side.queue(index), instrument.mantissa(side.price(index)), side.size(index),
            side.orders(index));
    }

    /**
     * Before a level leaves: delete its orders, front first.
     */
    void deleteLevel(final Instrument instrument, final BookSide side, final int index)
    {
        final LevelOrders queue = side.queue(index);
        final long price = instrument.mantissa(side.price(index));
        while (queue.count() > 0)
        {
            delete(instrument, side, queue, 0, price);
        }
    }

    /**
     * Before the whole side goes (DeleteThru).
     */
    void deleteSide(final Instrument instrument, final BookSide side)
    {
        for (int i = 0; i < side.count(); i++)
        {
            deleteLevel(instrument, side, i);
        }
    }

    /**
     * Before a level's size and order count change (its price stays): the order events that make the queue add up
     * to the new values.
     *
     * @param fill a trade: orders leave and shrink from the front of the queue.
     */
    void change(
        final Instrument instrument, final BookSide side, final int index, final int newSize, final int newCount,
        final boolean fill)
    {
        final LevelOrders queue = side.queue(index);
        final long price = instrument.mantissa(side.price(index));
        while (queue.count() > newCount)
        {
            delete(instrument, side, queue, fill ? 0 : random.nextInt(queue.count()), price);
        }
        final long total = queue.totalQuantity();
        final int toAdd = newCount - queue.count();
        if (toAdd > 0)
        {
            long remaining = newSize - total;
            if (remaining < toAdd)
            {
                reduce(instrument, side, queue, toAdd - remaining, fill, price);
                remaining = toAdd;
            }
            split(instrument, side, queue, price, (int)remaining, toAdd);
        }
        else if (newSize > total)
        {
            increase(instrument, side, queue, random.nextInt(queue.count()), (int)(newSize - total), price);
        }
        else if (newSize < total)
        {
            reduce(instrument, side, queue, total - newSize, fill, price);
        }
    }

    /**
     * Before a level takes a new price (Overlay): its orders go and new ones come at the new price.
     */
    void overlay(
        final Instrument instrument, final BookSide side, final int index, final long newPriceTicks, final int size,
        final int orderCount)
    {
        deleteLevel(instrument, side, index);
        addOrders(instrument, side, side.queue(index), instrument.mantissa(newPriceTicks), size, orderCount);
    }

    /**
     * Send every order of both outright sides again as New (the rebuild after a ChannelReset4), same ids and
     * priorities.
     */
    void republish(final Instrument instrument)
    {
        republish(instrument, instrument.bids);
        republish(instrument, instrument.asks);
    }

    private void republish(final Instrument instrument, final BookSide side)
    {
        for (int level = 0; level < side.count(); level++)
        {
            final LevelOrders queue = side.queue(level);
            final long price = instrument.mantissa(side.price(level));
            for (int i = 0; i < queue.count(); i++)
            {
                publish(side, MDUpdateAction.New, queue.orderId(i), queue.priority(i), price, queue.quantity(i),
                    instrument);
            }
        }
    }

    private void addOrders(
        final Instrument instrument, final BookSide side, final LevelOrders queue, final long price, final int size,
        final int orderCount)
    {
        queue.clear();
        split(instrument, side, queue, price, size, orderCount);
    }

    /**
     * Append {@code count} new orders at the back whose quantities (each at least 1) add up to {@code quantity}.
     */
    private void split(
        final Instrument instrument, final BookSide side, final LevelOrders queue, final long price,
        final int quantity, final int count)
    {
        int remaining = quantity - count;
        for (int i = 0; i < count; i++)
        {
            final int extra;
            if (i == count - 1)
            {
                extra = remaining;
            }
            else
            {
                extra = remaining == 0 ? 0 : random.nextInt(Math.min(remaining, 2 * remaining / (count - i)) + 1);
            }
            remaining -= extra;
            final long orderId = nextOrderId++;
            final long priority = nextPriority++;
            queue.addLast(orderId, priority, 1 + extra);
            publish(side, MDUpdateAction.New, orderId, priority, price, 1 + extra, instrument);
        }
    }

    /**
     * Take {@code amount} off the queue's quantities, never below 1 per order, priorities kept.
     */
    private void reduce(
        final Instrument instrument, final BookSide side, final LevelOrders queue, final long amount,
        final boolean fromFront, final long price)
    {
        long left = amount;
        for (int k = 0; k < queue.count() && left > 0; k++)
        {
            final int i = fromFront ? k : queue.count() - 1 - k;
            final int cut = (int)Math.min(left, queue.quantity(i) - 1);
            if (cut > 0)
            {
                queue.quantity(i, queue.quantity(i) - cut);
                left -= cut;
                publish(side, MDUpdateAction.Change, queue.orderId(i), queue.priority(i), price, queue.quantity(i),
                    instrument);
            }
        }
        if (left != 0)
        {
            throw new IllegalStateException("simulator bug: cannot take " + amount + " off the orders of a level");
        }
    }

    /**
     * A quantity increase: the order loses its priority and moves to the back.
     */
    private void increase(
        final Instrument instrument, final BookSide side, final LevelOrders queue, final int index, final int amount,
        final long price)
    {
        final long orderId = queue.orderId(index);
        final int quantity = queue.quantity(index) + amount;
        final long priority = nextPriority++;
        queue.remove(index);
        queue.addLast(orderId, priority, quantity);
        publish(side, MDUpdateAction.Change, orderId, priority, price, quantity, instrument);
    }

    private void delete(
        final Instrument instrument, final BookSide side, final LevelOrders queue, final int index, final long price)
    {
        publish(side, MDUpdateAction.Delete, queue.orderId(index), queue.priority(index), price,
            queue.quantity(index), instrument);
        queue.remove(index);
    }

    /**
     * One order event to the encoder, counted by its action.
     */
    private void publish(
        final BookSide side, final MDUpdateAction action, final long orderId, final long priority, final long price,
        final int quantity, final Instrument instrument)
    {
        proxy.orderEntry(side.isBid(), action, orderId, priority, price, quantity, instrument.securityId);
        events[action.value()]++;
    }
}
