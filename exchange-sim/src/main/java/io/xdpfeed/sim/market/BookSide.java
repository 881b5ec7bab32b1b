package io.xdpfeed.sim.market;

/**
 * One side of the exchange's own book for one instrument: price levels best first, deeper than the feed shows.
 * <p>
 * The first {@code depth} levels are what the feed publishes (MDPriceLevel 1..depth); levels beyond are hidden and
 * come into view when a visible level goes, as on CME where a delete is followed by an add at the last level.
 * Prices are in ticks of the instrument; the model turns them into PRICE9 mantissas when it publishes them.
 */
public final class BookSide
{
    private final boolean bid;
    private final boolean implied;
    private final int depth;
    private final int capacity;
    private final long[] prices;
    private final int[] sizes;
    private final int[] orders;
    private final LevelOrders[] queues;
    private int count;

    BookSide(final boolean bid, final boolean implied, final int depth, final int capacity)
    {
        this(bid, implied, depth, capacity, false);
    }

    /**
     * @param withOrders keep the resting orders of every level ({@link LevelOrders}), for market by order.
     */
    BookSide(final boolean bid, final boolean implied, final int depth, final int capacity, final boolean withOrders)
    {
        this.bid = bid;
        this.implied = implied;
        this.depth = depth;
        this.capacity = capacity;
        prices = new long[capacity];
        sizes = new int[capacity];
        orders = new int[capacity];
        queues = withOrders ? new LevelOrders[capacity] : null;
        if (withOrders)
        {
            for (int i = 0; i < capacity; i++)
            {
                queues[i] = new LevelOrders();
            }
        }
    }

    /**
     * Whether the side keeps its levels' orders.
     */
    boolean hasOrders()
    {
        return queues != null;
    }

    /**
     * The orders of a level, front of the queue first (only when {@link #hasOrders()}).
     */
    LevelOrders queue(final int index)
    {
        return queues[index];
    }

    boolean isBid()
    {
        return bid;
    }

    boolean isImplied()
    {
        return implied;
    }

    int depth()
    {
        return depth;
    }

    /** Levels kept, visible and hidden. */
    public int capacity()
    {
        return capacity;
    }

    int count()
    {
        return count;
    }

    int visibleCount()
    {
        return Math.min(count, depth);
    }

    long price(final int index)
    {
        return prices[index];
    }

    int size(final int index)
    {
        return sizes[index];
    }

    int orders(final int index)
    {
        return orders[index];
    }

    /**
     * Whether price a is better than price b on this side (higher for bids, lower for asks).
     */
    boolean better(final long a, final long b)
    {
        return bid ? a > b : a < b;
    }

    /**
     * Index a new level at this price would take, or -1 when the price is already a level.
     */
    int insertionIndex(final long price)
    {
        for (int i = 0; i < count; i++)
        {
            if (prices[i] == price)
            {
                return -1;
            }
            if (better(price, prices[i]))
            {
                return i;
            }
        }
        return count;
    }

    /**
     * Insert a level at an index; when the side is at capacity the worst level falls off.
     */
    void insert(final int index, final long price, final int size, final int orderCount)
    {
        if (count == capacity)
        {
            count--;
        }
        final int moved = count - index;
        final LevelOrders spare = queues != null ? queues[count] : null;
        if (moved > 0)
        {
            System.arraycopy(prices, index, prices, index + 1, moved);
            System.arraycopy(sizes, index, sizes, index + 1, moved);
            System.arraycopy(orders, index, orders, index + 1, moved);
            if (queues != null)
            {
                System.arraycopy(queues, index, queues, index + 1, moved);
            }
        }
        if (queues != null)
        {
            spare.clear();
            queues[index] = spare;
        }
        prices[index] = price;
        sizes[index] = size;
        orders[index] = orderCount;
        count++;
    }

    void remove(final int index)
    {
        final int moved = count - index - 1;
        if (moved > 0)
        {
            System.arraycopy(prices, index + 1, prices, index, moved);
            System.arraycopy(sizes, index + 1, sizes, index, moved);
            System.arraycopy(orders, index + 1, orders, index, moved);
        }
        removeQueue(index);
        count--;
    }

    /**
     * Move the queue of a leaving level to the spare slot at the end (count is still the count before).
     */
    private void removeQueue(final int index)
    {
        if (queues != null)
        {
            final LevelOrders spare = queues[index];
            System.arraycopy(queues, index + 1, queues, index, count - index - 1);
            spare.clear();
            queues[count - 1] = spare;
        }
    }

    /**
     * Remove the best {@code levels} levels.
     */
    void removeTop(final int levels)
    {
        for (int i = 0; i < Math.min(levels, count); i++)
        {
            removeQueue(0);
        }
        final int moved = count - levels;
        if (moved > 0)
        {
            System.arraycopy(prices, levels, prices, 0, moved);
            System.arraycopy(sizes, levels, sizes, 0, moved);
            System.arraycopy(orders, levels, orders, 0, moved);
        }
        count = Math.max(0, moved);
    }

    void set(final int index, final long price, final int size, final int orderCount)
    {
        prices[index] = price;
        sizes[index] = size;
        orders[index] = orderCount;
    }

    void clear()
    {
        if (queues != null)
        {
            for (int i = 0; i < count; i++)
            {
                queues[i].clear();
            }
        }
        count = 0;
    }
}
