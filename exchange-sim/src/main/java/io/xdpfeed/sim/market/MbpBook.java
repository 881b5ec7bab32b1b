package io.xdpfeed.sim.market;

import io.xdpfeed.codecs.mdp3.MDUpdateAction;

/**
 * A market-by-price book as a feed consumer keeps it: {@code depth} levels per side, changed only by
 * MDIncrementalRefreshBook46 entries, with CME's book management rules.
 * <ul>
 *   <li>New (0) at level L: levels L.. shift down one, a level pushed past the depth is dropped.</li>
 *   <li>Change (1) at level L: price, size and order count of level L are replaced.</li>
 *   <li>Delete (2) at level L: level L goes, the levels below shift up.</li>
 *   <li>DeleteThru (3): every level of the side goes (sent with MDPriceLevel 1).</li>
 *   <li>DeleteFrom (4) at level L: levels 1..L go, the rest shift up by L.</li>
 *   <li>Overlay (5) at level L: level L is replaced, like Change, with a new price.</li>
 * </ul>
 * Prices are PRICE9 mantissas. Entries that do not fit the book (a level beyond the last plus one, a change of an
 * empty level) are refused and counted by the caller: the simulator never sends them.
 */
public final class MbpBook
{
    private final int depth;
    private final Side bids;
    private final Side asks;

    /** An empty book of this many levels per side. */
    public MbpBook(final int depth)
    {
        this.depth = depth;
        bids = new Side(depth);
        asks = new Side(depth);
    }

    int depth()
    {
        return depth;
    }

    /** The bid side. */
    public Side bids()
    {
        return bids;
    }

    /** The offer side. */
    public Side asks()
    {
        return asks;
    }

    Side side(final boolean bid)
    {
        return bid ? bids : asks;
    }

    /** Empty both sides (on ChannelReset4). */
    public void clear()
    {
        bids.count = 0;
        asks.count = 0;
    }

    /**
     * Apply one book entry.
     *
     * @return false when the entry does not fit the book.
     */
    public boolean apply(
        final boolean bid, final MDUpdateAction action, final int level, final long price, final int size,
        final int orderCount)
    {
        return side(bid).apply(action, level, price, size, orderCount);
    }

    /**
     * One side: levels best first.
     */
    public static final class Side
    {
        private final long[] prices;
        private final int[] sizes;
        private final int[] orders;
        private int count;

        Side(final int depth)
        {
            prices = new long[depth];
            sizes = new int[depth];
            orders = new int[depth];
        }

        /** Levels held. */
        public int count()
        {
            return count;
        }

        /** Price (PRICE9 mantissa) of a level, 0-based, best first. */
        public long price(final int index)
        {
            return prices[index];
        }

        /** Size of a level. */
        public int size(final int index)
        {
            return sizes[index];
        }

        /** NumberOfOrders of a level. */
        public int orders(final int index)
        {
            return orders[index];
        }

        boolean apply(
            final MDUpdateAction action, final int level, final long price, final int size, final int orderCount)
        {
            final int depth = prices.length;
            final int index = level - 1;
            switch (action)
            {
                case New:
                    if (index < 0 || index >= depth || index > count)
                    {
                        return false;
                    }
                    final int kept = Math.min(count, depth - 1);
                    if (kept > index)
                    {
                        System.arraycopy(prices, index, prices, index + 1, kept - index);
                        System.arraycopy(sizes, index, sizes, index + 1, kept - index);
                        System.arraycopy(orders, index, orders, index + 1, kept - index);
                    }
                    prices[index] = price;
                    sizes[index] = size;
                    orders[index] = orderCount;
                    count = kept + 1;
                    return true;

                case Change:
                case Overlay:
                    if (index < 0 || index >= count)
                    {
                        return false;
                    }
                    prices[index] = price;
                    sizes[index] = size;
                    orders[index] = orderCount;
                    return true;

                case Delete:
                    if (index < 0 || index >= count)
                    {
                        return false;
                    }
                    System.arraycopy(prices, index + 1, prices, index, count - index - 1);
                    System.arraycopy(sizes, index + 1, sizes, index, count - index - 1);
                    System.arraycopy(orders, index + 1, orders, index, count - index - 1);
                    count--;
                    return true;

                case DeleteThru:
                    count = 0;
                    return true;

                case DeleteFrom:
                    if (level < 1 || level > count)
                    {
                        return false;
                    }
                    System.arraycopy(prices, level, prices, 0, count - level);
                    System.arraycopy(sizes, level, sizes, 0, count - level);
                    System.arraycopy(orders, level, orders, 0, count - level);
                    count -= level;
                    return true;

                default:
                    return false;
            }
        }
    }
}
