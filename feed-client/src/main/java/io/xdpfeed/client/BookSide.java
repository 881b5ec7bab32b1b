package io.xdpfeed.client;

import io.xdpfeed.common.book.MbpAction;
import io.xdpfeed.common.book.MbpSide;

/**
 * One side (bids or asks) of one book (outright or implied) of an instrument, as price levels 1..depth in fixed
 * arrays (the shared {@link MbpSide}, the structure of the handler's own books): no allocation when levels change.
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
    public static final long NULL_PRICE = MbpSide.NULL_PRICE;

    private final MbpSide levels;

    BookSide(final int depth)
    {
        levels = new MbpSide(depth);
    }

    /**
     * @return the number of levels this side holds at most (the instrument's market depth).
     */
    public int depth()
    {
        return levels.depth();
    }

    /**
     * @return the number of levels from the top that hold a price, stopping at the first empty one.
     */
    public int levelCount()
    {
        int count = 0;
        while (levels.isPresent(count + 1))
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
        return !levels.isPresent(1);
    }

    /**
     * @param level 1-based level.
     * @return true when the level is within the depth and holds a price.
     */
    public boolean hasLevel(final int level)
    {
        return levels.isPresent(level);
    }

    /**
     * @param level 1-based level.
     * @return the price mantissa (exponent -9) at the level, or {@link #NULL_PRICE} when empty or out of range.
     */
    public long price(final int level)
    {
        return levels.price(level);
    }

    /**
     * @param level 1-based level.
     * @return the quantity at the level, 0 when empty or out of range.
     */
    public long size(final int level)
    {
        return levels.size(level);
    }

    /**
     * @param level 1-based level.
     * @return the number of orders at the level, 0 when empty or out of range.
     */
    public int orderCount(final int level)
    {
        return levels.orderCount(level);
    }

    /**
     * One normalized book action, as {@link MbpSide#apply}: CLEAR (the whole book) is refused.
     *
     * @param action     the record's action, not null.
     * @param level      1-based level, or the number of levels for DELETE_FROM.
     * @param price      price mantissa.
     * @param size       quantity.
     * @param orderCount number of orders.
     * @return false when the action or the level was refused (nothing changed).
     */
    boolean apply(final MbpAction action, final int level, final long price, final long size, final int orderCount)
    {
        return levels.apply(action, level, price, size, orderCount);
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
        return levels.add(level, price, size, orderCount);
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
        return levels.change(level, price, size, orderCount);
    }

    /**
     * DELETE: remove the level, shifting deeper levels up.
     *
     * @param level 1-based level.
     * @return false when the level is outside 1..depth (nothing changed).
     */
    boolean delete(final int level)
    {
        return levels.delete(level);
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
        return levels.deleteFrom(count);
    }

    /**
     * DELETE_THRU (and CLEAR): empty the side.
     */
    void clear()
    {
        levels.clear();
    }

    /**
     * Change the depth, keeping the top levels. Allocates: instrument definitions and deeper-than-expected snapshots
     * only, never a book update.
     *
     * @param newDepth levels, 1..{@link SubscriberConfiguration#MAX_BOOK_DEPTH}.
     */
    void depth(final int newDepth)
    {
        levels.depth(newDepth);
    }

    /**
     * Levels as {@code [price x size (orders), ...]}, best first: for logs and test messages (allocates).
     *
     * @return the occupied levels.
     */
    public String toString()
    {
        final StringBuilder text = new StringBuilder("[");
        for (int level = 1; level <= levels.count(); level++)
        {
            if (levels.isPresent(level))
            {
                if (text.length() > 1)
                {
                    text.append(", ");
                }
                text.append(level).append(':').append(levels.price(level)).append('x').append(levels.size(level))
                    .append('(').append(levels.orderCount(level)).append(')');
            }
        }

        return text.append(']').toString();
    }
}
