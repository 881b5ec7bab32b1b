package io.xdpfeed.handler.itch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.BookSide;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.publish.MarketDataProxy;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the ITCH datagram path as the handler runs it: line lookup, MoldUDP64 framing, sequencing per message over
 * the A and B lines, the ITCH book builder (orders, ladders, reserve), the channel's MBP and MBO books, and
 * publication by a real {@link MarketDataProxy} on an Aeron IPC publication of an embedded media driver (its own
 * directory, deleted after). What was published is read back through the client's {@link MarketDataAdapter} into
 * an {@link OrderBookMirror} over a {@link BookMirror}.
 * <p>
 * An input is a sequence of datagrams, each {@code [line u8][time step u8][length u16 LE][payload]}: the line is an
 * index (modulo 2) into channel 1's incremental lines A and B, the receive time moves on by the step in 100 us units
 * and the engine's timers run after each datagram, as the receive loop runs them. The channel has no re-request or
 * snapshot server (a fuzz test sends nothing): a gap leaves it STALE. The order store and the instrument table are
 * small (64 orders, 8 instruments), so that their limits are reached. The seeds are the real Nasdaq sample captures'
 * datagrams and windows of three consecutive datagrams of a simulated session with loss on both lines. For every
 * input:
 * <ul>
 *   <li>no exception leaves the engine (the hot path must not throw) and the input ends (libFuzzer's timeout);</li>
 *   <li>every datagram is a packet;</li>
 *   <li>every book holds at most its depth of levels and no level beyond its count;</li>
 *   <li>nothing published is dropped, every published record decodes (none malformed, none of another schema, none
 *       of an unknown template), the subscriber sees exactly as many records as were published and no gap, and its
 *       mirrored books hold at most their depth.</li>
 * </ul>
 */
@Timeout(60)
class ItchPathFuzzTest
{
    private static final int STREAM_ID = 1001;
    private static final String CHANNEL = "aeron:ipc?term-length=16m";
    private static final int RECORD_HEADER = 4;
    private static final long TIME_STEP_NS = 100_000;
    private static final long START_TIME_NS = 1_600_000_000_000_000_000L;

    private static MediaDriver driver;
    private static Aeron aeron;
    private static ExclusivePublication publication;
    private static Subscription subscription;
    private static LineMap lineMap;
    private static List<Line> lines;

    @BeforeAll
    static void launch()
    {
        final String dir = (new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir")) +
            "/xdpfeed-fuzz-itch-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
        subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
        while (!publication.isConnected() || subscription.imageCount() == 0)
        {
            Thread.onSpinWait();
        }
        final Properties properties = new Properties();
        properties.setProperty("xdpfeed.protocol", "itch");
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
        properties.setProperty(PropertiesLineMap.ITCH_LINES_B_PROP_NAME, "1@239.77.18.2:26401");
        lineMap = PropertiesLineMap.itch(properties).lineMap();
        lines = lineMap.lines();
        assertEquals(2, lines.size());
    }

    @AfterAll
    static void close()
    {
        CloseHelper.closeAll(subscription, publication, aeron, driver);
    }

    /**
     * @param bytes datagrams as described in the class comment.
     */
    @FuzzTest(maxDuration = "10s")
    void datagrams(final byte[] bytes)
    {
        final MarketDataProxy proxy = new MarketDataProxy(publication, SystemEpochNanoClock.INSTANCE);
        final ChannelOptions options = ChannelOptions.defaults()
            .withQueueCapacity(64)
            .withMaxOrdersPerBook(64)
            .withReceiveTimeOffsetNs(0);
        final FeedEngine engine = new FeedEngine(new ItchProtocol(64, 8), lineMap, options, Feed.A, id -> true,
            id -> true, proxy, proxy, HandlerCounters.onHeap());
        final BookMirror mirror = new BookMirror(new MarketDataSubscriber.Context().instanceId(1),
            (requestId, channelId, securityId) -> true);
        final OrderBookMirror orders = new OrderBookMirror(mirror);
        final MarketDataAdapter adapter = new MarketDataAdapter(orders, null, SystemEpochNanoClock.INSTANCE);
        final FragmentAssembler assembler = new FragmentAssembler(adapter);
        mirror.doWork(true);
        engine.start();

        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        long timeNs = START_TIME_NS;
        long sent = 0;
        int offset = 0;
        while (bytes.length - offset >= RECORD_HEADER)
        {
            final Line line = lines.get((bytes[offset] & 0xFF) % lines.size());
            timeNs += (bytes[offset + 1] & 0xFF) * TIME_STEP_NS;
            final int length = Math.min(buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
                bytes.length - offset - RECORD_HEADER);
            offset += RECORD_HEADER;
            // the datagram alone in a buffer of its own length: a read past its end throws here
            final UnsafeBuffer datagram = new UnsafeBuffer(bytes, offset, length);
            engine.onDatagram(line.groupAddress(), line.port(), datagram, 0, length, timeNs);
            engine.onTimer(timeNs);
            sent++;
            offset += length;
            drain(assembler);
        }
        engine.flush(timeNs);
        engine.onTimer(timeNs + options.gapWaitNs());
        drain(assembler);

        assertEquals(sent, engine.datagrams());
        assertEquals(sent, engine.packets(), "every datagram is a packet of the channel's lines");
        for (int c = 0; c < engine.channelCount(); c++)
        {
            final ChannelState channel = engine.channel(c);
            for (int i = 0; i < channel.instrumentCount(); i++)
            {
                final MbpBook book = channel.instrument(i).book();
                assertSane(book.bids(), "bids");
                assertSane(book.asks(), "asks");
            }
        }

        assertEquals(0, proxy.dropped(), "records dropped by the publication");
        assertEquals(0, adapter.count(MarketDataAdapter.Count.MALFORMED), "malformed records published");
        assertEquals(0, adapter.count(MarketDataAdapter.Count.WRONG_SCHEMA), "records of another schema published");
        assertEquals(
            0, adapter.count(MarketDataAdapter.Count.SKIPPED_TEMPLATES), "records of an unknown template published");
        assertEquals(
            proxy.published(), adapter.count(MarketDataAdapter.Count.MESSAGES), "records published and received");
        assertEquals(0, mirror.count(BookMirror.Count.GAPS), "gaps seen by the subscriber");
        for (final Book book : mirror.books())
        {
            assertSane(book.bids(), "mirrored bids");
            assertSane(book.asks(), "mirrored asks");
        }
    }

    private static void drain(final FragmentAssembler assembler)
    {
        while (subscription.poll(assembler, 256) > 0)
        {
            Thread.onSpinWait();
        }
    }

    private static void assertSane(final PriceLevels levels, final String side)
    {
        assertTrue(levels.count() >= 0 && levels.count() <= levels.depth(),
            side + ": " + levels.count() + " levels in a book of depth " + levels.depth());
        assertTrue(levels.presentLevels() <= levels.count(),
            side + ": " + levels.presentLevels() + " present of " + levels.count());
    }

    private static void assertSane(final BookSide side, final String name)
    {
        assertTrue(side.levelCount() >= 0 && side.levelCount() <= side.depth(),
            name + ": " + side.levelCount() + " levels in a book of depth " + side.depth());
    }
}
