package io.xdpfeed.client;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.common.book.OrderTable;
import io.xdpfeed.common.book.OrderView;

import java.util.Arrays;

/**
 * The local market-by-order book of one instrument, kept by an {@link OrderBookMirror}: every visible order by id,
 * with side, price, display quantity and priority, in the shared {@link OrderTable} (growing): densely in parallel
 * primitive arrays (index 0..orderCount-1, in no particular order; a delete moves the last order into the hole),
 * found through an Agrona primitive map. Strategies read them through {@link #orders()}, a read-only
 * {@link OrderView}.
 * <p>
 * Trust: {@link #isTrusted()} when this subscriber has every record of the book since its last full image
 * ({@link #syncStatus()} LIVE), the handler says its own book is LIVE ({@link #handlerStatus()}) and the handler says
 * the book's channel is LIVE or SILENT ({@link #channelStatus()}: an ITCH channel that recovers lost messages keeps
 * its instruments LIVE and says STALE, then RECOVERING, for the channel). After a gap in the record sequence the book
 * is STALE; while the chunks of an OrderBookSnapshot arrive it is RECOVERING.
 * <p>
 * Read on the polling thread only. Grows (allocates) only past its largest order count so far.
 */
public final class OrderBook
{
    private final int channelId;
    private final int securityId;
    private final OrderTable orders;

    FeedStatus syncStatus = FeedStatus.STALE;
    FeedStatus handlerStatus = FeedStatus.LIVE;
    FeedStatus channelStatus = FeedStatus.LIVE;
    int nextChunk;
    long snapshotSeqNum;
    long lastRecordSeq;
    long lastMsgSeqNum;

    OrderBook(final int channelId, final int securityId, final int initialCapacity)
    {
        this.channelId = channelId;
        this.securityId = securityId;
        this.orders = new OrderTable(Math.max(16, initialCapacity), true);
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
     * @return true when the book is complete on this subscriber, LIVE at the handler, and its channel LIVE (or
     * SILENT) at the handler.
     */
    public boolean isTrusted()
    {
        return syncStatus == FeedStatus.LIVE && handlerStatus == FeedStatus.LIVE &&
            (channelStatus == FeedStatus.LIVE || channelStatus == FeedStatus.SILENT);
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
     * @return the handler's status of the book's channel from its last ChannelStatus record (LIVE until one
     * arrives): LIVE, STALE, RECOVERING, or SILENT when a line is silent while another still delivers.
     */
    public FeedStatus channelStatus()
    {
        return channelStatus;
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
     * @return the book's orders, read-only (count, by id, by index, best price); an index is valid until the next
     * record; the mirror alone changes them.
     */
    public OrderView orders()
    {
        return orders;
    }

    /**
     * @return the orders as text, bids best first then asks best first, each side by priority then id:
     * {@code B id@price x qty #priority, ...} (allocates; for tools and tests).
     */
    public String toString()
    {
        final OrderTable orders = this.orders;
        final Integer[] order = new Integer[orders.orderCount()];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) ->
        {
            if (orders.isBidAt(a) != orders.isBidAt(b))
            {
                return orders.isBidAt(a) ? -1 : 1;
            }
            if (orders.priceAt(a) != orders.priceAt(b))
            {
                return orders.isBidAt(a) ? Long.compare(orders.priceAt(b), orders.priceAt(a)) :
                    Long.compare(orders.priceAt(a), orders.priceAt(b));
            }
            if (orders.priorityAt(a) != orders.priorityAt(b))
            {
                return Long.compare(orders.priorityAt(a), orders.priorityAt(b));
            }
            return Long.compare(orders.orderIdAt(a), orders.orderIdAt(b));
        });
        final StringBuilder text = new StringBuilder();
        for (final int i : order)
        {
            text.append(text.isEmpty() ? "" : ", ").append(orders.isBidAt(i) ? "B " : "A ").append(orders.orderIdAt(i))
                .append('@').append(orders.priceAt(i)).append('x').append(orders.sizeAt(i)).append('#')
                .append(orders.priorityAt(i));
        }
        return text.toString();
    }

    void put(final long orderId, final boolean bid, final long price, final long size, final long priority)
    {
        orders.add(orderId, bid, price, size, priority);
    }

    boolean remove(final long orderId)
    {
        return orders.delete(orderId);
    }

    void clear()
    {
        orders.clear();
    }
}
