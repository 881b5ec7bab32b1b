package io.xdpfeed.client;

import com.sun.management.ThreadMXBean;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.RecordBatchEncoder;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.client.LevelEntry.ask;
import static io.xdpfeed.client.LevelEntry.bid;
import static io.xdpfeed.client.LevelEntry.impliedBid;
import static io.xdpfeed.codecs.md.BookAction.CHANGE;
import static io.xdpfeed.codecs.md.BookAction.DELETE;
import static io.xdpfeed.codecs.md.BookAction.NEW;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The polling thread allocates nothing in steady state: decode, sequence check, book update, latency recording (with
 * the default epoch clock, whose Instant the JIT scalar-replaces) and the listener call, measured with the thread's
 * allocated-bytes counter over a million records after warm-up; the records alone, and the same records in
 * RecordBatch messages (the handler's one message per datagram).
 */
@Timeout(60)
class SteadyStateAllocationTest
{
    private static final int RECORD_SEQ_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + BookUpdateDecoder.recordSeqEncodingOffset();

    @Test
    void aMillionRecordsAllocateNothing()
    {
        run(false);
    }

    @Test
    void aMillionRecordsInBatchesAllocateNothing()
    {
        run(true);
    }

    private static void run(final boolean batched)
    {
        final MarketDataSubscriber.Context ctx = new MarketDataSubscriber.Context().instanceId(1);
        final BookMirror mirror = new BookMirror(ctx, (requestId, channelId, securityId) -> true);
        final MarketDataAdapter adapter = new MarketDataAdapter(
            mirror, new SubscriberLatency(10_000_000_000L), SystemEpochNanoClock.INSTANCE);
        mirror.doWork(true);

        final RecordWriter writer = new RecordWriter();
        writer.publishTimeNs = System.currentTimeMillis() * 1_000_000L;
        writer.sendingTimeNs = writer.publishTimeNs;
        final List<UnsafeBuffer> messages = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        // a cycle that leaves the books as it found them: insert, change, delete on both sides and implied
        add(messages, lengths, writer, writer.definition(0, 310, 1001, "ESZ8", 10, 2));
        add(messages, lengths, writer, writer.bookUpdate(0, 310, 1001, 1, false, List.of(
            bid(NEW, 1, 100, 1, 1), ask(NEW, 1, 101, 1, 1), impliedBid(NEW, 1, 99, 1, 1))));
        add(messages, lengths, writer, writer.bookUpdate(0, 310, 1001, 2, true, List.of(
            bid(CHANGE, 1, 100, 2, 2), ask(CHANGE, 1, 101, 3, 3))));
        add(messages, lengths, writer, writer.trade(0, 310, 1001, 100, 1));
        add(messages, lengths, writer, writer.bookUpdate(0, 310, 1001, 3, true, List.of(
            bid(DELETE, 1, 100, 0, 0), ask(DELETE, 1, 101, 0, 0), impliedBid(DELETE, 1, 99, 0, 0))));
        add(messages, lengths, writer, writer.heartbeat(0, 312));
        add(messages, lengths, writer, writer.volume(0, 310, 1001, 5));

        final long[] recordSeq = {0};
        final int records = messages.size();
        final Runnable cycle;
        if (batched)
        {
            // two batches, 4 and 3 records: the record offsets are kept to renumber them in place
            final UnsafeBuffer[] batches = {batch(messages.subList(0, 4), lengths), batch(messages.subList(4, 7),
                lengths.subList(4, 7))};
            final int[][] offsets = {recordOffsets(lengths.subList(0, 4)), recordOffsets(lengths.subList(4, 7))};
            cycle = () ->
            {
                for (int b = 0; b < batches.length; b++)
                {
                    final UnsafeBuffer batch = batches[b];
                    final int[] recordOffset = offsets[b];
                    for (int r = 0; r < recordOffset.length; r++)
                    {
                        batch.putLong(recordOffset[r] + RECORD_SEQ_OFFSET, ++recordSeq[0], ByteOrder.LITTLE_ENDIAN);
                    }
                    adapter.onMessage(batch, 0, batch.capacity());
                }
            };
        }
        else
        {
            cycle = () ->
            {
                for (int i = 0; i < records; i++)
                {
                    final UnsafeBuffer message = messages.get(i);
                    message.putLong(RECORD_SEQ_OFFSET, ++recordSeq[0], ByteOrder.LITTLE_ENDIAN);
                    adapter.onMessage(message, 0, lengths.get(i));
                }
            };
        }

        final int cycles = 1_000_000 / messages.size();
        for (int i = 0; i < cycles; i++)
        {
            cycle.run();
        }

        // steady state is reached when the JIT has compiled the path; on a loaded machine that can land inside the
        // first window (interpreted or C1 code allocates what C2 scalar-replaces), so up to five windows are taken and
        // one of them must be exactly 0: an allocation per record would be megabytes in every window
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final List<Long> windows = new ArrayList<>();
        long allocated = -1;
        for (int window = 0; window < 5 && allocated != 0; window++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < cycles; i++)
            {
                cycle.run();
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            windows.add(allocated);
        }

        assertEquals(0, allocated,
            "bytes allocated by windows of " + cycles * messages.size() + " records: " + windows);
        assertEquals((1L + windows.size()) * cycles * messages.size(), mirror.count(BookMirror.Count.RECORDS));
        assertEquals(0, mirror.count(BookMirror.Count.GAPS));
        assertEquals(0, mirror.count(BookMirror.Count.REJECTED_LEVELS));
        assertEquals(0, adapter.count(MarketDataAdapter.Count.MALFORMED));
        assertEquals(batched ? 2L * (1 + windows.size()) * cycles : 0, adapter.count(MarketDataAdapter.Count.BATCHES));
    }

    private static final int BATCH_HEADER = MessageHeaderEncoder.ENCODED_LENGTH + RecordBatchEncoder.BLOCK_LENGTH +
        RecordBatchEncoder.RecordsEncoder.sbeHeaderSize();
    private static final int RECORD_PREFIX = RecordBatchEncoder.RecordsEncoder.recordHeaderLength();

    /**
     * A RecordBatch of whole records, written with the generated encoder: the schema's form, not the handler's code.
     */
    private static UnsafeBuffer batch(final List<UnsafeBuffer> records, final List<Integer> lengths)
    {
        int length = BATCH_HEADER;
        for (int i = 0; i < records.size(); i++)
        {
            length += RECORD_PREFIX + lengths.get(i);
        }
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[length]);
        final RecordBatchEncoder.RecordsEncoder entries = new RecordBatchEncoder()
            .wrapAndApplyHeader(batch, 0, new MessageHeaderEncoder()).recordsCount(records.size());
        for (int i = 0; i < records.size(); i++)
        {
            entries.next().putRecord(records.get(i), 0, lengths.get(i));
        }
        return batch;
    }

    private static int[] recordOffsets(final List<Integer> lengths)
    {
        final int[] offsets = new int[lengths.size()];
        int position = BATCH_HEADER;
        for (int i = 0; i < offsets.length; i++)
        {
            offsets[i] = position + RECORD_PREFIX;
            position = offsets[i] + lengths.get(i);
        }
        return offsets;
    }

    private static void add(
        final List<UnsafeBuffer> messages, final List<Integer> lengths, final RecordWriter writer, final int length)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
        copy.putBytes(0, writer.buffer, 0, length);
        messages.add(copy);
        lengths.add(length);
    }
}
