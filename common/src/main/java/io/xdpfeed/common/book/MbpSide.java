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

    /** Deepest side whose level order fits one {@code long} of 4-bit slot numbers. */
    private static final int PACKED_DEPTH = 16;

    // Levels live in slots that never move; the order of the slots by level is what New, Delete and DeleteFrom
    // change. Up to PACKED_DEPTH levels the order is one long, 4 bits per level (level 1 in the low bits), so a shift
    // of the whole side is a few shifts and masks of that long instead of moving every level below in three arrays.
    // A deeper side keeps the order in an int array and moves that one array.
    private long[] prices;
    private long[] sizes;
    private int[] orderCounts;
    private int[] slots;
    private long order;
    private long orderMask;
    private boolean packed;
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
        packed = depth <= PACKED_DEPTH;
        slots = packed ? null : new int[depth];
        order = 0;
        for (int i = 0; i < depth; i++)
        {
            if (packed)
            {
                order |= (long)i << (i << 2);
            }
            else
            {
                slots[i] = i;
            }
        }
        orderMask = depth == PACKED_DEPTH ? -1L : (1L << (depth << 2)) - 1;
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
        final int keep = Math.min(count, newDepth);
        final long[] keptPrices = new long[keep];
        final long[] keptSizes = new long[keep];
        final int[] keptOrderCounts = new int[keep];
        for (int i = 0; i < keep; i++)
        {
            final int slot = slot(i);
            keptPrices[i] = prices[slot];
            keptSizes[i] = sizes[slot];
            keptOrderCounts[i] = orderCounts[slot];
        }
        allocate(newDepth);
        System.arraycopy(keptPrices, 0, prices, 0, keep);
        System.arraycopy(keptSizes, 0, sizes, 0, keep);
        System.arraycopy(keptOrderCounts, 0, orderCounts, 0, keep);
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
     * @param index 0-based level, below the depth.
     * @return the slot holding it.
     */
    private int slot(final int index)
    {
        return packed ? (int)(order >>> (index << 2)) & 0xF : slots[index];
    }

    /**
     * The level of a price in a side kept in price order, in one pass over the level order without the checks
     * {@link #price} makes per level: the search a protocol that aggregates its levels from orders makes for every
     * order (ITCH). An empty level reads as {@link #NULL_PRICE}, as through {@link #price}.
     *
     * @param descending true for a side whose better prices are higher (bids), false for asks.
     * @param price      to look for.
     * @return the 1-based level holding it, or minus the level where it would be inserted ({@code -(count + 1)} when
     * it is behind every level).
     */
    public final int find(final boolean descending, final long price)
    {
        final long[] prices = this.prices;
        final int count = this.count;
        if (packed)
        {
            long order = this.order;
            for (int index = 0; index < count; index++)
            {
                final long levelPrice = prices[(int)order & 0xF];
                order >>>= 4;
                if (levelPrice == price)
                {
                    return index + 1;
                }
                if (descending ? price > levelPrice : price < levelPrice)
                {
                    return -(index + 1);
                }
            }
            return -(count + 1);
        }
        final int[] slots = this.slots;
        for (int index = 0; index < count; index++)
        {
            final long levelPrice = prices[slots[index]];
            if (levelPrice == price)
            {
                return index + 1;
            }
            if (descending ? price > levelPrice : price < levelPrice)
            {
                return -(index + 1);
            }
        }
        return -(count + 1);
    }

    /**
     * Where a level lives: its slot does not move while the level stays in the side (New and Delete of other levels
     * change only the order of the slots), so a caller may keep it as a hint for {@link #levelOfSlot}.
     *
     * @param level 1-based, 1..count.
     * @return the slot holding it (0..depth-1), or -1 when the level is outside 1..count or the side is deeper
     * than 16 levels (not kept in one long: no hint).
     */
    public final int slotOf(final int level)
    {
        return packed && level >= 1 && level <= count ? (int)(order >>> ((level - 1) << 2)) & 0xF : -1;
    }

    /**
     * The level a hint from {@link #slotOf} names now, when that slot still holds the price: one load and a few
     * shifts, no search. A level deleted, or moved to another slot since, reads as no match (the caller searches).
     *
     * @param slot  a hint from {@link #slotOf} (any int: out of range reads as no match).
     * @param price the price the level had.
     * @return the level (1-based) in the slot when it holds {@code price}, else 0.
     */
    public final int levelOfSlot(final int slot, final long price)
    {
        if (!packed || slot < 0 || slot >= depth || prices[slot] != price)
        {
            return 0;
        }
        // the position of nibble value 'slot' in the order: the lowest nibble of order ^ slot*0x11..1 that is zero
        final long x = order ^ (slot * 0x1111_1111_1111_1111L);
        final long zeros = (x - 0x1111_1111_1111_1111L) & ~x & 0x8888_8888_8888_8888L;
        final int index = Long.numberOfTrailingZeros(zeros) >>> 2;
        return index < count ? index + 1 : 0;
    }

    /**
     * @param level 1-based.
     * @return price mantissa at the level, {@link #NULL_PRICE} when empty or outside the depth.
     */
    public final long price(final int level)
    {
        return level >= 1 && level <= count ? prices[slot(level - 1)] : NULL_PRICE;
    }

    /**
     * @param level 1-based.
     * @return size at the level, 0 when empty.
     */
    public final long size(final int level)
    {
        return level >= 1 && level <= count ? sizes[slot(level - 1)] : 0;
    }

    /**
     * @param level 1-based.
     * @return order count at the level, 0 when empty.
     */
    public final int orderCount(final int level)
    {
        return level >= 1 && level <= count ? orderCounts[slot(level - 1)] : 0;
    }

    /**
     * @param level 1-based.
     * @return true when the level holds a price.
     */
    public final boolean isPresent(final int level)
    {
        return level >= 1 && level <= count && prices[slot(level - 1)] != NULL_PRICE;
    }

    /**
     * @return number of levels that hold a price.
     */
    public final int presentLevels()
    {
        int present = 0;
        for (int i = 0; i < count; i++)
        {
            if (prices[slot(i)] != NULL_PRICE)
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
        final int last = depth - 1;
        // the deepest slot (pushed past the depth, or empty) takes the new level; the ones from index down move one
        final int slot;
        if (packed)
        {
            final long order = this.order;
            final int shift = index << 2;
            final long above = (1L << shift) - 1;
            slot = (int)(order >>> (last << 2)) & 0xF;
            this.order = (order & above) | ((long)slot << shift) | (((order & ~above) << 4) & orderMask);
        }
        else
        {
            final int[] slots = this.slots;
            slot = slots[last];
            System.arraycopy(slots, index, slots, index + 1, last - index);
            slots[index] = slot;
        }
        prices[slot] = price;
        sizes[slot] = size;
        orderCounts[slot] = orderCount;
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
        final int slot = slot(level - 1);
        prices[slot] = price;
        sizes[slot] = size;
        orderCounts[slot] = orderCount;
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
        removeAt(level - 1);
        count--;
        return true;
    }

    /**
     * The level at {@code index} leaves: the ones below move up one, its slot goes last and is emptied.
     */
    private void removeAt(final int index)
    {
        final int last = depth - 1;
        final int slot;
        if (packed)
        {
            final long order = this.order;
            final long above = (1L << (index << 2)) - 1;
            slot = (int)(order >>> (index << 2)) & 0xF;
            // the nibble past the last position is 0 (masked, or shifted in), so the slot's place is free
            this.order = (order & above) | ((order >>> 4) & ~above) | ((long)slot << (last << 2));
        }
        else
        {
            final int[] slots = this.slots;
            slot = slots[index];
            System.arraycopy(slots, index + 1, slots, index, last - index);
            slots[last] = slot;
        }
        prices[slot] = NULL_PRICE;
        sizes[slot] = 0;
        orderCounts[slot] = 0;
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
        for (int i = 0; i < removed; i++)
        {
            removeAt(0);
        }
        count -= removed;
        return true;
    }

    /**
     * DeleteThru (and book reset): empty every level.
     */
    public final void clear()
    {
        for (int i = 0; i < count; i++)
        {
            final int slot = slot(i);
            prices[slot] = NULL_PRICE;
            sizes[slot] = 0;
            orderCounts[slot] = 0;
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
        for (int i = 0; i < copied; i++)
        {
            final int from = other.slot(i);
            final int to = slot(i);
            prices[to] = other.prices[from];
            sizes[to] = other.sizes[from];
            orderCounts[to] = other.orderCounts[from];
        }
        count = copied;
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
            final int slot = slot(i);
            if (prices[slot] == NULL_PRICE)
            {
                builder.append('-');
            }
            else
            {
                builder.append(prices[slot]).append('x').append(sizes[slot]).append('(').append(orderCounts[slot])
                    .append(')');
            }
        }
        return builder.append(']').toString();
    }
}
