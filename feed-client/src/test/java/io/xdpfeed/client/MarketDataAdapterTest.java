package io.xdpfeed.client;

import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.ImbalanceSide;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.RecordBatchEncoder;
import io.xdpfeed.codecs.md.SnapshotRequestEncoder;
import io.xdpfeed.client.RecordingListener.Seen;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.client.LevelEntry.bid;
import static io.xdpfeed.client.MarketDataAdapter.Count.BATCHES;
import static io.xdpfeed.client.MarketDataAdapter.Count.MALFORMED;
import static io.xdpfeed.client.MarketDataAdapter.Count.MESSAGES;
import static io.xdpfeed.client.MarketDataAdapter.Count.SKIPPED_TEMPLATES;
import static io.xdpfeed.client.MarketDataAdapter.Count.WRONG_SCHEMA;
import static io.xdpfeed.codecs.md.BookAction.NEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding of every record type into its callback, and bad input counted and skipped, never thrown.
 */
@Timeout(10)
class MarketDataAdapterTest
{
    private final RecordingListener recording = new RecordingListener();
    private final SubscriberLatency latency = new SubscriberLatency(10_000_000_000L);
    private final MarketDataAdapter adapter =
        new MarketDataAdapter(recording, latency, org.agrona.concurrent.SystemEpochNanoClock.INSTANCE);
    private final RecordWriter writer = new RecordWriter();

    @Test
    void everyRecordTypeReachesItsCallback()
    {
        writer.publishTimeNs = 1;
        writer.sendingTimeNs = 1;
        final ReferenceBook book = new ReferenceBook(310, 7, 10, 2);
        book.apply(bid(NEW, 1, 100, 1, 1));

        deliver(writer.definition(1, 310, 7, "ESZ8", 10, 2));
        deliver(writer.bookUpdate(2, 310, 7, 1, true, List.of(bid(NEW, 1, 100, 1, 1), bid(NEW, 2, 99, 1, 1))));
        deliver(writer.bookSnapshot(3, 55, book, FeedStatus.LIVE));
        deliver(writer.trade(4, 310, 7, 100, 2));
        deliver(writer.instrumentStatus(5, 310, 7, FeedStatus.LIVE));
        deliver(writer.channelStatus(6, 310, FeedStatus.STALE));
        deliver(writer.heartbeat(7, 310));
        deliver(writer.volume(8, 310, 7, 99));
        deliver(writer.snapshotComplete(55, 310, 3, 1));
        deliver(writer.tradeCancel(9, 310, 7, 4));
        deliver(writer.auctionImbalance(10, 310, 7, 300, ImbalanceSide.SELL));

        final int nullId = BookUpdateDecoder.securityIdNullValue();
        assertEquals(List.of(
            new Seen("InstrumentDefinition", 310, 7, 1, 0, 0),
            new Seen("BookUpdate", 310, 7, 2, 2, 0),
            new Seen("BookSnapshot", 310, 7, 3, 1, 55),
            new Seen("Trade", 310, 7, 4, 0, 0),
            new Seen("InstrumentStatus", 310, 7, 5, 0, 0),
            new Seen("ChannelStatus", 310, nullId, 6, 0, 0),
            new Seen("Heartbeat", 310, nullId, 7, 0, 0),
            new Seen("Volume", 310, 7, 8, 0, 0),
            new Seen("SnapshotComplete", 310, 0, 3, 1, 55),
            new Seen("TradeCancel", 310, 7, 9, 0, 4),
            new Seen("AuctionImbalance", 310, 7, 10, 0, 300)), recording.seen);
        assertEquals(0, adapter.count(MALFORMED) + adapter.count(WRONG_SCHEMA) + adapter.count(SKIPPED_TEMPLATES));

        // bus for every data record, end-to-end for BookUpdate, Trade, InstrumentStatus, Volume, TradeCancel and
        // AuctionImbalance
        assertEquals(10, latency.intervalHistogram(LatencyTier.BUS).getTotalCount());
        assertEquals(6, latency.intervalHistogram(LatencyTier.END_TO_END).getTotalCount());
    }

    @Test
    void badInputIsCountedAndSkipped()
    {
        final int update = writer.bookUpdate(1, 310, 7, 1, true, List.of(bid(NEW, 1, 100, 1, 1)));

        // shorter than a message header
        adapter.onMessage(writer.buffer, 0, 7);
        // cut inside the root block, then inside the levels group
        adapter.onMessage(writer.buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + 20);
        adapter.onMessage(writer.buffer, 0, update - 1);
        assertEquals(3, adapter.count(MALFORMED));

        // a levels group claiming more entries than the message holds
        final int groupOffset = MessageHeaderEncoder.ENCODED_LENGTH + BookUpdateDecoder.BLOCK_LENGTH;
        writer.buffer.putShort(groupOffset + 2, (short)400, ByteOrder.LITTLE_ENDIAN);
        adapter.onMessage(writer.buffer, 0, update);
        assertEquals(4, adapter.count(MALFORMED));

        // a root block shorter than the schema's
        final int heartbeat = writer.heartbeat(2, 310);
        writer.buffer.putShort(0, (short)40, ByteOrder.LITTLE_ENDIAN);
        adapter.onMessage(writer.buffer, 0, heartbeat);
        assertEquals(5, adapter.count(MALFORMED));

        // another schema (MDP3 is 1)
        writer.heartbeat(3, 310);
        writer.buffer.putShort(4, (short)1, ByteOrder.LITTLE_ENDIAN);
        adapter.onMessage(writer.buffer, 0, heartbeat);
        assertEquals(1, adapter.count(WRONG_SCHEMA));

        // unknown template, and a SnapshotRequest on the data stream
        writer.heartbeat(4, 310);
        writer.buffer.putShort(2, (short)99, ByteOrder.LITTLE_ENDIAN);
        adapter.onMessage(writer.buffer, 0, heartbeat);
        new SnapshotRequestEncoder().wrapAndApplyHeader(writer.buffer, 0, new MessageHeaderEncoder()).requestId(1);
        adapter.onMessage(writer.buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + SnapshotRequestEncoder.BLOCK_LENGTH);
        assertEquals(2, adapter.count(SKIPPED_TEMPLATES));

        assertEquals(List.of(), recording.seen);
        assertEquals(8, adapter.count(MESSAGES));
    }

    @Test
    void aLongerRootBlockFromANewerHandlerIsReadWithItsOwnLength()
    {
        final UnsafeBuffer longer = new UnsafeBuffer(new byte[1024]);
        final int length = writer.bookUpdate(9, 310, 7, 1, true, List.of(bid(NEW, 1, 100, 1, 1)));
        final int rootEnd = MessageHeaderEncoder.ENCODED_LENGTH + BookUpdateDecoder.BLOCK_LENGTH;
        longer.putBytes(0, writer.buffer, 0, rootEnd);
        longer.putBytes(rootEnd + 8, writer.buffer, rootEnd, length - rootEnd);
        longer.putShort(0, (short)(BookUpdateDecoder.BLOCK_LENGTH + 8), ByteOrder.LITTLE_ENDIAN);
        longer.putShort(6, (short)2, ByteOrder.LITTLE_ENDIAN);

        adapter.onMessage(longer, 0, length + 8);

        assertEquals(List.of(new Seen("BookUpdate", 310, 7, 9, 1, 0)), recording.seen);
        assertTrue(adapter.count(MALFORMED) == 0);
    }

    @Test
    void aRecordBatchCallsBackEachRecordInOrderAsIfAlone()
    {
        writer.publishTimeNs = 1;
        writer.sendingTimeNs = 1;
        final List<byte[]> records = new ArrayList<>();
        records.add(copy(writer.definition(1, 310, 7, "ESZ8", 10, 2)));
        records.add(copy(writer.bookUpdate(2, 310, 7, 1, false, List.of(bid(NEW, 1, 100, 1, 1), bid(NEW, 2, 99, 1,
            1)))));
        records.add(copy(writer.trade(3, 310, 7, 100, 2)));
        records.add(copy(writer.volume(4, 310, 7, 99)));
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[4096]);
        final int length = batch(batch, records);

        // at an odd offset in the term, as a fragment can be
        final UnsafeBuffer term = new UnsafeBuffer(new byte[8192]);
        term.putBytes(101, batch, 0, length);
        adapter.onFragment(term, 101, length, null);

        assertEquals(List.of(
            new Seen("InstrumentDefinition", 310, 7, 1, 0, 0),
            new Seen("BookUpdate", 310, 7, 2, 2, 0),
            new Seen("Trade", 310, 7, 3, 0, 0),
            new Seen("Volume", 310, 7, 4, 0, 0)), recording.seen);
        assertEquals(List.of(4L, 1L, 0L), List.of(adapter.count(MESSAGES), adapter.count(BATCHES),
            adapter.count(MALFORMED) + adapter.count(WRONG_SCHEMA) + adapter.count(SKIPPED_TEMPLATES)));
        assertEquals(4, latency.intervalHistogram(LatencyTier.BUS).getTotalCount());
    }

    @Test
    void aBatchIsTimedByOneClockReadAtItsArrival()
    {
        final long[] reads = new long[1];
        final SubscriberLatency timed = new SubscriberLatency(10_000_000_000L);
        final MarketDataAdapter adapter = new MarketDataAdapter(recording, timed, () ->
        {
            reads[0]++;
            return 5_000;
        });
        writer.publishTimeNs = 4_000;
        writer.sendingTimeNs = 1_000;
        final List<byte[]> records = new ArrayList<>();
        records.add(copy(writer.trade(1, 310, 7, 100, 2)));
        records.add(copy(writer.bookUpdate(2, 310, 7, 1, true, List.of(bid(NEW, 1, 100, 1, 1)))));
        records.add(copy(writer.volume(3, 310, 7, 99)));
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[4096]);
        adapter.onMessage(batch, 0, batch(batch, records));

        assertEquals(1, reads[0], "one read for the three records");
        final Histogram bus = timed.intervalHistogram(LatencyTier.BUS);
        final Histogram endToEnd = timed.intervalHistogram(LatencyTier.END_TO_END);
        assertEquals(List.of(3L, 1_000L, 1_000L, 3L, 4_000L, 4_000L), List.of(bus.getTotalCount(), bus.getMinValue(),
            bus.lowestEquivalentValue(bus.getMaxValue()), endToEnd.getTotalCount(), endToEnd.getMinValue(),
            endToEnd.lowestEquivalentValue(endToEnd.getMaxValue())), "arrival - publishTimeNs, arrival - SendingTime");
    }

    @Test
    void aBadBatchDeliversTheRecordsBeforeTheFaultAndCountsTheRest()
    {
        final List<byte[]> records = new ArrayList<>();
        records.add(copy(writer.heartbeat(1, 310)));
        records.add(copy(writer.heartbeat(2, 310)));
        records.add(copy(writer.heartbeat(3, 310)));
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[4096]);
        final int length = batch(batch, records);

        // cut inside the third record: two delivered, one malformed
        adapter.onMessage(batch, 0, length - 1);
        assertEquals(List.of(1L, 2L), recording.seen.stream().map(Seen::recordSeq).toList());
        assertEquals(List.of(3L, 1L), List.of(adapter.count(MESSAGES), adapter.count(MALFORMED)));

        // a count larger than the records held: the three, then one malformed
        batch.putShort(MessageHeaderEncoder.ENCODED_LENGTH + 2, (short)4, ByteOrder.LITTLE_ENDIAN);
        adapter.onMessage(batch, 0, length);
        assertEquals(List.of(1L, 2L, 1L, 2L, 3L), recording.seen.stream().map(Seen::recordSeq).toList());
        assertEquals(List.of(7L, 2L), List.of(adapter.count(MESSAGES), adapter.count(MALFORMED)));

        // a batch inside a batch, and a batch too short for its group header
        final UnsafeBuffer outer = new UnsafeBuffer(new byte[8192]);
        final byte[] inner = new byte[length];
        batch.putShort(MessageHeaderEncoder.ENCODED_LENGTH + 2, (short)3, ByteOrder.LITTLE_ENDIAN);
        batch.getBytes(0, inner);
        final int outerLength = batch(outer, List.of(inner));
        adapter.onMessage(outer, 0, outerLength);
        adapter.onMessage(batch, 0, MessageHeaderEncoder.ENCODED_LENGTH + 3);
        assertEquals(List.of(9L, 4L, 5L),
            List.of(adapter.count(MESSAGES), adapter.count(MALFORMED), (long)recording.seen.size()));

        // a batch of no records (the handler never sends one; the fuzz target found it counted as nothing)
        final int emptyLength = batch(outer, List.of());
        adapter.onMessage(outer, 0, emptyLength);
        assertEquals(List.of(10L, 5L, 5L),
            List.of(adapter.count(MESSAGES), adapter.count(MALFORMED), (long)recording.seen.size()));
    }

    private static int batch(final UnsafeBuffer buffer, final List<byte[]> records)
    {
        final RecordBatchEncoder.RecordsEncoder entries = new RecordBatchEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).recordsCount(records.size());
        for (final byte[] record : records)
        {
            entries.next().putRecord(record, 0, record.length);
        }
        int length = MessageHeaderEncoder.ENCODED_LENGTH + RecordBatchEncoder.BLOCK_LENGTH +
            RecordBatchEncoder.RecordsEncoder.sbeHeaderSize();
        for (final byte[] record : records)
        {
            length += RecordBatchEncoder.RecordsEncoder.recordHeaderLength() + record.length;
        }
        return length;
    }

    private byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        writer.buffer.getBytes(0, bytes);
        return bytes;
    }

    private void deliver(final int length)
    {
        adapter.onMessage(writer.buffer, 0, length);
    }
}
