package io.xdpfeed.common.book;

/**
 * Read-only view of a market-by-order table: what a strategy reads of the client's MBO mirror, without the
 * {@link OrderTable} methods that change it (the mirror alone applies records). Orders are at index
 * 0..orderCount-1 in no particular order; an index is valid until the next record changes the table.
 */
public interface OrderView
{
    /**
     * @return orders in the table.
     */
    int orderCount();

    /**
     * @param orderId exchange order id.
     * @return index of the order (0..orderCount-1), or -1 when absent; valid until the next delete.
     */
    int indexOf(long orderId);

    /**
     * @param index 0..orderCount-1.
     * @return the order's id.
     */
    long orderIdAt(int index);

    /**
     * @param index 0..orderCount-1.
     * @return true for a buy order.
     */
    boolean isBidAt(int index);

    /**
     * @param index 0..orderCount-1.
     * @return price mantissa (exponent -9 on the client's records).
     */
    long priceAt(int index);

    /**
     * @param index 0..orderCount-1.
     * @return display quantity.
     */
    long sizeAt(int index);

    /**
     * @param index 0..orderCount-1.
     * @return MDOrderPriority (lower executes first).
     */
    long priorityAt(int index);

    /**
     * @param bid true for the bid side.
     * @return best price of the side, {@link OrderTable#NULL_PRICE} (Long.MAX_VALUE) when the side is empty (a
     * scan).
     */
    long bestPrice(boolean bid);
}
