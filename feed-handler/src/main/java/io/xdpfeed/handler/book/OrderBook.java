package io.xdpfeed.handler.book;

import java.util.Arrays;

/**
 * Market-by-order book of one instrument (CME templates 47, 46's OrderID group and 53): every visible order by
 * OrderID with side, price, display quantity and priority.
 * <p>
 * Fixed capacity, sized once: orders live densely in parallel primitive arrays (index 0..orderCount-1, a delete
 * moves the last order into the hole), found through an open-addressing table of OrderID to index (linear probing,
 * backward-shift deletion, no tombstones, at most half full). Nothing is allocated after construction and nothing
 * grows: an add beyond the capacity is refused and counted ({@link #overflows()}), never thrown.
 * Best price per side and size at a price are scans, for tools and tests, not for the hot path.
 */
public final class OrderBook
{
    /** {@link #add} result: a new order. */
    public static final int ADDED = 0;
    /** {@link #add} result: the id was already in the book, its order was replaced. */
    public static final int REPLACED = 1;
    /** {@link #add} result: the book is full, the order was refused and counted. */
    public static final int OVERFLOW = 2;

    /** Null price mantissa (PRICENULL9). */
    public static final long NULL_PRICE = Long.MAX_VALUE;

    private static final int EMPTY = -1;

    private final int capacity;
    private final int mask;
    private final int shift;
    private final long[] keys;
    private final int[] indexByKey;
    private final long[] orderIds;
    private final long[] prices;
    private final long[] sizes;
    private final long[] priorities;
    private final boolean[] bids;
    private int orderCount;
    private long overflows;
    private long deletedPrice = NULL_PRICE;
    private long deletedPriority;

    /**
     * @param capacity most orders the book holds at once.
     */
    public OrderBook(final int capacity)
    {
        if (capacity < 1 || capacity > 1 << 28)
        {
            throw new IllegalArgumentException("order book capacity must be 1..2^28: " + capacity);
        }
        this.capacity = capacity;
        final int tableLength = Math.max(16, Integer.highestOneBit(capacity * 2 - 1) << 1);
        this.mask = tableLength - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(tableLength);
        this.keys = new long[tableLength];
        this.indexByKey = new int[tableLength];
        Arrays.fill(indexByKey, EMPTY);
        this.orderIds = new long[capacity];
        this.prices = new long[capacity];
        this.sizes = new long[capacity];
        this.priorities = new long[capacity];
        this.bids = new boolean[capacity];
    }

    private int home(final long orderId)
    {
        return (int)((orderId * 0x9E37_79B9_7F4A_7C15L) >>> shift);
    }

    private int find(final long orderId)
    {
        final long[] keys = this.keys;
        final int[] indexByKey = this.indexByKey;
        int slot = home(orderId);
        while (indexByKey[slot] != EMPTY)
        {
            if (keys[slot] == orderId)
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return ~slot;
    }

    private void removeSlot(final int removed)
    {
        final long[] keys = this.keys;
        final int[] indexByKey = this.indexByKey;
        int hole = removed;
        int slot = (hole + 1) & mask;
        while (indexByKey[slot] != EMPTY)
        {
            final int home = home(keys[slot]);
            // move the entry back into the hole when its home is not in (hole, slot] (cyclically)
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                keys[hole] = keys[slot];
                indexByKey[hole] = indexByKey[slot];
                hole = slot;
            }
            slot = (slot + 1) & mask;
        }
        indexByKey[hole] = EMPTY;
    }

    /**
     * Add an order, or replace it when its id is already in the book.
     *
     * @param orderId  exchange order id.
     * @param bid      true for a buy order.
     * @param price    mantissa, exponent -9.
     * @param size     display quantity.
     * @param priority MDOrderPriority.
     * @return {@link #ADDED}, {@link #REPLACED} or {@link #OVERFLOW}.
     */
    public int add(final long orderId, final boolean bid, final long price, final long size, final long priority)
    {
        final int slot = find(orderId);
        final int index;
        final int result;
        if (slot >= 0)
        {
            index = indexByKey[slot];
            result = REPLACED;
        }
        else
        {
            if (orderCount == capacity)
            {
                overflows++;
                return OVERFLOW;
            }
            index = orderCount++;
            keys[~slot] = orderId;
            indexByKey[~slot] = index;
            result = ADDED;
        }
        orderIds[index] = orderId;
        bids[index] = bid;
        prices[index] = price;
        sizes[index] = size;
        priorities[index] = priority;
        return result;
    }

    /**
     * Update an order in place (side, price, quantity, priority); an unknown id is added, as the feed means it.
     *
     * @param orderId  exchange order id.
     * @param bid      true for a buy order.
     * @param price    mantissa, exponent -9.
     * @param size     display quantity.
     * @param priority MDOrderPriority.
     * @return {@link #ADDED}, {@link #REPLACED} or {@link #OVERFLOW}.
     */
    public int update(final long orderId, final boolean bid, final long price, final long size, final long priority)
    {
        return add(orderId, bid, price, size, priority);
    }

    /**
     * @param orderId exchange order id.
     * @return false when the order was not in the book; when true, {@link #deletedPrice()} and
     * {@link #deletedPriority()} tell what it was.
     */
    public boolean delete(final long orderId)
    {
        final int slot = find(orderId);
        if (slot < 0)
        {
            return false;
        }
        final int index = indexByKey[slot];
        deletedPrice = prices[index];
        deletedPriority = priorities[index];
        removeSlot(slot);
        final int last = --orderCount;
        if (index != last)
        {
            final long movedId = orderIds[last];
            orderIds[index] = movedId;
            bids[index] = bids[last];
            prices[index] = prices[last];
            sizes[index] = sizes[last];
            priorities[index] = priorities[last];
            indexByKey[find(movedId)] = index;
        }
        return true;
    }

    /**
     * @return price of the order removed by the last successful {@link #delete(long)}.
     */
    public long deletedPrice()
    {
        return deletedPrice;
    }

    /**
     * @return priority of the order removed by the last successful {@link #delete(long)}.
     */
    public long deletedPriority()
    {
        return deletedPriority;
    }

    /**
     * Remove every order (a scan of the table: book resets are rare).
     */
    public void clear()
    {
        if (orderCount > 0)
        {
            Arrays.fill(indexByKey, EMPTY);
            orderCount = 0;
        }
    }

    /**
     * @return orders in the book.
     */
    public int orderCount()
    {
        return orderCount;
    }

    /**
     * @return most orders the book holds.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return orders refused because the book was full.
     */
    public long overflows()
    {
        return overflows;
    }

    /**
     * @param orderId exchange order id.
     * @return index of the order (0..orderCount-1), or -1 when absent; valid until the next delete.
     */
    public int indexOf(final long orderId)
    {
        final int slot = find(orderId);
        return slot < 0 ? -1 : indexByKey[slot];
    }

    /**
     * @param index 0..orderCount-1.
     * @return the order's id.
     */
    public long orderIdAt(final int index)
    {
        return orderIds[index];
    }

    /**
     * @param index 0..orderCount-1.
     * @return true for a buy order.
     */
    public boolean isBidAt(final int index)
    {
        return bids[index];
    }

    /**
     * @param index 0..orderCount-1.
     * @return price mantissa.
     */
    public long priceAt(final int index)
    {
        return prices[index];
    }

    /**
     * @param index 0..orderCount-1.
     * @return display quantity.
     */
    public long sizeAt(final int index)
    {
        return sizes[index];
    }

    /**
     * @param index 0..orderCount-1.
     * @return MDOrderPriority.
     */
    public long priorityAt(final int index)
    {
        return priorities[index];
    }

    /**
     * @param orderId exchange order id.
     * @return true when the order is in the book.
     */
    public boolean contains(final long orderId)
    {
        return find(orderId) >= 0;
    }

    /**
     * @param orderId exchange order id.
     * @return its price mantissa, Long.MAX_VALUE when absent.
     */
    public long price(final long orderId)
    {
        final int index = indexOf(orderId);
        return index < 0 ? NULL_PRICE : prices[index];
    }

    /**
     * @param orderId exchange order id.
     * @return its display quantity, 0 when absent.
     */
    public long size(final long orderId)
    {
        final int index = indexOf(orderId);
        return index < 0 ? 0 : sizes[index];
    }

    /**
     * @param orderId exchange order id.
     * @return its priority, 0 when absent.
     */
    public long priority(final long orderId)
    {
        final int index = indexOf(orderId);
        return index < 0 ? 0 : priorities[index];
    }

    /**
     * @param orderId exchange order id.
     * @return true when it is a buy order (false when absent).
     */
    public boolean isBid(final long orderId)
    {
        final int index = indexOf(orderId);
        return index >= 0 && bids[index];
    }

    /**
     * @param bid true for the bid side.
     * @return best price of the side, Long.MAX_VALUE when the side is empty (a scan).
     */
    public long bestPrice(final boolean bid)
    {
        long best = NULL_PRICE;
        boolean found = false;
        for (int i = 0; i < orderCount; i++)
        {
            if (bids[i] == bid)
            {
                final long price = prices[i];
                if (!found || (bid ? price > best : price < best))
                {
                    best = price;
                    found = true;
                }
            }
        }
        return best;
    }

    /**
     * @param bid   true for the bid side.
     * @param price mantissa.
     * @return total display quantity of the side's orders at that price (a scan).
     */
    public long sizeAt(final boolean bid, final long price)
    {
        long total = 0;
        for (int i = 0; i < orderCount; i++)
        {
            if (bids[i] == bid && prices[i] == price)
            {
                total += sizes[i];
            }
        }
        return total;
    }
}
