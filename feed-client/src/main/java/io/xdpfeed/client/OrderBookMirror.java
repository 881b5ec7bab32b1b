package io.xdpfeed.client;

import io.xdpfeed.codecs.md.AuctionImbalanceDecoder;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.ChannelStatusDecoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.HeartbeatDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.InstrumentStatusDecoder;
import io.xdpfeed.codecs.md.OrderBookSnapshotDecoder;
import io.xdpfeed.codecs.md.OrderUpdateDecoder;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.codecs.md.TradeCancelDecoder;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.codecs.md.VolumeDecoder;
import io.xdpfeed.common.counters.Counts;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Local market-by-order books of every instrument the handler publishes orders for, kept from OrderUpdate and
 * OrderBookSnapshot records, with the same trust states as {@link BookMirror}.
 * <p>
 * <b>Sequence.</b> The mirror checks every data record's recordSeq: a first record with recordSeq 1 means it has the
 * whole stream (books start LIVE and empty); a later first record (late join) or a record out of sequence (records
 * lost to this subscriber) makes every order book STALE.
 * <p>
 * <b>Recovery.</b> An OrderBookSnapshot is the handler's full order book at that point of the stream, in chunks that
 * are consecutive records: chunk 1 empties the book (RECOVERING), the last chunk makes it LIVE. A chunk out of
 * order leaves it STALE until the next complete snapshot. The mirror asks for nothing itself: put it behind a
 * {@link BookMirror} ({@code MarketDataSubscriber.Context.listener(orderBookMirror)}), whose snapshot requests the
 * handler answers with an OrderBookSnapshot per market-by-order instrument beside each BookSnapshot.
 * <p>
 * Records are forwarded to a downstream listener after they are applied. Single-threaded; steady state allocates
 * nothing (a new instrument allocates its book once, a book grows only past its largest size).
 */
public final class OrderBookMirror implements MarketDataListener
{
    /**
     * What the mirror counts, read by {@link #count(Count)}.
     */
    public enum Count
    {
        /** Records out of sequence (each made every order book STALE). */
        GAPS,
        /** Complete order book snapshots applied. */
        SNAPSHOTS_APPLIED,
        /** Snapshots whose chunks came out of order. */
        BROKEN_SNAPSHOTS,
        /** Deletes of orders the book did not hold. */
        UNKNOWN_ORDERS
    }

    private static final int NULL_SECURITY_ID = OrderUpdateDecoder.securityIdNullValue();
    private static final int INITIAL_ORDERS = 256;

    // OrderAction raw values (checked against the generated enum by the tests)
    static final int ADD = 0;
    static final int MODIFY = 1;
    static final int DELETE = 2;
    static final int CLEAR = 3;
    private static final int BID = 0;

    private final MarketDataListener downstream;
    private final Long2ObjectHashMap<OrderBook> bookByKey = new Long2ObjectHashMap<>();
    private final ArrayList<OrderBook> books = new ArrayList<>();
    private final List<OrderBook> booksView = Collections.unmodifiableList(books);
    private final Int2ObjectHashMap<FeedStatus> channelStatus = new Int2ObjectHashMap<>();
    private long expectedRecordSeq;
    private boolean seenWholeStream;

    private final Counts<Count> counts = new Counts<>(Count.class);

    /**
     * A mirror with no downstream listener.
     */
    public OrderBookMirror()
    {
        this(new MarketDataListener()
        {
        });
    }

    /**
     * @param downstream called with every record after the mirror applied it.
     */
    public OrderBookMirror(final MarketDataListener downstream)
    {
        this.downstream = downstream;
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderUpdate(final OrderUpdateDecoder decoder)
    {
        final long recordSeq = decoder.recordSeq();
        onSequencedRecord(recordSeq);
        final OrderBook book = bookFor(decoder.channelId(), decoder.securityId());
        if (null != book)
        {
            final long orderId = decoder.orderId();
            switch (decoder.actionRaw())
            {
                case ADD, MODIFY -> book.put(orderId, decoder.sideRaw() == BID, decoder.price(),
                    decoder.displayQty(), decoder.orderPriority());
                case DELETE ->
                {
                    if (!book.remove(orderId))
                    {
                        counts.increment(Count.UNKNOWN_ORDERS);
                    }
                }
                case CLEAR -> book.clear();
                default ->
                {
                }
            }
            book.lastRecordSeq = recordSeq;
            book.lastMsgSeqNum = decoder.msgSeqNum();
        }
        downstream.onOrderUpdate(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderBookSnapshot(final OrderBookSnapshotDecoder decoder)
    {
        final long recordSeq = decoder.recordSeq();
        onSequencedRecord(recordSeq);
        final OrderBook book = bookFor(decoder.channelId(), decoder.securityId());
        if (null != book)
        {
            final int chunk = decoder.chunk();
            final long lastMsgSeqNumProcessed = decoder.lastMsgSeqNumProcessed();
            boolean usable = true;
            if (chunk == 1)
            {
                book.clear();
                book.snapshotSeqNum = lastMsgSeqNumProcessed;
                book.nextChunk = 2;
                book.syncStatus = FeedStatus.RECOVERING;
            }
            else if (chunk != book.nextChunk || lastMsgSeqNumProcessed != book.snapshotSeqNum ||
                book.syncStatus != FeedStatus.RECOVERING)
            {
                if (book.syncStatus == FeedStatus.RECOVERING)
                {
                    counts.increment(Count.BROKEN_SNAPSHOTS);
                    book.syncStatus = FeedStatus.STALE;
                }
                book.nextChunk = 0;
                usable = false;
            }
            else
            {
                book.nextChunk = chunk + 1;
            }

            if (usable)
            {
                final OrderBookSnapshotDecoder.OrdersDecoder orders = decoder.orders();
                while (orders.hasNext())
                {
                    orders.next();
                    book.put(orders.orderId(), orders.sideRaw() == BID, orders.price(), orders.displayQty(),
                        orders.orderPriority());
                }
                book.handlerStatus = feedStatus(decoder.feedStatusRaw(), book.handlerStatus);
                book.lastRecordSeq = recordSeq;
                book.lastMsgSeqNum = lastMsgSeqNumProcessed;
                if (chunk >= decoder.chunks())
                {
                    book.nextChunk = 0;
                    book.syncStatus = FeedStatus.LIVE;
                    counts.increment(Count.SNAPSHOTS_APPLIED);
                }
                decoder.sbeRewind();
            }
        }
        downstream.onOrderBookSnapshot(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final InstrumentStatusDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        final OrderBook book = bookByKey.get(key(decoder.channelId(), decoder.securityId()));
        if (null != book)
        {
            book.handlerStatus = feedStatus(decoder.feedStatusRaw(), book.handlerStatus);
        }
        downstream.onInstrumentStatus(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        downstream.onInstrumentDefinition(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookUpdate(final BookUpdateDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        downstream.onBookUpdate(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookSnapshot(final BookSnapshotDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        downstream.onBookSnapshot(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(final TradeDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        downstream.onTrade(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onTradeCancel(final TradeCancelDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        downstream.onTradeCancel(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onAuctionImbalance(final AuctionImbalanceDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        downstream.onAuctionImbalance(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelStatus(final ChannelStatusDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        final int channelId = decoder.channelId();
        final FeedStatus status = feedStatus(decoder.feedStatusRaw(), channelStatus.getOrDefault(channelId,
            FeedStatus.LIVE));
        channelStatus.put(channelId, status);
        for (int i = 0, size = books.size(); i < size; i++)
        {
            final OrderBook book = books.get(i);
            if (book.channelId() == channelId)
            {
                book.channelStatus = status;
            }
        }
        downstream.onChannelStatus(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onHeartbeat(final HeartbeatDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        downstream.onHeartbeat(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onVolume(final VolumeDecoder decoder)
    {
        onSequencedRecord(decoder.recordSeq());
        downstream.onVolume(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotComplete(final SnapshotCompleteDecoder decoder)
    {
        downstream.onSnapshotComplete(decoder);
    }

    /**
     * @param channelId  CME channel id.
     * @param securityId CME SecurityID.
     * @return the order book, null when the mirror has seen no order record of the instrument.
     */
    public OrderBook book(final int channelId, final int securityId)
    {
        return bookByKey.get(key(channelId, securityId));
    }

    /**
     * @return the order books held, in order of first sight: a read-only view, not a copy (no allocation;
     * {@code get(i)} and {@code size()} allocate nothing).
     */
    public List<OrderBook> books()
    {
        return booksView;
    }

    /**
     * @param counter what was counted.
     * @return its count since the mirror was made.
     */
    public long count(final Count counter)
    {
        return counts.get(counter);
    }

    private void onSequencedRecord(final long recordSeq)
    {
        if (expectedRecordSeq == 0 || recordSeq == 1)
        {
            if (recordSeq == 1)
            {
                if (!books.isEmpty())
                {
                    // a new stream: books held from before are no longer updated, nor trusted
                    markAllStale();
                    books.clear();
                    bookByKey.clear();
                }
                channelStatus.clear();
                seenWholeStream = true;
            }
            else
            {
                seenWholeStream = false;
            }
        }
        else if (recordSeq != expectedRecordSeq)
        {
            counts.increment(Count.GAPS);
            seenWholeStream = false;
            markAllStale();
        }
        expectedRecordSeq = recordSeq + 1;
    }

    private void markAllStale()
    {
        for (int i = 0, size = books.size(); i < size; i++)
        {
            final OrderBook book = books.get(i);
            book.syncStatus = FeedStatus.STALE;
            book.nextChunk = 0;
        }
    }

    private OrderBook bookFor(final int channelId, final int securityId)
    {
        if (channelId <= 0 || securityId == NULL_SECURITY_ID || securityId == 0)
        {
            return null;
        }
        final long key = key(channelId, securityId);
        OrderBook book = bookByKey.get(key);
        if (null == book)
        {
            book = new OrderBook(channelId, securityId, INITIAL_ORDERS);
            book.syncStatus = seenWholeStream ? FeedStatus.LIVE : FeedStatus.STALE;
            book.channelStatus = channelStatus.getOrDefault(channelId, FeedStatus.LIVE);
            bookByKey.put(key, book);
            books.add(book);
        }
        return book;
    }

    private static long key(final int channelId, final int securityId)
    {
        return ((long)channelId << 32) | (securityId & 0xFFFF_FFFFL);
    }

    private static FeedStatus feedStatus(final short raw, final FeedStatus current)
    {
        return switch (raw)
        {
            case 0 -> FeedStatus.LIVE;
            case 1 -> FeedStatus.STALE;
            case 2 -> FeedStatus.RECOVERING;
            case 3 -> FeedStatus.SILENT;
            default -> current;
        };
    }
}
