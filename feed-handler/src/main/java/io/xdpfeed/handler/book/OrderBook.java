package io.xdpfeed.handler.book;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Market-by-order book of one instrument (CME templates 47 and 53): every visible order by OrderID with side,
 * price, display quantity and priority, in pooled parallel arrays. Add, update and delete are O(1) through an
 * Agrona primitive map and a free-slot stack; nothing is allocated once the pool has grown to the instrument's
 * order count. Best price per side is a scan, for tools and tests, not for the hot path.
 */
public final class OrderBook
{
    private static final long NO_SLOT = -1;

    private final Long2LongHashMap slotByOrderId;
    private long[] orderIds;
    private long[] prices;
    private long[] sizes;
    private long[] priorities;
    private boolean[] bids;
    private int[] freeSlots;
    private int freeCount;
    private int capacity;
    private int orderCount;

    /**
     * @param initialCapacity orders the pool holds before it grows.
     */
    public OrderBook(final int initialCapacity)
    {
        slotByOrderId = new Long2LongHashMap(Math.max(16, initialCapacity * 2), 0.5f, NO_SLOT);
        allocate(Math.max(1, initialCapacity));
    }

    private void allocate(final int newCapacity)
    {
        final int oldCapacity = capacity;
        orderIds = orderIds == null ? new long[newCapacity] : Arrays.copyOf(orderIds, newCapacity);
        prices = prices == null ? new long[newCapacity] : Arrays.copyOf(prices, newCapacity);
        sizes = sizes == null ? new long[newCapacity] : Arrays.copyOf(sizes, newCapacity);
        priorities = priorities == null ? new long[newCapacity] : Arrays.copyOf(priorities, newCapacity);
        bids = bids == null ? new boolean[newCapacity] : Arrays.copyOf(bids, newCapacity);
        final int[] newFree = new int[newCapacity];
        if (freeSlots != null)
        {
            System.arraycopy(freeSlots, 0, newFree, 0, freeCount);
        }
        freeSlots = newFree;
        for (int slot = newCapacity - 1; slot >= oldCapacity; slot--)
        {
            freeSlots[freeCount++] = slot;
        }
        capacity = newCapacity;
    }

    /**
     * Add an order, or replace it when its id is already in the book.
     *
     * @param orderId  exchange order id.
     * @param bid      true for a buy order.
     * @param price    mantissa, exponent -9.
     * @param size     display quantity.
     * @param priority MDOrderPriority.
     */
    public void add(final long orderId, final boolean bid, final long price, final long size, final long priority)
    {
        long slot = slotByOrderId.get(orderId);
        if (slot == NO_SLOT)
        {
            if (freeCount == 0)
            {
                allocate(capacity * 2);
            }
            slot = freeSlots[--freeCount];
            slotByOrderId.put(orderId, slot);
            orderCount++;
        }
        final int index = (int)slot;
        orderIds[index] = orderId;
        bids[index] = bid;
        prices[index] = price;
        sizes[index] = size;
        priorities[index] = priority;
    }

    /**
     * Update an order in place (price, quantity, priority); an unknown id is added, as the feed means it.
     *
     * @param orderId  exchange order id.
     * @param bid      true for a buy order.
     * @param price    mantissa, exponent -9.
     * @param size     display quantity.
     * @param priority MDOrderPriority.
     */
    public void update(final long orderId, final boolean bid, final long price, final long size, final long priority)
    {
        add(orderId, bid, price, size, priority);
    }

    /**
     * @param orderId exchange order id.
     * @return false when the order was not in the book.
     */
    public boolean delete(final long orderId)
    {
        final long slot = slotByOrderId.remove(orderId);
        if (slot == NO_SLOT)
        {
            return false;
        }
        freeSlots[freeCount++] = (int)slot;
        orderCount--;
        return true;
    }

    /**
     * Remove every order.
     */
    public void clear()
    {
        slotByOrderId.clear();
        freeCount = 0;
        for (int slot = capacity - 1; slot >= 0; slot--)
        {
            freeSlots[freeCount++] = slot;
        }
        orderCount = 0;
    }

    /**
     * @return orders in the book.
     */
    public int orderCount()
    {
        return orderCount;
    }

    /**
     * @param orderId exchange order id.
     * @return true when the order is in the book.
     */
    public boolean contains(final long orderId)
    {
        return slotByOrderId.containsKey(orderId);
    }

    /**
     * @param orderId exchange order id.
     * @return its price mantissa, Long.MAX_VALUE when absent.
     */
    public long price(final long orderId)
    {
        final long slot = slotByOrderId.get(orderId);
        return slot == NO_SLOT ? Long.MAX_VALUE : prices[(int)slot];
    }

    /**
     * @param orderId exchange order id.
     * @return its display quantity, 0 when absent.
     */
    public long size(final long orderId)
    {
        final long slot = slotByOrderId.get(orderId);
        return slot == NO_SLOT ? 0 : sizes[(int)slot];
    }

    /**
     * @param orderId exchange order id.
     * @return its priority, 0 when absent.
     */
    public long priority(final long orderId)
    {
        final long slot = slotByOrderId.get(orderId);
        return slot == NO_SLOT ? 0 : priorities[(int)slot];
    }

    /**
     * @param orderId exchange order id.
     * @return true when it is a buy order (false when absent).
     */
    public boolean isBid(final long orderId)
    {
        final long slot = slotByOrderId.get(orderId);
        return slot != NO_SLOT && bids[(int)slot];
    }

    /**
     * @param bid true for the bid side.
     * @return best price of the side, Long.MAX_VALUE when the side is empty (a scan).
     */
    public long bestPrice(final boolean bid)
    {
        long best = Long.MAX_VALUE;
        boolean found = false;
        final Long2LongHashMap.ValueIterator values = slotByOrderId.values().iterator();
        while (values.hasNext())
        {
            final int slot = (int)values.nextValue();
            if (bids[slot] == bid)
            {
                final long price = prices[slot];
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
        final Long2LongHashMap.ValueIterator values = slotByOrderId.values().iterator();
        while (values.hasNext())
        {
            final int slot = (int)values.nextValue();
            if (bids[slot] == bid && prices[slot] == price)
            {
                total += sizes[slot];
            }
        }
        return total;
    }
}
