package io.xdpfeed.client;

import java.util.Arrays;

/**
 * One side (bids or asks) of one book (outright or implied) of an instrument, as price levels 1..depth in fixed
 * arrays: no allocation when levels change.
 * <p>
 * Book actions follow CME MDP 3.0 market-by-price semantics, level numbers 1-based:
 * <ul>
 * <li>NEW: insert at the level, deeper levels shift down, the level pushed past the depth is dropped.</li>
 * <li>CHANGE and OVERLAY: replace price, size and order count at the level.</li>
 * <li>DELETE: remove the level, deeper levels shift up, the deepest slot becomes empty.</li>
 * <li>DELETE_FROM n: remove the top n levels (1..n), the rest shift up by n.</li>
 * <li>DELETE_THRU: remove every level of the side (CME sends it with level 1 and means "all").</li>
 * </ul>
 * A level outside {@code 1..depth} is rejected (the caller counts it) and the side is left unchanged. An empty slot
 * has price {@link #NULL_PRICE}; CME keeps levels contiguous, so the first empty slot ends the side.
 */
public final class BookSide
{
    /**
     * Price of an empty level: the PRICE9 null mantissa.
     */
    public static final long NULL_PRICE = Long.MAX_VALUE;

    private long[] prices;
    private long[] sizes;
    private int[] orderCounts;
    private int depth;

    BookSide(final int depth)
    {
        prices = new long[depth];
        sizes = new long[depth];
        orderCounts = new int[depth];
        Arrays.fill(prices, NULL_PRICE);
        this.depth = depth;
    }

    /**
     * @return the number of levels this side holds at most (the instrument's market depth).
     */
    public int depth()
    {
        return depth;
    }

    /**
     * @return the number of levels from the top that hold a price, stopping at the first empty one.
     */
    public int levelCount()
    {
        int count = 0;
        while (count < depth && prices[count] != NULL_PRICE)
        {
            count++;
        }

        return count;
    }

    /**
     * @return true when level 1 is empty.
     */
    public boolean isEmpty()
    {
        return prices[0] == NULL_PRICE;
    }

    /**
     * @param level 1-based level.
     * @return true when the level is within the depth and holds a price.
     */
    public boolean hasLevel(final int level)
    {
        return level >= 1 && level <= depth && prices[level - 1] != NULL_PRICE;
    }

    /**
     * @param level 1-based level.
     * @return the price mantissa (exponent -9) at the level, or {@link #NULL_PRICE} when empty or out of range.
     */
    public long price(final int level)
    {
        return level >= 1 && level <= depth ? prices[level - 1] : NULL_PRICE;
    }

    /**
     * @param level 1-based level.
     * @return the quantity at the level, 0 when empty or out of range.
     */
    public long size(final int level)
    {
        return level >= 1 && level <= depth ? sizes[level - 1] : 0;
    }

    /**
     * @param level 1-based level.
     * @return the number of orders at the level, 0 when empty or out of range.
     */
    public int orderCount(final int level)
    {
        return level >= 1 && level <= depth ? orderCounts[level - 1] : 0;
    }

    /**
     * NEW: insert at the level, shifting deeper levels down and dropping the one pushed past the depth.
     *
     * @param level      1-based level.
     * @param price      price mantissa.
     * @param size       quantity.
     * @param orderCount number of orders.
     * @return false when the level is outside 1..depth (nothing changed).
     */
    boolean insert(final int level, final long price, final long size, final int orderCount)
    {
        if (level < 1 || level > depth)
        {
            return false;
        }

        final int index = level - 1;
        final int moved = depth - level;
        if (moved > 0)
        {
            System.arraycopy(prices, index, prices, index + 1, moved);
            System.arraycopy(sizes, index, sizes, index + 1, moved);
            System.arraycopy(orderCounts, index, orderCounts, index + 1, moved);
        }
        prices[index] = price;
        sizes[index] = size;
        orderCounts[index] = orderCount;

        return true;
    }

    /**
     * CHANGE or OVERLAY: replace the level.
     *
     * @param level      1-based level.
     * @param price      price mantissa.
     * @param size       quantity.
     * @param orderCount number of orders.
     * @return false when the level is outside 1..depth (nothing changed).
     */
    boolean replace(final int level, final long price, final long size, final int orderCount)
    {
        if (level < 1 || level > depth)
        {
            return false;
        }

        final int index = level - 1;
        prices[index] = price;
        sizes[index] = size;
        orderCounts[index] = orderCount;

        return true;
    }

    /**
     * DELETE: remove the level, shifting deeper levels up.
     *
     * @param level 1-based level.
     * @return false when the level is outside 1..depth (nothing changed).
     */
    boolean delete(final int level)
    {
        if (level < 1 || level > depth)
        {
            return false;
        }

        shiftUp(level - 1, 1);

        return true;
    }

    /**
     * DELETE_FROM: remove the top {@code count} levels, shifting the rest up; a count at or past the depth empties
     * the side.
     *
     * @param count number of levels removed from the top, the MDP entry's price level.
     * @return false when count < 1 (nothing changed).
     */
    boolean deleteFrom(final int count)
    {
        if (count < 1)
        {
            return false;
        }

        if (count >= depth)
        {
            clear();
        }
        else
        {
            shiftUp(0, count);
        }

        return true;
    }

    /**
     * DELETE_THRU (and CLEAR): empty the side.
     */
    void clear()
    {
        Arrays.fill(prices, 0, depth, NULL_PRICE);
        Arrays.fill(sizes, 0, depth, 0L);
        Arrays.fill(orderCounts, 0, depth, 0);
    }

    /**
     * Change the depth, keeping the top levels. Growing past the arrays' capacity allocates (instrument definitions
     * and deeper-than-expected snapshots only, never a book update).
     *
     * @param newDepth levels, 1..{@link SubscriberConfiguration#MAX_BOOK_DEPTH}.
     */
    void depth(final int newDepth)
    {
        if (newDepth > prices.length)
        {
            final int oldLength = prices.length;
            prices = Arrays.copyOf(prices, newDepth);
            sizes = Arrays.copyOf(sizes, newDepth);
            orderCounts = Arrays.copyOf(orderCounts, newDepth);
            Arrays.fill(prices, oldLength, newDepth, NULL_PRICE);
        }
        else if (newDepth < depth)
        {
            Arrays.fill(prices, newDepth, depth, NULL_PRICE);
            Arrays.fill(sizes, newDepth, depth, 0L);
            Arrays.fill(orderCounts, newDepth, depth, 0);
        }
        depth = newDepth;
    }

    private void shiftUp(final int index, final int count)
    {
        final int moved = depth - index - count;
        if (moved > 0)
        {
            System.arraycopy(prices, index + count, prices, index, moved);
            System.arraycopy(sizes, index + count, sizes, index, moved);
            System.arraycopy(orderCounts, index + count, orderCounts, index, moved);
        }
        final int from = Math.max(index, depth - count);
        Arrays.fill(prices, from, depth, NULL_PRICE);
        Arrays.fill(sizes, from, depth, 0L);
        Arrays.fill(orderCounts, from, depth, 0);
    }

    /**
     * Levels as {@code [price x size (orders), ...]}, best first: for logs and test messages (allocates).
     *
     * @return the occupied levels.
     */
    public String toString()
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < depth; i++)
        {
            if (prices[i] != NULL_PRICE)
            {
                if (text.length() > 1)
                {
                    text.append(", ");
                }
                text.append(i + 1).append(':').append(prices[i]).append('x').append(sizes[i])
                    .append('(').append(orderCounts[i]).append(')');
            }
        }

        return text.append(']').toString();
    }
}
