package io.xdpfeed.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.management.ThreadMXBean;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;

import static io.xdpfeed.client.MarketDataAdapter.Count.BATCHES;
import static io.xdpfeed.client.MarketDataAdapter.Count.MALFORMED;
import static io.xdpfeed.client.MarketDataAdapter.Count.MESSAGES;
import static io.xdpfeed.client.MarketDataAdapter.Count.SKIPPED_TEMPLATES;
import static io.xdpfeed.client.MarketDataAdapter.Count.WRONG_SCHEMA;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes what a strategy runs on every record it receives: {@link MarketDataAdapter} decoding into an
 * {@link OrderBookMirror} in front of a {@link BookMirror}, with latency recording on. An input is a sequence of
 * messages {@code [length u16 LE][message]}, each handed over as one reassembled Aeron message; the seeds are the
 * records the handler published while replaying the real v9 capture (see docs/fuzzing.md). Whatever the bytes:
 * <ul>
 *   <li>no exception leaves the adapter or the mirrors;</li>
 *   <li>every message is counted: a lone record as one, a {@code RecordBatch} as its records (at least one: a batch
 *       without records is one malformed message); malformed, wrong-schema and skipped ones are among them;</li>
 *   <li>every mirrored book holds at most its depth of levels, and there are no more books than records;</li>
 *   <li>no allocation blow-up: the polling thread allocates at most 4 MB plus 4 KB per input byte (a book of the
 *       deepest depth a definition can ask for is a few tens of KB; a count taken from the wire and allocated would
 *       be far more).</li>
 * </ul>
 */
@Timeout(60)
class RecordDecoderFuzzTest
{
    private static final int LENGTH_HEADER = 2;
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    /**
     * @param bytes messages as described in the class comment.
     */
    @FuzzTest(maxDuration = "10s")
    void records(final byte[] bytes)
    {
        final long allowed = 4L * 1024 * 1024 + 4096L * bytes.length;
        long allocated = decode(bytes);
        if (allocated > allowed)
        {
            // the first inputs of a run load and initialise classes on this thread: only an input that allocates too
            // much a second time, on new mirrors, is a blow-up
            allocated = decode(bytes);
        }
        assertTrue(allocated <= allowed, allocated + " bytes allocated for a " + bytes.length + "-byte input");
    }

    private static long decode(final byte[] bytes)
    {
        final BookMirror mirror = new BookMirror(new MarketDataSubscriber.Context().instanceId(1),
            (requestId, channelId, securityId) -> true);
        final OrderBookMirror orders = new OrderBookMirror(mirror);
        final MarketDataAdapter adapter = new MarketDataAdapter(
            orders, new SubscriberLatency(10_000_000_000L), SystemEpochNanoClock.INSTANCE);
        mirror.doWork(true);

        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long messages = 0;
        int offset = 0;
        while (bytes.length - offset >= LENGTH_HEADER)
        {
            final int length = Math.min(buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
                bytes.length - offset - LENGTH_HEADER);
            offset += LENGTH_HEADER;
            adapter.onMessage(buffer, offset, length);
            mirror.doWork(true);
            messages++;
            offset += length;
        }
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;

        final long records = adapter.count(MESSAGES);
        assertTrue(records >= messages, records + " records counted from " + messages + " messages");
        assertTrue(records - messages <= 0xFFFFL * adapter.count(BATCHES), "only batches count more than one");
        assertTrue(
            adapter.count(MALFORMED) + adapter.count(WRONG_SCHEMA) + adapter.count(SKIPPED_TEMPLATES) <= records);
        assertTrue(mirror.books().size() <= records, mirror.books().size() + " books from " + records + " records");
        for (final Book book : mirror.books())
        {
            assertSane(book.bids(), "bids");
            assertSane(book.asks(), "asks");
            assertSane(book.impliedBids(), "implied bids");
            assertSane(book.impliedAsks(), "implied asks");
        }
        return allocated;
    }

    private static void assertSane(final BookSide side, final String name)
    {
        assertTrue(side.levelCount() >= 0 && side.levelCount() <= side.depth(),
            name + ": " + side.levelCount() + " levels in a book of depth " + side.depth());
    }
}
