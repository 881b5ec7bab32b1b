package io.xdpfeed.client;

import io.xdpfeed.codecs.md.AuctionImbalanceDecoder;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.BooleanType;
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
import io.xdpfeed.common.book.MbpAction;
import io.xdpfeed.common.counters.Counts;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Local books of every instrument on the stream, kept from the records, with the trust status of each and the
 * late-join / gap recovery that makes them trustworthy again.
 * <p>
 * <b>Sequence.</b> Every data record carries recordSeq, +1 per record on the stream. The mirror checks it: a record
 * that is not the expected one means records were lost to this subscriber (a slow consumer, or back-pressure at the
 * handler, which drops rather than blocks), so every channel goes STALE and every book unsynced. A first record with
 * recordSeq 1 means the mirror has the whole stream: nothing to recover. A first record with a higher recordSeq is a
 * late join: treated like a gap.
 * <p>
 * <b>Recovery.</b> For each STALE channel the mirror sends SnapshotRequest(requestId, its stream id, channelId, all
 * instruments) on the handler's control stream and the channel goes RECOVERING. The handler answers in-line on the
 * market-data stream: one BookSnapshot(requestId) per instrument of the channel (the full book at that point of the
 * stream, which replaces the local book), then SnapshotComplete(requestId, channelId, lastRecordSeq, instruments).
 * When the SnapshotComplete of the pending requestId arrives with as many snapshots as it announces, the channel's
 * books that got none are emptied (the handler has no book for them) and the channel is LIVE. A request unanswered
 * after the snapshot timeout, or an answer that does not add up, is sent again with a new requestId; a gap during
 * recovery starts it over. Any BookSnapshot on the stream, whoever asked for it (or nobody: requestId 0), replaces
 * the book and syncs it: it is the handler's full book at that point of the stream.
 * <p>
 * <b>Trust.</b> {@link Book#isTrusted()} combines this subscriber's sync status of the channel, the book's sync, and
 * the handler's own statuses of the channel (ChannelStatus) and of the instrument (BookSnapshot, InstrumentStatus,
 * InstrumentDefinition).
 * <p>
 * Single-threaded: records, {@link #doWork(boolean)} and reads all happen on the polling thread. Steady state
 * allocates nothing; a new instrument or channel allocates its book once.
 */
public final class BookMirror implements MarketDataListener
{
    /**
     * What the mirror counts, read by {@link #count(Count)}.
     */
    public enum Count
    {
        /** Data records seen. */
        RECORDS,
        /** recordSeq discontinuities seen (each marks every channel STALE). */
        GAPS,
        /** Records known lost in those gaps. */
        MISSED_RECORDS,
        /** Streams joined after their recordSeq 1. */
        LATE_JOINS,
        /** New streams (publisher images with a new session id) seen. */
        NEW_STREAMS,
        /** Times the publisher connection was lost. */
        DISCONNECTS,
        /** Snapshot requests sent. */
        SNAPSHOT_REQUESTS,
        /** Snapshot requests that could not be offered and were retried. */
        FAILED_REQUEST_OFFERS,
        /** Snapshot requests sent again after the timeout. */
        REQUEST_TIMEOUTS,
        /** Channel recoveries completed (RECOVERING to LIVE). */
        RECOVERIES,
        /** SnapshotCompletes whose count or lastRecordSeq did not add up (the request was sent again). */
        FAILED_RECOVERIES,
        /** BookSnapshots applied (any requestId). */
        SNAPSHOTS_APPLIED,
        /** Book levels skipped: unknown side, level type or action, level outside the book's depth. */
        REJECTED_LEVELS
    }

    private static final int NULL_SECURITY_ID = BookUpdateDecoder.securityIdNullValue();

    private final ChannelSync channels;
    private final int defaultDepth;
    private final int defaultImpliedDepth;
    private final MarketDataListener downstream;
    private final MirrorStatusListener statusListener;

    private final Long2ObjectHashMap<Book> bookByKey = new Long2ObjectHashMap<>();
    private final ArrayList<Book> books = new ArrayList<>();
    private final List<Book> booksView = Collections.unmodifiableList(books);
    private final byte[] symbolScratch = new byte[InstrumentDefinitionDecoder.symbolLength()];

    private boolean connected;
    private boolean seenWholeStream;
    private long expectedRecordSeq;
    private long lastRecordSeq;

    private final Counts<Count> counts = new Counts<>(Count.class);

    /**
     * A mirror configured from a subscriber context (depths, snapshot timeout, clock, listeners, instance id); the
     * context need not be concluded.
     *
     * @param ctx       where the settings and listeners come from.
     * @param requester where snapshot requests go.
     */
    public BookMirror(final MarketDataSubscriber.Context ctx, final SnapshotRequester requester)
    {
        this.channels = new ChannelSync(ctx, requester, counts);
        this.defaultDepth = ctx.bookDepth();
        this.defaultImpliedDepth = ctx.impliedBookDepth();
        this.downstream = ctx.listener();
        this.statusListener = ctx.mirrorStatusListener();
    }

    /**
     * Duty cycle, called by the subscriber after each poll: notices a lost connection, sends the snapshot requests
     * of STALE channels (retrying failed offers) and re-sends requests that timed out.
     *
     * @param connected whether the market-data subscription has a connected publisher.
     * @return work done (requests sent, connection changes).
     */
    public int doWork(final boolean connected)
    {
        int work = 0;
        if (connected != this.connected)
        {
            this.connected = connected;
            if (!connected)
            {
                onDisconnected();
            }
            work++;
        }

        if (connected && expectedRecordSeq != 0)
        {
            work += channels.sendDueRequests(lastRecordSeq);
        }

        return work;
    }

    /**
     * A new stream started (a publisher image with a new session id: the first connection, or the handler
     * restarted): every book and channel is forgotten, and the next record decides whether the mirror has the whole
     * stream (recordSeq 1) or must join late. {@link Book} objects held from before are no longer updated: they and
     * their channels are made STALE first, so that a strategy holding one does not go on trusting it.
     *
     * @param sessionId Aeron session id of the new stream.
     */
    public void onNewStream(final int sessionId)
    {
        counts.increment(Count.NEW_STREAMS);
        markAllStale();
        books.clear();
        bookByKey.clear();
        channels.clear();
        expectedRecordSeq = 0;
        seenWholeStream = false;
        statusListener.onNewStream(sessionId);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
    {
        final long recordSeq = decoder.recordSeq();
        final MirroredChannel channel = onSequencedRecord(decoder.channelId(), recordSeq);
        final Book book = book(channel, decoder.securityId());
        if (null != book)
        {
            book.depths(depth(decoder.marketDepth()), depth(decoder.impliedMarketDepth()));
            book.symbol(decoder, symbolScratch);
            book.handlerStatus(feedStatus(decoder.feedStatusRaw(), book.handlerStatus()));
            book.tradingStatus(decoder.tradingStatus());
            book.applied(book.rptSeq(), recordSeq, decoder.msgSeqNum());
        }
        downstream.onInstrumentDefinition(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookUpdate(final BookUpdateDecoder decoder)
    {
        final long recordSeq = decoder.recordSeq();
        final MirroredChannel channel = onSequencedRecord(decoder.channelId(), recordSeq);
        final Book book = book(channel, decoder.securityId());
        if (null != book)
        {
            final BookUpdateDecoder.LevelsDecoder levels = decoder.levels();
            while (levels.hasNext())
            {
                apply(book, levels.next());
            }
            book.endOfEvent(decoder.endOfEventRaw() == BooleanType.TRUE.value());
            book.applied(decoder.rptSeq(), recordSeq, decoder.msgSeqNum());
            decoder.sbeRewind();
        }
        downstream.onBookUpdate(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookSnapshot(final BookSnapshotDecoder decoder)
    {
        final long recordSeq = decoder.recordSeq();
        final MirroredChannel channel = onSequencedRecord(decoder.channelId(), recordSeq);
        final Book book = book(channel, decoder.securityId());
        if (null != book)
        {
            book.clear();
            final BookSnapshotDecoder.LevelsDecoder levels = decoder.levels();
            while (levels.hasNext())
            {
                levels.next();
                final BookSide side = book.side(levels.sideRaw(), levels.levelTypeRaw());
                final int level = levels.level();
                if (null == side || level < 1 || level > SubscriberConfiguration.MAX_BOOK_DEPTH)
                {
                    counts.increment(Count.REJECTED_LEVELS);
                    continue;
                }
                if (level > side.depth())
                {
                    side.depth(level);
                }
                side.replace(level, levels.price(), levels.size(), levels.orderCount());
            }
            book.handlerStatus(feedStatus(decoder.feedStatusRaw(), book.handlerStatus()));
            book.synced(true);
            book.endOfEvent(true);
            book.applied(decoder.rptSeq(), recordSeq, decoder.msgSeqNum());
            counts.increment(Count.SNAPSHOTS_APPLIED);

            final long requestId = decoder.requestId();
            if (0 != requestId && requestId == channel.pendingRequestId())
            {
                channel.onRequestedSnapshot();
            }
            decoder.sbeRewind();
        }
        downstream.onBookSnapshot(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotComplete(final SnapshotCompleteDecoder decoder)
    {
        final MirroredChannel channel = channels.channel(decoder.channelId());
        if (null != channel &&
            channel.syncStatus() == FeedStatus.RECOVERING &&
            decoder.requestId() == channel.pendingRequestId())
        {
            if (decoder.lastRecordSeq() >= channel.requestAfterRecordSeq() &&
                decoder.instruments() == channel.snapshotsReceived())
            {
                for (int i = 0, size = books.size(); i < size; i++)
                {
                    final Book book = books.get(i);
                    if (book.channel() == channel && !book.isSynced())
                    {
                        book.clear();
                        book.synced(true);
                    }
                }
                channel.onRecovered();
                counts.increment(Count.RECOVERIES);
                channels.syncStatus(channel, FeedStatus.LIVE, lastRecordSeq);
            }
            else
            {
                counts.increment(Count.FAILED_RECOVERIES);
                channels.syncStatus(channel, FeedStatus.STALE, lastRecordSeq);
            }
        }
        downstream.onSnapshotComplete(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(final TradeDecoder decoder)
    {
        onSequencedRecord(decoder.channelId(), decoder.recordSeq());
        downstream.onTrade(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onTradeCancel(final TradeCancelDecoder decoder)
    {
        onSequencedRecord(decoder.channelId(), decoder.recordSeq());
        downstream.onTradeCancel(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onAuctionImbalance(final AuctionImbalanceDecoder decoder)
    {
        onSequencedRecord(decoder.channelId(), decoder.recordSeq());
        downstream.onAuctionImbalance(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final InstrumentStatusDecoder decoder)
    {
        final long recordSeq = decoder.recordSeq();
        final MirroredChannel channel = onSequencedRecord(decoder.channelId(), recordSeq);
        final Book book = book(channel, decoder.securityId());
        if (null != book)
        {
            book.handlerStatus(feedStatus(decoder.feedStatusRaw(), book.handlerStatus()));
            book.tradingStatus(decoder.tradingStatus());
            book.applied(book.rptSeq(), recordSeq, decoder.msgSeqNum());
        }
        downstream.onInstrumentStatus(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelStatus(final ChannelStatusDecoder decoder)
    {
        final MirroredChannel channel = onSequencedRecord(decoder.channelId(), decoder.recordSeq());
        if (null != channel)
        {
            channel.handlerStatus(feedStatus(decoder.feedStatusRaw(), channel.handlerStatus()));
        }
        downstream.onChannelStatus(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onHeartbeat(final HeartbeatDecoder decoder)
    {
        onSequencedRecord(decoder.channelId(), decoder.recordSeq());
        downstream.onHeartbeat(decoder);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Sequenced only: the order books are kept by an {@link OrderBookMirror} behind this mirror.
     */
    public void onOrderUpdate(final OrderUpdateDecoder decoder)
    {
        onSequencedRecord(decoder.channelId(), decoder.recordSeq());
        downstream.onOrderUpdate(decoder);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Sequenced only: the order books are kept by an {@link OrderBookMirror} behind this mirror.
     */
    public void onOrderBookSnapshot(final OrderBookSnapshotDecoder decoder)
    {
        onSequencedRecord(decoder.channelId(), decoder.recordSeq());
        downstream.onOrderBookSnapshot(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onVolume(final VolumeDecoder decoder)
    {
        onSequencedRecord(decoder.channelId(), decoder.recordSeq());
        downstream.onVolume(decoder);
    }

    /**
     * @param channelId  CME channel id.
     * @param securityId CME SecurityID.
     * @return the book of the instrument, null when the mirror has not seen it.
     */
    public Book book(final int channelId, final int securityId)
    {
        return bookByKey.get(key(channelId, securityId));
    }

    /**
     * @return every book, in order of first appearance: a read-only view, not a copy (no allocation; {@code get(i)}
     * and {@code size()} allocate nothing), emptied by a new stream.
     */
    public List<Book> books()
    {
        return booksView;
    }

    /**
     * @param channelId CME channel id.
     * @return the channel, null when the mirror has not seen it.
     */
    public MirroredChannel channel(final int channelId)
    {
        return channels.channel(channelId);
    }

    /**
     * @return every channel, in order of first appearance: a read-only view, not a copy (no allocation), emptied by a
     * new stream.
     */
    public List<MirroredChannel> channels()
    {
        return channels.all();
    }

    /**
     * Sync status of the whole mirror: STALE until connected with a first record, or while any channel is STALE;
     * RECOVERING while any channel waits for its snapshots; LIVE when every channel is LIVE.
     *
     * @return the mirror's sync status.
     */
    public FeedStatus syncStatus()
    {
        if (!connected || expectedRecordSeq == 0)
        {
            return FeedStatus.STALE;
        }
        return channels.combinedStatus();
    }

    /**
     * @return whether the market-data subscription has a connected publisher (as of the last {@link #doWork}).
     */
    public boolean isConnected()
    {
        return connected;
    }

    /**
     * @return recordSeq of the last data record seen, 0 before the first.
     */
    public long lastRecordSeq()
    {
        return lastRecordSeq;
    }

    /**
     * @param counter what was counted.
     * @return its count since the mirror was made (new streams do not reset it).
     */
    public long count(final Count counter)
    {
        return counts.get(counter);
    }

    private MirroredChannel onSequencedRecord(final int channelId, final long recordSeq)
    {
        counts.increment(Count.RECORDS);
        if (expectedRecordSeq == 0)
        {
            if (recordSeq == 1)
            {
                if (!books.isEmpty())
                {
                    onNewStream(0);
                }
                seenWholeStream = true;
            }
            else
            {
                seenWholeStream = false;
                counts.increment(Count.LATE_JOINS);
            }
        }
        else if (recordSeq != expectedRecordSeq)
        {
            counts.increment(Count.GAPS);
            if (recordSeq > expectedRecordSeq)
            {
                counts.add(Count.MISSED_RECORDS, recordSeq - expectedRecordSeq);
            }
            statusListener.onRecordSeqGap(expectedRecordSeq, recordSeq);
            seenWholeStream = false;
            markAllStale();
        }
        expectedRecordSeq = recordSeq + 1;
        lastRecordSeq = recordSeq;

        final MirroredChannel channel = channels.channelFor(channelId);
        if (null != channel && channel.syncStatus() == FeedStatus.STALE)
        {
            if (seenWholeStream)
            {
                channels.syncStatus(channel, FeedStatus.LIVE, lastRecordSeq);
            }
            else if (connected)
            {
                channels.requestNow(channel, lastRecordSeq);
            }
        }

        return channel;
    }

    private void apply(final Book book, final BookUpdateDecoder.LevelsDecoder entry)
    {
        final MbpAction action = MbpAction.ofRaw(entry.actionRaw());
        if (action == MbpAction.CLEAR)
        {
            book.clear();
            return;
        }

        final BookSide side = book.side(entry.sideRaw(), entry.levelTypeRaw());
        if (null == side || null == action ||
            !side.apply(action, entry.level(), entry.price(), entry.size(), entry.orderCount()))
        {
            counts.increment(Count.REJECTED_LEVELS);
        }
    }

    private void markAllStale()
    {
        channels.markAllStale(lastRecordSeq);
        for (int i = 0, size = books.size(); i < size; i++)
        {
            books.get(i).synced(false);
        }
    }

    private void onDisconnected()
    {
        if (expectedRecordSeq != 0)
        {
            counts.increment(Count.DISCONNECTS);
            markAllStale();
            expectedRecordSeq = 0;
            seenWholeStream = false;
        }
    }

    private Book book(final MirroredChannel channel, final int securityId)
    {
        if (null == channel || securityId == NULL_SECURITY_ID || securityId == 0)
        {
            return null;
        }

        final long key = key(channel.channelId(), securityId);
        Book book = bookByKey.get(key);
        if (null == book)
        {
            book = new Book(channel, securityId, defaultDepth, defaultImpliedDepth);
            book.synced(channel.syncStatus() == FeedStatus.LIVE);
            bookByKey.put(key, book);
            books.add(book);
        }

        return book;
    }

    private static long key(final int channelId, final int securityId)
    {
        return ((long)channelId << 32) | (securityId & 0xFFFF_FFFFL);
    }

    private static int depth(final short declared)
    {
        return declared > 0 && declared <= SubscriberConfiguration.MAX_BOOK_DEPTH ? declared : 0;
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
