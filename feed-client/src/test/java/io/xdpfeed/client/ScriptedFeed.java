package io.xdpfeed.client;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.ImbalanceSide;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handler stand-in's publishing side: keeps the truth books ({@link ReferenceBook}), numbers records with
 * recordSeq (+1 per record, also for records it drops, exactly as the handler under back-pressure), encodes them
 * with the codecs' encoders and hands them to a sink (an Aeron publication, or a mirror's adapter directly).
 */
final class ScriptedFeed
{
    @FunctionalInterface
    interface Sink
    {
        boolean publish(DirectBuffer buffer, int length);
    }

    static final Sink NOWHERE = (buffer, length) -> false;

    final RecordWriter writer = new RecordWriter();
    final Map<Long, ReferenceBook> books = new LinkedHashMap<>();
    boolean definitionsInAnswers = true;
    private final EpochNanoClock clock = SystemEpochNanoClock.INSTANCE;
    private Sink sink;
    long recordSeq;
    long dropped;

    ScriptedFeed(final Sink sink)
    {
        this.sink = sink;
    }

    void sink(final Sink sink)
    {
        this.sink = sink;
    }

    ReferenceBook truth(final int channelId, final int securityId)
    {
        return books.get(key(channelId, securityId));
    }

    long definition(
        final int channelId, final int securityId, final String symbol, final int depth, final int impliedDepth)
    {
        books.putIfAbsent(key(channelId, securityId), new ReferenceBook(channelId, securityId, depth, impliedDepth));
        books.get(key(channelId, securityId)).symbol = symbol;
        stamp();
        return publish(writer.definition(++recordSeq, channelId, securityId, symbol, depth, impliedDepth));
    }

    long update(final int channelId, final int securityId, final LevelEntry... entries)
    {
        return update(channelId, securityId, true, entries);
    }

    long update(final int channelId, final int securityId, final boolean endOfEvent, final LevelEntry... entries)
    {
        final ReferenceBook book = applyToTruth(channelId, securityId, entries);
        stamp();
        return publish(writer.bookUpdate(++recordSeq, channelId, securityId, book.rptSeq, endOfEvent,
            Arrays.asList(entries)));
    }

    /**
     * What the handler does when the publication is back-pressured: the book changes, the record is numbered, but it
     * never reaches the stream.
     */
    long dropUpdate(final int channelId, final int securityId, final LevelEntry... entries)
    {
        applyToTruth(channelId, securityId, entries);
        dropped++;
        return ++recordSeq;
    }

    long trade(final int channelId, final int securityId, final long price, final long size)
    {
        stamp();
        return publish(writer.trade(++recordSeq, channelId, securityId, price, size));
    }

    long tradeCancel(final int channelId, final int securityId, final long tradeId)
    {
        stamp();
        return publish(writer.tradeCancel(++recordSeq, channelId, securityId, tradeId));
    }

    long auctionImbalance(final int channelId, final int securityId, final long imbalanceQty)
    {
        stamp();
        return publish(writer.auctionImbalance(++recordSeq, channelId, securityId, imbalanceQty, ImbalanceSide.BUY));
    }

    /**
     * A record of a template this client's codecs do not know (one a newer handler publishes): an AuctionImbalance
     * whose template id is rewritten to one the schema does not define.
     */
    long unknownRecord(final int channelId, final int securityId)
    {
        stamp();
        final int length = writer.auctionImbalance(++recordSeq, channelId, securityId, 1, ImbalanceSide.BUY);
        writer.buffer.putShort(MessageHeaderEncoder.templateIdEncodingOffset(), (short)99);
        return publish(length);
    }

    long volume(final int channelId, final int securityId, final long totalVolume)
    {
        stamp();
        return publish(writer.volume(++recordSeq, channelId, securityId, totalVolume));
    }

    long heartbeat(final int channelId)
    {
        stamp();
        return publish(writer.heartbeat(++recordSeq, channelId));
    }

    long channelStatus(final int channelId, final FeedStatus status)
    {
        stamp();
        return publish(writer.channelStatus(++recordSeq, channelId, status));
    }

    long instrumentStatus(final int channelId, final int securityId, final FeedStatus status)
    {
        stamp();
        return publish(writer.instrumentStatus(++recordSeq, channelId, securityId, status));
    }

    long snapshot(final int channelId, final int securityId, final long requestId, final FeedStatus status)
    {
        stamp();
        return publish(writer.bookSnapshot(++recordSeq, requestId, truth(channelId, securityId), status));
    }

    /**
     * The late-join contract, handler side: per instrument of the channel (or the one asked for) its
     * InstrumentDefinition (so a late joiner learns the depth) and its BookSnapshot(requestId), then
     * SnapshotComplete(requestId, channelId, lastRecordSeq, instruments), back to back; lastRecordSeq is the recordSeq
     * of the last record before the answer (the books are the state after it), SnapshotComplete takes no recordSeq.
     */
    int answer(final long requestId, final int channelId, final int securityId, final Sink answerSink)
    {
        final List<ReferenceBook> matching = new ArrayList<>();
        for (final ReferenceBook book : books.values())
        {
            if (book.channelId == channelId &&
                (securityId == SnapshotRequestProxy.ALL_INSTRUMENTS || securityId == book.securityId))
            {
                matching.add(book);
            }
        }
        final long lastRecordSeqBeforeAnswer = recordSeq;
        for (final ReferenceBook book : matching)
        {
            stamp();
            if (definitionsInAnswers)
            {
                answerSink.publish(writer.buffer, writer.definition(
                    ++recordSeq, book.channelId, book.securityId, book.symbol, book.depth, book.impliedDepth));
            }
            answerSink.publish(writer.buffer, writer.bookSnapshot(++recordSeq, requestId, book, FeedStatus.LIVE));
        }
        answerSink.publish(
            writer.buffer, writer.snapshotComplete(requestId, channelId, lastRecordSeqBeforeAnswer, matching.size()));

        return matching.size();
    }

    private ReferenceBook applyToTruth(final int channelId, final int securityId, final LevelEntry... entries)
    {
        final ReferenceBook book = books.computeIfAbsent(
            key(channelId, securityId), k -> new ReferenceBook(channelId, securityId, 10, 2));
        for (final LevelEntry entry : entries)
        {
            book.apply(entry);
        }
        book.rptSeq++;

        return book;
    }

    private long publish(final int length)
    {
        if (!sink.publish(writer.buffer, length))
        {
            dropped++;
        }

        return recordSeq;
    }

    private void stamp()
    {
        final long nowNs = clock.nanoTime();
        writer.publishTimeNs = nowNs;
        writer.sendingTimeNs = nowNs - 5_000;
    }

    static long key(final int channelId, final int securityId)
    {
        return ((long)channelId << 32) | (securityId & 0xFFFF_FFFFL);
    }
}
