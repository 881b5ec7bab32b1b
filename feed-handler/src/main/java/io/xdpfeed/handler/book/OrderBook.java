package io.xdpfeed.handler.book;

import io.xdpfeed.common.book.OrderTable;

/**
 * Market-by-order book of one instrument (CME templates 47, 46's OrderID group and 53): every visible order by
 * OrderID with side, price, display quantity and priority, in the shared {@link OrderTable} with its fixed capacity.
 * <p>
 * Sized once: nothing is allocated after construction and nothing grows; an add beyond the capacity is refused and
 * counted ({@link #overflows()}), never thrown.
 */
public final class OrderBook extends OrderTable
{
    /**
     * @param capacity most orders the book holds at once.
     */
    public OrderBook(final int capacity)
    {
        super(capacity, false);
    }
}
