package io.xdpfeed.handler.testing;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.BookSide;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.OrderBook;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.common.book.MbpSide;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.publish.MarketDataProxy;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * A strategy's end of what an engine publishes, read in the engine's thread after each datagram: a
 * {@link MarketDataProxy} on an exclusive publication, the stream read to its end by a {@code MarketDataAdapter} into
 * a {@link BookMirror} and an {@link OrderBookMirror}, the mirror's snapshot requests answered by the engine
 * ({@link FeedEngine#onSnapshotRequest}). Then every book the mirror trusts must be the handler's, whole (the four
 * sides; the orders of a market-by-order channel), its instrument LIVE and its channel LIVE or SILENT; the first
 * difference is kept. A book is checked when it becomes trusted and at each record of it while trusted (and all of
 * them at the end): the order books of a long session are too many to compare whole after every datagram. A strategy that joins late does not see what was published before it joined.
 */
public final class MirroringStrategy implements AutoCloseable
{
    private final Subscription subscription;
    private final ExclusivePublication publication;
    private final MarketDataProxy proxy;
    private final BookMirror bookMirror;
    private final OrderBookMirror orderMirror;
    private final FragmentAssembler assembler;
    private final List<long[]> requests = new ArrayList<>();
    private final Long2LongHashMap verifiedBooks = new Long2LongHashMap(-1);
    private final Long2LongHashMap verifiedOrders = new Long2LongHashMap(-1);
    private final int stream;
    private final long joinAt;
    private final LongPredicate paused;
    private boolean stalled;
    private long datagrams;
    private long checked;
    private String problem;

    /**
     * Connect both ends (the publication must not be back-pressured: room for a whole session's records).
     *
     * @param aeron   client of a running media driver.
     * @param channel of the stream.
     * @param stream  stream id.
     * @param joinAt  datagrams after which the strategy starts reading (0: from the first record).
     */
    public MirroringStrategy(final Aeron aeron, final String channel, final int stream, final long joinAt)
    {
        this(aeron, channel, stream, joinAt, datagram -> false);
    }

    /**
     * Connect both ends; a strategy that stalls: while {@code paused}, it reads nothing, and once the publication's
     * window is full the proxy drops what the engine publishes (counted); the mirror sees the gap at the next record
     * it reads and asks for snapshots. Until then it cannot know that its books are behind: they are checked only
     * when it has read the last record the proxy numbered. The proxy's answers do not wait for back-pressure (the
     * strategy reads in the engine's thread), and the mirror asks again after 1 ms without an answer.
     *
     * @param aeron   client of a running media driver.
     * @param channel of the stream.
     * @param stream  stream id.
     * @param joinAt  datagrams after which the strategy starts reading (0: from the first record).
     * @param paused  by datagram (counted from 0), whether the strategy reads nothing after it.
     */
    public MirroringStrategy(
        final Aeron aeron, final String channel, final int stream, final long joinAt, final LongPredicate paused)
    {
        this.stream = stream;
        this.joinAt = joinAt;
        this.paused = paused;
        subscription = aeron.addSubscription(channel, stream);
        publication = aeron.addExclusivePublication(channel, stream);
        while (!publication.isConnected() || !subscription.isConnected())
        {
            Thread.onSpinWait();
        }
        proxy = new MarketDataProxy(publication, new OffsetEpochNanoClock()).answerTimeoutNs(0);
        bookMirror = new BookMirror(new MarketDataSubscriber.Context().snapshotTimeoutNs(1_000_000),
            (requestId, channelId, securityId) ->
            requests.add(new long[]{requestId, channelId, securityId}));
        orderMirror = new OrderBookMirror(bookMirror);
        assembler = new FragmentAssembler(new MarketDataAdapter(orderMirror, null, null));
    }

    /**
     * @return the publisher to hand the engine, as its listener and its proxy.
     */
    public MarketDataProxy proxy()
    {
        return proxy;
    }

    /**
     * The engine took a datagram: read what it published, answer the mirror's requests, check what it trusts.
     *
     * @param engine the engine, every channel of it published.
     */
    public void after(final FeedEngine engine)
    {
        if (paused.test(datagrams))
        {
            stalled = true;
            datagrams++;
            return;
        }
        if (datagrams++ < joinAt)
        {
            while (subscription.poll((buffer, offset, length, header) -> { }, 256) > 0)
            {
                Thread.onSpinWait();
            }
            return;
        }
        readAndAnswer(engine);
        if (problem == null && bookMirror.lastRecordSeq() == proxy.recordSeq())
        {
            check(engine, false);
        }
    }

    private void readAndAnswer(final FeedEngine engine)
    {
        readAll();
        bookMirror.doWork(true);
        for (final long[] request : requests)
        {
            engine.onSnapshotRequest(request[0], stream, (int)request[1], (int)request[2]);
        }
        requests.clear();
        readAll();
    }

    /**
     * The engine's last datagram was taken: as {@link #after}, then every trusted book checked again.
     *
     * @param engine the engine, every channel of it published.
     */
    public void finish(final FeedEngine engine)
    {
        after(engine);
        // records dropped last are seen missing at the next record the mirror reads: the handler's idle heartbeat,
        // sent once a millisecond until one gets through (sent at every turn, they would fill the window before the
        // driver moves the publisher's limit, and be dropped in turn); an answer dropped for back-pressure is asked
        // for again after 1 ms
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        long heartbeatNs = System.nanoTime() - 1_000_000;
        while ((bookMirror.lastRecordSeq() != proxy.recordSeq() ||
            bookMirror.books().stream().anyMatch(book -> !book.isTrusted())) && System.nanoTime() < deadlineNs)
        {
            if (bookMirror.lastRecordSeq() != proxy.recordSeq() && System.nanoTime() - heartbeatNs >= 1_000_000)
            {
                heartbeatNs = System.nanoTime();
                proxy.heartbeat(engine.channel(0).channelId());
            }
            readAndAnswer(engine);
            Thread.onSpinWait();
        }
        if (problem == null && bookMirror.lastRecordSeq() != proxy.recordSeq())
        {
            problem = "at the end the mirror read to record " + bookMirror.lastRecordSeq() + " of " + proxy.recordSeq();
        }
        if (problem == null)
        {
            check(engine, true);
        }
    }

    /**
     * @param instruments the engine has.
     * @return what is wrong, null when nothing: the first difference, records dropped (unless the strategy stalled),
     * or at the end (call
     * {@link #finish}) a mirror that does not trust every instrument.
     */
    public String problem(final int instruments)
    {
        if (problem != null)
        {
            return problem;
        }
        if (proxy.dropped() != 0 && !stalled)
        {
            return proxy.dropped() + " records dropped for back-pressure";
        }
        final long trusted = bookMirror.books().stream().filter(Book::isTrusted).count();
        return trusted == instruments ? null : "at the end the mirror trusts " + trusted + " of the " + instruments +
            " instruments";
    }

    /**
     * @return trusted books found equal to the handler's.
     */
    public long checked()
    {
        return checked;
    }

    private void readAll()
    {
        while (subscription.imageCount() == 0 || subscription.imageAtIndex(0).position() < publication.position())
        {
            if (subscription.poll(assembler, 256) == 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    private static long key(final int channelId, final int securityId)
    {
        return (long)channelId << 32 | (securityId & 0xFFFF_FFFFL);
    }

    private static boolean unchanged(final Long2LongHashMap verified, final long key, final boolean trusted,
        final long recordSeq, final boolean all)
    {
        if (!trusted)
        {
            verified.remove(key);
            return true;
        }
        return !all && verified.get(key) == recordSeq;
    }

    private void check(final FeedEngine engine, final boolean all)
    {
        for (final Book book : bookMirror.books())
        {
            final long key = key(book.channelId(), book.securityId());
            if (unchanged(verifiedBooks, key, book.isTrusted(), book.lastRecordSeq(), all))
            {
                continue;
            }
            final Instrument instrument = liveInstrument(engine, book.channelId(), book.securityId());
            final String mirrored = text(book);
            if (instrument == null || !mirrored.equals(text(instrument.book())))
            {
                problem = "after datagram " + datagrams + " the mirror trusts instrument " + book.securityId() +
                    " at " + mirrored + ", the handler has " + (instrument == null ? "it not LIVE" :
                    text(instrument.book()));
                return;
            }
            verifiedBooks.put(key, book.lastRecordSeq());
            checked++;
        }
        for (final OrderBook book : orderMirror.books())
        {
            final long key = key(book.channelId(), book.securityId());
            if (unchanged(verifiedOrders, key, book.isTrusted(), book.lastRecordSeq(), all))
            {
                continue;
            }
            final Instrument instrument = liveInstrument(engine, book.channelId(), book.securityId());
            if (instrument == null || instrument.orderBook() == null ||
                !MirroredTruth.orders(book).equals(MirroredTruth.orders(instrument.orderBook())))
            {
                problem = "after datagram " + datagrams + " the mirror trusts the orders of instrument " +
                    book.securityId() + ", the handler's differ or are not LIVE";
                return;
            }
            verifiedOrders.put(key, book.lastRecordSeq());
            checked++;
        }
    }

    /**
     * @return the handler's instrument when it and its channel are LIVE (the channel may be SILENT), else null.
     */
    private static Instrument liveInstrument(final FeedEngine engine, final int channelId, final int securityId)
    {
        final ChannelState channel = engine.channel(engine.lineMap().channelIndexOf(channelId));
        final FeedStatus status = channel.channelStatus();
        final Instrument instrument = channel.instrumentById(securityId);
        return (status == FeedStatus.LIVE || status == FeedStatus.SILENT) && instrument != null &&
            instrument.isLive() ? instrument : null;
    }

    private static String text(final MbpBook book)
    {
        return text(book.bids()) + " | " + text(book.asks()) + " | " + text(book.impliedBids()) + " | " +
            text(book.impliedAsks());
    }

    private static String text(final Book book)
    {
        return text(book.bids()) + " | " + text(book.asks()) + " | " + text(book.impliedBids()) + " | " +
            text(book.impliedAsks());
    }

    private static String text(final MbpSide side)
    {
        final StringBuilder text = new StringBuilder();
        for (int level = 1; level <= side.count(); level++)
        {
            text.append(side.price(level)).append('x').append(side.size(level)).append('(')
                .append(side.orderCount(level)).append(") ");
        }
        return text.toString();
    }

    private static String text(final BookSide side)
    {
        final StringBuilder text = new StringBuilder();
        for (int level = 1; level <= side.levelCount(); level++)
        {
            text.append(side.price(level)).append('x').append(side.size(level)).append('(')
                .append(side.orderCount(level)).append(") ");
        }
        return text.toString();
    }

    /**
     * Close both ends.
     */
    public void close()
    {
        CloseHelper.closeAll(subscription, publication);
    }
}
