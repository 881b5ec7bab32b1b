package io.xdpfeed.common.book;

import java.util.Arrays;

/**
 * One side of a market-by-price book: up to {@link #depth()} price levels in fixed arrays, level 1 best. The
 * handler's books ({@code PriceLevels}) and the client's mirrors ({@code BookSide}) are this one structure.
 * <p>
 * The CME MBP actions, with {@code n} the 1-based MDPriceLevel:
 * <ul>
 *   <li>{@link #add} (New): insert at {@code n}, shift {@code n..} down one; the level pushed past the depth is
 *       dropped.</li>
 *   <li>{@link #change} (Change) and Overlay: replace price, size and order count at {@code n}, no shift.</li>
 *   <li>{@link #delete} (Delete): remove {@code n}, shift {@code n+1..} up one; the last level becomes empty (the
 *       exchange sends a New to refill it).</li>
 *   <li>{@link #clear} (DeleteThru): every level of the side goes.</li>
 *   <li>{@link #deleteFrom} (DeleteFrom): the top {@code n} levels go, the rest shift up {@code n}.</li>
 * </ul>
 * A level outside {@code 1..depth} is refused (returns false, the book unchanged): that is how "past the depth" is
 * told apart from a real change. An empty level holds {@link #NULL_PRICE} with size and order count 0. No method
 * allocates; {@link #depth(int)} reallocates and is for instrument (re)definition only.
 */
public class MbpSide
{
    /** Price mantissa of an empty level (PRICENULL9's null). */
    public static final long NULL_PRICE = Long.MAX_VALUE;

    private long[] prices;
    private long[] sizes;
    private int[] orderCounts;
    private int depth;
    private int count;

    /**
     * @param depth number of levels the side keeps, at least 0.
     */
    public MbpSide(final int depth)
    {
        allocate(depth);
    }

    private void allocate(final int depth)
    {
        if (depth < 0)
        {
            throw new IllegalArgumentException("depth must be >= 0: " + depth);
        }
        this.depth = depth;
        prices = new long[depth];
        sizes = new long[depth];
        orderCounts = new int[depth];
        Arrays.fill(prices, NULL_PRICE);
        count = 0;
    }

    /**
     * @return the number of levels kept.
     */
    public final int depth()
    {
        return depth;
    }

    /**
     * Change the depth, keeping the best levels that still fit. Allocates: for instrument definitions only.
     *
     * @param newDepth number of levels to keep.
     */
    public final void depth(final int newDepth)
    {
        if (newDepth == depth)
        {
            return;
        }
        final long[] oldPrices = prices;
        final long[] oldSizes = sizes;
        final int[] oldOrderCounts = orderCounts;
        final int keep = Math.min(count, newDepth);
        allocate(newDepth);
        System.arraycopy(oldPrices, 0, prices, 0, keep);
        System.arraycopy(oldSizes, 0, sizes, 0, keep);
        System.arraycopy(oldOrderCounts, 0, orderCounts, 0, keep);
        count = keep;
    }

    /**
     * @return one past the deepest level in use (levels below it may be empty only after an out-of-order New).
     */
    public final int count()
    {
        return count;
    }

    /**
     * @param level 1-based.
     * @return price mantissa at the level, {@link #NULL_PRICE} when empty or outside the depth.
     */
    public final long price(final int level)
    {
        return level >= 1 && level <= count ? prices[level - 1] : NULL_PRICE;
    }

    /**
     * @param level 1-based.
     * @return size at the level, 0 when empty.
     */
    public final long size(final int level)
    {
        return level >= 1 && level <= count ? sizes[level - 1] : 0;
    }

    /**
     * @param level 1-based.
     * @return order count at the level, 0 when empty.
     */
    public final int orderCount(final int level)
    {
        return level >= 1 && level <= count ? orderCounts[level - 1] : 0;
    }

    /**
     * @param level 1-based.
     * @return true when the level holds a price.
     */
    public final boolean isPresent(final int level)
    {
        return level >= 1 && level <= count && prices[level - 1] != NULL_PRICE;
    }

    /**
     * @return number of levels that hold a price.
     */
    public final int presentLevels()
    {
        int present = 0;
        for (int i = 0; i < count; i++)
        {
            if (prices[i] != NULL_PRICE)
            {
                present++;
            }
        }
        return present;
    }

    /**
     * New: insert a level at {@code level}, shifting the levels at and below it down one.
     *
     * @param level      1-based.
     * @param price      mantissa.
     * @param size       quantity.
     * @param orderCount number of orders.
     * @return false when the level is outside {@code 1..depth}.
     */
    public final boolean add(final int level, final long price, final long size, final int orderCount)
    {
        if (level < 1 || level > depth)
        {
            return false;
        }
        final int index = level - 1;
        final int last = Math.min(count, depth - 1);
        // books are a few levels deep: a plain loop moves them faster than three System.arraycopy calls
        final long[] prices = this.prices;
        final long[] sizes = this.sizes;
        final int[] orderCounts = this.orderCounts;
        for (int i = last; i > index; i--)
        {
            prices[i] = prices[i - 1];
            sizes[i] = sizes[i - 1];
            orderCounts[i] = orderCounts[i - 1];
        }
        prices[index] = price;
        sizes[index] = size;
        orderCounts[index] = orderCount;
        count = Math.min(depth, Math.max(count + 1, level));
        return true;
    }

    /**
     * Change or Overlay: set the level in place.
     *
     * @param level      1-based.
     * @param price      mantissa.
     * @param size       quantity.
     * @param orderCount number of orders.
     * @return false when the level is outside {@code 1..depth}.
     */
    public final boolean change(final int level, final long price, final long size, final int orderCount)
    {
        if (level < 1 || level > depth)
        {
            return false;
        }
        final int index = level - 1;
        prices[index] = price;
        sizes[index] = size;
        orderCounts[index] = orderCount;
        if (level > count)
        {
            count = level;
        }
        return true;
    }

    /**
     * Delete: remove the level, shifting the levels below it up one.
     *
     * @param level 1-based.
     * @return false when the level is outside {@code 1..depth}.
     */
    public final boolean delete(final int level)
    {
        if (level < 1 || level > depth)
        {
            return false;
        }
        if (level > count)
        {
            return true;
        }
        final long[] prices = this.prices;
        final long[] sizes = this.sizes;
        final int[] orderCounts = this.orderCounts;
        final int last = count - 1;
        for (int i = level - 1; i < last; i++)
        {
            prices[i] = prices[i + 1];
            sizes[i] = sizes[i + 1];
            orderCounts[i] = orderCounts[i + 1];
        }
        count = last;
        prices[last] = NULL_PRICE;
        sizes[last] = 0;
        orderCounts[last] = 0;
        return true;
    }

    /**
     * DeleteFrom: remove the top {@code level} levels, shifting the rest up.
     *
     * @param level number of levels from the top, 1-based; at or past the depth empties the side.
     * @return false when the level is below 1.
     */
    public final boolean deleteFrom(final int level)
    {
        if (level < 1)
        {
            return false;
        }
        final int removed = Math.min(level, count);
        final int moved = count - removed;
        if (moved > 0)
        {
            System.arraycopy(prices, removed, prices, 0, moved);
            System.arraycopy(sizes, removed, sizes, 0, moved);
            System.arraycopy(orderCounts, removed, orderCounts, 0, moved);
        }
        for (int i = moved; i < count; i++)
        {
            empty(i);
        }
        count = moved;
        return true;
    }

    /**
     * DeleteThru (and book reset): empty every level.
     */
    public final void clear()
    {
        for (int i = 0; i < count; i++)
        {
            empty(i);
        }
        count = 0;
    }

    /**
     * One normalized book action on this side. CLEAR empties the whole book, every side, so it is the caller's to
     * do; it is refused here.
     *
     * @param action     the action, not null.
     * @param level      1-based level (the number of levels for DELETE_FROM; ignored by DELETE_THRU).
     * @param price      mantissa (NEW, CHANGE, OVERLAY).
     * @param size       quantity (NEW, CHANGE, OVERLAY).
     * @param orderCount number of orders (NEW, CHANGE, OVERLAY).
     * @return false when the action or the level was refused (the side unchanged).
     */
    public final boolean apply(
        final MbpAction action, final int level, final long price, final long size, final int orderCount)
    {
        return switch (action)
        {
            case NEW -> add(level, price, size, orderCount);
            case CHANGE, OVERLAY -> change(level, price, size, orderCount);
            case DELETE -> delete(level);
            case DELETE_FROM -> deleteFrom(level);
            case DELETE_THRU ->
            {
                clear();
                yield true;
            }
            case CLEAR -> false;
        };
    }

    /**
     * Copy another side's levels (same depth or not: levels past this side's depth are dropped).
     *
     * @param other to copy.
     */
    public final void copyFrom(final MbpSide other)
    {
        clear();
        final int copied = Math.min(other.count, depth);
        System.arraycopy(other.prices, 0, prices, 0, copied);
        System.arraycopy(other.sizes, 0, sizes, 0, copied);
        System.arraycopy(other.orderCounts, 0, orderCounts, 0, copied);
        count = copied;
    }

    private void empty(final int index)
    {
        prices[index] = NULL_PRICE;
        sizes[index] = 0;
        orderCounts[index] = 0;
    }

    /**
     * @return levels as text, e.g. {@code [100x5(2), 99x1(1)]}, for tests and logs.
     */
    public String toString()
    {
        final StringBuilder builder = new StringBuilder("[");
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.append(", ");
            }
            if (prices[i] == NULL_PRICE)
            {
                builder.append('-');
            }
            else
            {
                builder.append(prices[i]).append('x').append(sizes[i]).append('(').append(orderCounts[i]).append(')');
            }
        }
        return builder.append(']').toString();
    }
}
