package io.xdpfeed.common.book;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Market-by-order table of one instrument: every visible order by OrderID with side, price, display quantity and
 * priority, the structure under the handler's MBO book and the client's MBO mirror.
 * <p>
 * Orders live densely in parallel primitive arrays (index 0..orderCount-1, in no particular order; a delete moves the
 * last order into the hole), found through Agrona's open-addressing {@link Long2LongHashMap} of OrderID to index.
 * Two capacity policies, fixed at construction:
 * <ul>
 *   <li>fixed (the handler, on the hot path): sized once, the map at twice the capacity so that it never reaches
 *       its resize threshold; nothing is allocated after construction, an add beyond the capacity is refused and
 *       counted ({@link #overflows()}), never thrown;</li>
 *   <li>growing (the client): the arrays double when full, so the table allocates only past its largest order
 *       count so far.</li>
 * </ul>
 * Best price per side and size at a price are scans, for tools and tests, not for the hot path. Its reads are
 * the {@link OrderView} the client hands to strategies.
 */
public class OrderTable implements OrderView
{
    /** {@link #add} result: a new order. */
    public static final int ADDED = 0;
    /** {@link #add} result: the id was already in the table, its order was replaced. */
    public static final int REPLACED = 1;
    /** {@link #add} result: the table is full (fixed capacity), the order was refused and counted. */
    public static final int OVERFLOW = 2;

    /** Null price mantissa (PRICENULL9). */
    public static final long NULL_PRICE = Long.MAX_VALUE;

    private static final long NO_INDEX = -1;
    private static final float LOAD_FACTOR = 0.65f;

    private final boolean grows;
    private final Long2LongHashMap indexById;
    private int capacity;
    private long[] orderIds;
    private long[] prices;
    private long[] sizes;
    private long[] priorities;
    private boolean[] bids;
    private int orderCount;
    private long overflows;
    private long deletedPrice = NULL_PRICE;
    private long deletedPriority;

    /**
     * @param capacity most orders the table holds at once (fixed), or its initial capacity (growing).
     * @param grows    true to double the arrays when full instead of refusing the order.
     */
    public OrderTable(final int capacity, final boolean grows)
    {
        if (capacity < 1 || capacity > 1 << 28)
        {
            throw new IllegalArgumentException("order book capacity must be 1..2^28: " + capacity);
        }
        this.grows = grows;
        this.capacity = capacity;
        // twice the capacity: a fixed table's map never reaches its resize threshold, so it never allocates after this
        this.indexById = new Long2LongHashMap(capacity * 2, LOAD_FACTOR, NO_INDEX);
        this.orderIds = new long[capacity];
        this.prices = new long[capacity];
        this.sizes = new long[capacity];
        this.priorities = new long[capacity];
        this.bids = new boolean[capacity];
    }

    /**
     * Add an order, or replace it when its id is already in the table.
     *
     * @param orderId  exchange order id.
     * @param bid      true for a buy order.
     * @param price    mantissa, exponent -9.
     * @param size     display quantity.
     * @param priority MDOrderPriority.
     * @return {@link #ADDED}, {@link #REPLACED} or {@link #OVERFLOW}.
     */
    public final int add(final long orderId, final boolean bid, final long price, final long size, final long priority)
    {
        final int existing = (int)indexById.get(orderId);
        final int index;
        final int result;
        if (existing >= 0)
        {
            index = existing;
            result = REPLACED;
        }
        else
        {
            if (orderCount == capacity)
            {
                if (!grows)
                {
                    overflows++;
                    return OVERFLOW;
                }
                grow();
            }
            index = orderCount++;
            indexById.put(orderId, index);
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
    public final int update(
        final long orderId, final boolean bid, final long price, final long size, final long priority)
    {
        return add(orderId, bid, price, size, priority);
    }

    /**
     * @param orderId exchange order id.
     * @return false when the order was not in the table; when true, {@link #deletedPrice()} and
     * {@link #deletedPriority()} tell what it was.
     */
    public final boolean delete(final long orderId)
    {
        final int index = (int)indexById.remove(orderId);
        if (index < 0)
        {
            return false;
        }
        deletedPrice = prices[index];
        deletedPriority = priorities[index];
        final int last = --orderCount;
        if (index != last)
        {
            final long movedId = orderIds[last];
            orderIds[index] = movedId;
            bids[index] = bids[last];
            prices[index] = prices[last];
            sizes[index] = sizes[last];
            priorities[index] = priorities[last];
            indexById.put(movedId, index);
        }
        return true;
    }

    /**
     * @return price of the order removed by the last successful {@link #delete(long)}.
     */
    public final long deletedPrice()
    {
        return deletedPrice;
    }

    /**
     * @return priority of the order removed by the last successful {@link #delete(long)}.
     */
    public final long deletedPriority()
    {
        return deletedPriority;
    }

    /**
     * Remove every order (a scan of the map: book resets are rare).
     */
    public final void clear()
    {
        if (orderCount > 0)
        {
            indexById.clear();
            orderCount = 0;
        }
    }

    /**
     * @return orders in the table.
     */
    @Override
    public final int orderCount()
    {
        return orderCount;
    }

    /**
     * @return most orders the table holds now (a growing table's current arrays).
     */
    public final int capacity()
    {
        return capacity;
    }

    /**
     * @return orders refused because a fixed table was full.
     */
    public final long overflows()
    {
        return overflows;
    }

    /**
     * @param orderId exchange order id.
     * @return index of the order (0..orderCount-1), or -1 when absent; valid until the next delete.
     */
    @Override
    public final int indexOf(final long orderId)
    {
        return (int)indexById.get(orderId);
    }

    /**
     * @param index 0..orderCount-1.
     * @return the order's id.
     */
    @Override
    public final long orderIdAt(final int index)
    {
        return orderIds[index];
    }

    /**
     * @param index 0..orderCount-1.
     * @return true for a buy order.
     */
    @Override
    public final boolean isBidAt(final int index)
    {
        return bids[index];
    }

    /**
     * @param index 0..orderCount-1.
     * @return price mantissa.
     */
    @Override
    public final long priceAt(final int index)
    {
        return prices[index];
    }

    /**
     * @param index 0..orderCount-1.
     * @return display quantity.
     */
    @Override
    public final long sizeAt(final int index)
    {
        return sizes[index];
    }

    /**
     * @param index 0..orderCount-1.
     * @return MDOrderPriority.
     */
    @Override
    public final long priorityAt(final int index)
    {
        return priorities[index];
    }

    /**
     * @param orderId exchange order id.
     * @return true when the order is in the table.
     */
    public final boolean contains(final long orderId)
    {
        return indexById.containsKey(orderId);
    }

    /**
     * @param orderId exchange order id.
     * @return its price mantissa, {@link #NULL_PRICE} when absent.
     */
    public final long price(final long orderId)
    {
        final int index = indexOf(orderId);
        return index < 0 ? NULL_PRICE : prices[index];
    }

    /**
     * @param orderId exchange order id.
     * @return its display quantity, 0 when absent.
     */
    public final long size(final long orderId)
    {
        final int index = indexOf(orderId);
        return index < 0 ? 0 : sizes[index];
    }

    /**
     * @param orderId exchange order id.
     * @return its priority, 0 when absent.
     */
    public final long priority(final long orderId)
    {
        final int index = indexOf(orderId);
        return index < 0 ? 0 : priorities[index];
    }

    /**
     * @param orderId exchange order id.
     * @return true when it is a buy order (false when absent).
     */
    public final boolean isBid(final long orderId)
    {
        final int index = indexOf(orderId);
        return index >= 0 && bids[index];
    }

    /**
     * @param bid true for the bid side.
     * @return best price of the side, {@link #NULL_PRICE} when the side is empty (a scan).
     */
    @Override
    public final long bestPrice(final boolean bid)
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
    public final long sizeAt(final boolean bid, final long price)
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

    private void grow()
    {
        capacity = capacity * 2;
        orderIds = Arrays.copyOf(orderIds, capacity);
        prices = Arrays.copyOf(prices, capacity);
        sizes = Arrays.copyOf(sizes, capacity);
        priorities = Arrays.copyOf(priorities, capacity);
        bids = Arrays.copyOf(bids, capacity);
    }
}
