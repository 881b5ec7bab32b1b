package io.xdpfeed.sim.market;

import java.util.Arrays;

/**
 * The resting orders of one price level of the exchange's book, in time priority (front first): order id,
 * MDOrderPriority and display quantity. Their count and quantities always add up to the level's NumberOfOrders and
 * size ({@link OrderFlow} keeps it so).
 */
final class LevelOrders
{
    private long[] orderIds = new long[8];
    private long[] priorities = new long[8];
    private int[] quantities = new int[8];
    private int count;

    int count()
    {
        return count;
    }

    long orderId(final int index)
    {
        return orderIds[index];
    }

    long priority(final int index)
    {
        return priorities[index];
    }

    int quantity(final int index)
    {
        return quantities[index];
    }

    long totalQuantity()
    {
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += quantities[i];
        }
        return total;
    }

    /**
     * Append an order at the back of the queue.
     */
    void addLast(final long orderId, final long priority, final int quantity)
    {
        if (count == orderIds.length)
        {
            orderIds = Arrays.copyOf(orderIds, count * 2);
            priorities = Arrays.copyOf(priorities, count * 2);
            quantities = Arrays.copyOf(quantities, count * 2);
        }
        orderIds[count] = orderId;
        priorities[count] = priority;
        quantities[count] = quantity;
        count++;
    }

    void quantity(final int index, final int quantity)
    {
        quantities[index] = quantity;
    }

    void remove(final int index)
    {
        final int moved = count - index - 1;
        if (moved > 0)
        {
            System.arraycopy(orderIds, index + 1, orderIds, index, moved);
            System.arraycopy(priorities, index + 1, priorities, index, moved);
            System.arraycopy(quantities, index + 1, quantities, index, moved);
        }
        count--;
    }

    void clear()
    {
        count = 0;
    }
}
