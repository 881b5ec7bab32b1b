package io.xdpfeed.handler.itch;

/**
 * The levels of one side of an instrument's book ({@link ItchBooks}) below the published ones, and the count of the
 * side's orders below those (hidden): up to {@code depth} levels in price order, each its price, size and order count side by side in one {@code long[]} (24 bytes a level), level 1 the
 * best. Why not {@code common.book.MbpSide}: almost half of a simulated session's book messages act on a level here
 * (the published top is full and the order rests deeper), each one a scan for its price; in one array the scan reads
 * a few consecutive cache lines, where the general side reads its slot order, then prices, sizes and order counts
 * from three more arrays. An insert or a delete moves the levels below it (a copy within the array). No allocation
 * after construction; levels outside {@code 1..count} are not checked (the book keeps within them). One thread.
 */
final class ItchReserve
{
    private static final int FIELDS = 3;
    private static final int PRICE = 0;
    private static final int SIZE = 1;
    private static final int ORDERS = 2;

    private final long[] levels;
    private final int depth;
    private int count;
    private int hidden;

    /**
     * @param depth most levels kept, at least 0.
     */
    ItchReserve(final int depth)
    {
        this.depth = depth;
        this.levels = new long[Math.max(1, depth) * FIELDS];
    }

    int depth()
    {
        return depth;
    }

    int count()
    {
        return count;
    }

    long price(final int level)
    {
        return levels[(level - 1) * FIELDS + PRICE];
    }

    long size(final int level)
    {
        return levels[(level - 1) * FIELDS + SIZE];
    }

    int orderCount(final int level)
    {
        return (int)levels[(level - 1) * FIELDS + ORDERS];
    }

    /**
     * @return the 1-based level holding {@code price}, or minus the level where it would be inserted
     * ({@code -(count + 1)} when it is worse than every level).
     */
    int find(final boolean bid, final long price)
    {
        final long[] levels = this.levels;
        final int end = count * FIELDS;
        for (int i = 0; i < end; i += FIELDS)
        {
            final long levelPrice = levels[i];
            if (levelPrice == price)
            {
                return i / FIELDS + 1;
            }
            if (bid ? price > levelPrice : price < levelPrice)
            {
                return -(i / FIELDS + 1);
            }
        }
        return -(count + 1);
    }

    /**
     * Insert at {@code level} (1..count+1, at most depth), the levels from it down one; the last is dropped when the
     * side is full.
     */
    void add(final int level, final long price, final long size, final int orderCount)
    {
        final int at = (level - 1) * FIELDS;
        final int kept = Math.min(count, depth - 1);
        if (kept >= level)
        {
            System.arraycopy(levels, at, levels, at + FIELDS, (kept - level + 1) * FIELDS);
        }
        levels[at + PRICE] = price;
        levels[at + SIZE] = size;
        levels[at + ORDERS] = orderCount;
        count = kept + 1;
    }

    /**
     * Set the size and order count of {@code level} (1..count).
     */
    void change(final int level, final long size, final int orderCount)
    {
        final int at = (level - 1) * FIELDS;
        levels[at + SIZE] = size;
        levels[at + ORDERS] = orderCount;
    }

    /**
     * Remove {@code level} (1..count), the levels below it up one.
     */
    void delete(final int level)
    {
        final int at = (level - 1) * FIELDS;
        if (level < count)
        {
            System.arraycopy(levels, at + FIELDS, levels, at, (count - level) * FIELDS);
        }
        count--;
    }

    /**
     * @return the side's orders at prices below its last level (the ladder's), not kept as levels.
     */
    int hidden()
    {
        return hidden;
    }

    /**
     * @param delta orders that became hidden (negative: that left, or came back up as levels).
     */
    void addHidden(final int delta)
    {
        hidden += delta;
    }

    /**
     * Empty the levels; no order is hidden.
     */
    void clear()
    {
        count = 0;
        hidden = 0;
    }
}
