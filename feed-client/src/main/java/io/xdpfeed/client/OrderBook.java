package io.xdpfeed.client;

import io.xdpfeed.codecs.md.FeedStatus;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The local market-by-order book of one instrument, kept by an {@link OrderBookMirror}: every visible order by id,
 * with side, price, display quantity and priority, densely in parallel primitive arrays (index 0..orderCount-1, in
 * no particular order; a delete moves the last order into the hole), found through an Agrona primitive map.
 * <p>
 * Trust: {@link #isTrusted()} when this subscriber has every record of the book since its last full image
 * ({@link #syncStatus()} LIVE) and the handler says its own book is LIVE ({@link #handlerStatus()}). After a gap in
 * the record sequence the book is STALE; while the chunks of an OrderBookSnapshot arrive it is RECOVERING.
 * <p>
 * Read on the polling thread only. Grows (allocates) only past its largest order count so far.
 */
public final class OrderBook
{
    private static final long NO_INDEX = -1;

    private final int channelId;
    private final int securityId;
    private final Long2LongHashMap indexById;
    private long[] orderIds;
    private long[] prices;
    private long[] sizes;
    private long[] priorities;
    private boolean[] bids;
    private int orderCount;

    FeedStatus syncStatus = FeedStatus.STALE;
    FeedStatus handlerStatus = FeedStatus.LIVE;
    int nextChunk;
    long snapshotSeqNum;
    long lastRecordSeq;
    long lastMsgSeqNum;

    OrderBook(final int channelId, final int securityId, final int initialCapacity)
    {
        this.channelId = channelId;
        this.securityId = securityId;
        final int capacity = Math.max(16, initialCapacity);
        this.indexById = new Long2LongHashMap(capacity * 2, 0.5f, NO_INDEX);
        this.orderIds = new long[capacity];
        this.prices = new long[capacity];
        this.sizes = new long[capacity];
        this.priorities = new long[capacity];
        this.bids = new boolean[capacity];
    }

    /**
     * @return CME channel id.
     */
    public int channelId()
    {
        return channelId;
    }

    /**
     * @return CME SecurityID.
     */
    public int securityId()
    {
        return securityId;
    }

    /**
     * @return true when the book is complete on this subscriber and LIVE at the handler.
     */
    public boolean isTrusted()
    {
        return syncStatus == FeedStatus.LIVE && handlerStatus == FeedStatus.LIVE;
    }

    /**
     * @return LIVE when every record since the last full image was seen, STALE after a gap, RECOVERING while the
     * chunks of a snapshot arrive.
     */
    public FeedStatus syncStatus()
    {
        return syncStatus;
    }

    /**
     * @return the handler's status of the instrument (from OrderBookSnapshot and InstrumentStatus).
     */
    public FeedStatus handlerStatus()
    {
        return handlerStatus;
    }

    /**
     * @return recordSeq of the last record applied.
     */
    public long lastRecordSeq()
    {
        return lastRecordSeq;
    }

    /**
     * @return MDP MsgSeqNum of the last record applied (or the snapshot's LastMsgSeqNumProcessed).
     */
    public long lastMsgSeqNum()
    {
        return lastMsgSeqNum;
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
     * @return index of the order, -1 when absent; valid until the next record.
     */
    public int indexOf(final long orderId)
    {
        return (int)indexById.get(orderId);
    }

    /**
     * @param index 0..orderCount-1.
     * @return the order id.
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
     * @return price mantissa, exponent -9.
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
     * @return MDOrderPriority (lower executes first).
     */
    public long priorityAt(final int index)
    {
        return priorities[index];
    }

    /**
     * @param bid true for the bid side.
     * @return best price of the side, Long.MAX_VALUE when empty (a scan).
     */
    public long bestPrice(final boolean bid)
    {
        long best = Long.MAX_VALUE;
        boolean found = false;
        for (int i = 0; i < orderCount; i++)
        {
            if (bids[i] == bid && (!found || (bid ? prices[i] > best : prices[i] < best)))
            {
                best = prices[i];
                found = true;
            }
        }
        return best;
    }

    /**
     * @return the orders as text, bids best first then asks best first, each side by priority then id:
     * {@code B id@price x qty #priority, ...} (allocates; for tools and tests).
     */
    public String toString()
    {
        final Integer[] order = new Integer[orderCount];
        for (int i = 0; i < orderCount; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) ->
        {
            if (bids[a] != bids[b])
            {
                return bids[a] ? -1 : 1;
            }
            if (prices[a] != prices[b])
            {
                return bids[a] ? Long.compare(prices[b], prices[a]) : Long.compare(prices[a], prices[b]);
            }
            if (priorities[a] != priorities[b])
            {
                return Long.compare(priorities[a], priorities[b]);
            }
            return Long.compare(orderIds[a], orderIds[b]);
        });
        final StringBuilder text = new StringBuilder();
        for (final int i : order)
        {
            text.append(text.isEmpty() ? "" : ", ").append(bids[i] ? "B " : "A ").append(orderIds[i]).append('@')
                .append(prices[i]).append('x').append(sizes[i]).append('#').append(priorities[i]);
        }
        return text.toString();
    }

    void put(final long orderId, final boolean bid, final long price, final long size, final long priority)
    {
        int index = (int)indexById.get(orderId);
        if (index < 0)
        {
            if (orderCount == orderIds.length)
            {
                grow();
            }
            index = orderCount++;
            indexById.put(orderId, index);
        }
        orderIds[index] = orderId;
        bids[index] = bid;
        prices[index] = price;
        sizes[index] = size;
        priorities[index] = priority;
    }

    boolean remove(final long orderId)
    {
        final int index = (int)indexById.remove(orderId);
        if (index < 0)
        {
            return false;
        }
        final int last = --orderCount;
        if (index != last)
        {
            orderIds[index] = orderIds[last];
            bids[index] = bids[last];
            prices[index] = prices[last];
            sizes[index] = sizes[last];
            priorities[index] = priorities[last];
            indexById.put(orderIds[index], index);
        }
        return true;
    }

    void clear()
    {
        indexById.clear();
        orderCount = 0;
    }

    private void grow()
    {
        final int capacity = orderIds.length * 2;
        orderIds = Arrays.copyOf(orderIds, capacity);
        prices = Arrays.copyOf(prices, capacity);
        sizes = Arrays.copyOf(sizes, capacity);
        priorities = Arrays.copyOf(priorities, capacity);
        bids = Arrays.copyOf(bids, capacity);
    }
}
