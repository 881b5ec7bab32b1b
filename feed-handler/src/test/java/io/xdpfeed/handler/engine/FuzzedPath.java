package io.xdpfeed.handler.engine;

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
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.publish.MarketDataProxy;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the datagram path fuzz targets (MDP 3.0's {@code DatagramPathFuzzTest}, ITCH's {@code ItchPathFuzzTest})
 * share: an embedded media driver in a directory of its own (deleted after), the Aeron IPC publication the engine's
 * {@link MarketDataProxy} publishes on and the subscription its records are read back from, and the invariants every
 * input must keep on the engine's books, the publication and the client's mirrors.
 */
public final class FuzzedPath implements AutoCloseable
{
    private static final int STREAM_ID = 1001;
    private static final String CHANNEL = "aeron:ipc?term-length=16m";
    private static final int RECORD_HEADER = 4;
    private static final long TIME_STEP_NS = 100_000;
    private static final long START_TIME_NS = 1_600_000_000_000_000_000L;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final Subscription subscription;

    /**
     * @param name of the driver's directory, with the pid and a time after it.
     */
    public FuzzedPath(final String name)
    {
        final String dir = (new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir")) +
            "/" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
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
    }

    /**
     * @return what the engine's proxy publishes on.
     */
    public ExclusivePublication publication()
    {
        return publication;
    }

    private void drain(final FragmentAssembler assembler)
    {
        while (subscription.poll(assembler, 256) > 0)
        {
            Thread.onSpinWait();
        }
    }

    /**
     * Run one input through a new engine publishing on this path and read its records back into an
     * {@link OrderBookMirror} over a {@link BookMirror}; then check that every datagram was counted and the
     * invariants ({@link #assertInvariants}).
     *
     * @param bytes   the input ({@link #feed}).
     * @param lines   the datagrams' lines.
     * @param engines a new engine from the fuzz targets' channel options and the proxy it publishes with.
     * @return the engine, after the input, for the target's own checks.
     */
    public FeedEngine run(
        final byte[] bytes, final List<Line> lines, final BiFunction<ChannelOptions, MarketDataProxy, FeedEngine> engines)
    {
        final MarketDataProxy proxy = new MarketDataProxy(publication, SystemEpochNanoClock.INSTANCE);
        final ChannelOptions options = ChannelOptions.defaults()
            .withQueueCapacity(64)
            .withMaxOrdersPerBook(64)
            .withReceiveTimeOffsetNs(0);
        final FeedEngine engine = engines.apply(options, proxy);
        final BookMirror mirror = new BookMirror(new MarketDataSubscriber.Context().instanceId(1),
            (requestId, channelId, securityId) -> true);
        final MarketDataAdapter adapter =
            new MarketDataAdapter(new OrderBookMirror(mirror), null, SystemEpochNanoClock.INSTANCE);
        final FragmentAssembler assembler = new FragmentAssembler(adapter);
        mirror.doWork(true);
        engine.start();
        final long sent = feed(bytes, lines, engine, assembler, options.gapWaitNs());
        assertEquals(sent, engine.datagrams());
        assertInvariants(engine, proxy, adapter, mirror);
        return engine;
    }

    /**
     * Hand an input's datagrams to a started engine as the receive loop does: each {@code [line u8][time step u8]
     * [length u16 LE][payload]}, the line an index (modulo their count) into {@code lines}, the receive time moved on
     * by the step in 100 us units, the engine's timers run after each datagram and the records read back; at the end
     * the engine flushed and its timers run past the gap wait. Each datagram lies alone in a buffer of its own length,
     * so that a read past its end throws.
     *
     * @param bytes     the input.
     * @param lines     the datagrams' lines.
     * @param engine    started.
     * @param assembler over the client's adapter.
     * @param gapWaitNs the engine's gap wait.
     * @return datagrams handed over.
     */
    private long feed(
        final byte[] bytes, final List<Line> lines, final FeedEngine engine, final FragmentAssembler assembler,
        final long gapWaitNs)
    {
        long timeNs = START_TIME_NS;
        long sent = 0;
        int offset = 0;
        while (bytes.length - offset >= RECORD_HEADER)
        {
            final Line line = lines.get((bytes[offset] & 0xFF) % lines.size());
            timeNs += (bytes[offset + 1] & 0xFF) * TIME_STEP_NS;
            final int length = Math.min((bytes[offset + 2] & 0xFF) | (bytes[offset + 3] & 0xFF) << 8,
                bytes.length - offset - RECORD_HEADER);
            offset += RECORD_HEADER;
            engine.onDatagram(line.groupAddress(), line.port(), new UnsafeBuffer(bytes, offset, length), 0, length,
                timeNs);
            engine.onTimer(timeNs);
            sent++;
            offset += length;
            drain(assembler);
        }
        engine.flush(timeNs);
        engine.onTimer(timeNs + gapWaitNs);
        drain(assembler);
        return sent;
    }

    /**
     * Every book of the engine holds at most its depth of levels and no level beyond its count; nothing published
     * was dropped, every published record decodes (none malformed, none of another schema, none of an unknown
     * template), the subscriber saw as many records as were published and no gap, and its mirrored books hold at
     * most their depth.
     *
     * @param engine  after its input.
     * @param proxy   that published.
     * @param adapter that read the records back.
     * @param mirror  the adapter's books.
     */
    private static void assertInvariants(
        final FeedEngine engine, final MarketDataProxy proxy, final MarketDataAdapter adapter, final BookMirror mirror)
    {
        for (int c = 0; c < engine.channelCount(); c++)
        {
            final ChannelState channel = engine.channel(c);
            for (int i = 0; i < channel.instrumentCount(); i++)
            {
                final MbpBook book = channel.instrument(i).book();
                assertSane(book.bids(), "bids");
                assertSane(book.asks(), "asks");
                assertSane(book.impliedBids(), "implied bids");
                assertSane(book.impliedAsks(), "implied asks");
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
            assertSane(book.impliedBids(), "mirrored implied bids");
            assertSane(book.impliedAsks(), "mirrored implied asks");
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

    /**
     * Close the subscription, the publication, the client and the driver (its directory deleted).
     */
    public void close()
    {
        CloseHelper.closeAll(subscription, publication, aeron, driver);
    }
}
