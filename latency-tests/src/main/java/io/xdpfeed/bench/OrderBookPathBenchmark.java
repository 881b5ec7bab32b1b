package io.xdpfeed.bench;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Encoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.publish.MarketDataProxy;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Cost of market-by-order packets through the whole engine path: a packet of one MDIncrementalRefreshOrderBook47
 * with {@link #ENTRIES} order entries (5 new orders and 5 deletes of orders added {@link #RESTING} packets before,
 * so about 5 x RESTING orders rest and the order table churns), line lookup, framing, sequencing, decode, the
 * open-addressing order book, one OrderUpdate record per entry encoded with {@code tryClaim} on Aeron IPC
 * ({@code wholePath}), or nothing published ({@code withoutPublication}). Divide ns/op by {@link #ENTRIES} for the
 * cost per 47 entry. Run with {@code -prof gc} for B/op:
 * {@code scripts/bench-jmh OrderBookPathBenchmark -prof gc} (or java -cp ... org.openjdk.jmh.Main).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class OrderBookPathBenchmark
{
    /** Order entries per packet. */
    public static final int ENTRIES = 10;
    /** Packets an order rests before it is deleted. */
    public static final int RESTING = 200;
    private static final int ENTRY_LENGTH = 40;
    private static final int DRAIN_EVERY = 64;

    private IpcStream stream;
    private Subscription subscription;
    private final FragmentHandler drainHandler = (buffer, offset, length, header) -> { };
    private int opsSinceDrain;

    private MarketDataProxy proxy;
    private FeedEngine engine;
    private FeedEngine quietEngine;
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[1024]);
    private int length;
    private int firstEntryOffset;
    private long seqNum = 1;
    private long quietSeqNum = 1;

    /**
     * Start the media driver and the publication; build the engines and the packet.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        stream = new IpcStream("aeron:ipc", new BackoffIdleStrategy());
        subscription = stream.subscription();
        proxy = new MarketDataProxy(stream.publication(), SystemEpochNanoClock.INSTANCE);
        engine = newEngine(proxy, proxy);
        quietEngine = newEngine(new ChannelListener()
        {
        }, null);
        length = buildPacket();
    }

    private static FeedEngine newEngine(final ChannelListener listener, final MarketDataProxy proxy)
    {
        final FeedEngine engine = new FeedEngine(BenchChannel.lineMap(),
            ChannelOptions.defaults().withQueueCapacity(64), Feed.A, id -> true, id -> true, listener, proxy,
            HandlerCounters.onHeap());
        engine.start();
        return engine;
    }

    private int buildPacket()
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final MDIncrementalRefreshOrderBook47Encoder orders = new MDIncrementalRefreshOrderBook47Encoder();
        final int messageOffset = 12;
        orders.wrapAndApplyHeader(packet, messageOffset + 2, header).transactTime(1);
        packet.putByte(orders.matchEventIndicator().offset(), (byte)0x84);
        final MDIncrementalRefreshOrderBook47Encoder.NoMDEntriesEncoder entries = orders.noMDEntriesCount(ENTRIES);
        for (int i = 0; i < ENTRIES; i++)
        {
            final boolean add = i < ENTRIES / 2;
            final boolean bid = (i & 1) == 0;
            entries.next().orderID(0).mDOrderPriority(1_000 + i);
            entries.mDEntryPx().mantissa(bid ? 99_750_000_000L : 100_250_000_000L);
            entries.mDDisplayQty(1 + i).securityID(7)
                .mDUpdateAction(add ? MDUpdateAction.New : MDUpdateAction.Delete)
                .mDEntryType(bid ? MDEntryTypeBook.Bid : MDEntryTypeBook.Offer);
        }
        firstEntryOffset = messageOffset + 2 + MessageHeaderEncoder.ENCODED_LENGTH + 11 + 3;
        final int length = messageOffset + 2 + MessageHeaderEncoder.ENCODED_LENGTH + orders.encodedLength();
        packet.putShort(messageOffset, (short)(length - messageOffset), ByteOrder.LITTLE_ENDIAN);
        packet.putLong(4, System.nanoTime(), ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    private void advance(final long seqNum)
    {
        packet.putInt(0, (int)seqNum, ByteOrder.LITTLE_ENDIAN);
        final int half = ENTRIES / 2;
        for (int i = 0; i < half; i++)
        {
            // adds: ids of this packet; deletes: the same slots RESTING packets ago (parity keeps the side)
            packet.putLong(firstEntryOffset + i * ENTRY_LENGTH, seqNum * ENTRIES + i, ByteOrder.LITTLE_ENDIAN);
            packet.putLong(firstEntryOffset + (half + i) * ENTRY_LENGTH, (seqNum - RESTING) * ENTRIES + i,
                ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * One MBO packet through the whole path, one OrderUpdate published per entry.
     *
     * @return records published so far.
     */
    @Benchmark
    public long wholePath()
    {
        advance(seqNum++);
        engine.onDatagram(BenchChannel.GROUP_A, BenchChannel.PORT_A, packet, 0, length, System.nanoTime());
        if (++opsSinceDrain == DRAIN_EVERY)
        {
            opsSinceDrain = 0;
            while (subscription.poll(drainHandler, Integer.MAX_VALUE) > 0)
            {
                Thread.onSpinWait();
            }
        }
        return proxy.recordSeq();
    }

    /**
     * One MBO packet decoded and applied to the order book, nothing published.
     *
     * @return packets seen.
     */
    @Benchmark
    public long withoutPublication()
    {
        advance(quietSeqNum++);
        quietEngine.onDatagram(BenchChannel.GROUP_A, BenchChannel.PORT_A, packet, 0, length, System.nanoTime());
        return quietEngine.packets();
    }

    /**
     * Stop the driver; report the order books.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        // close first: a benchmark method that never ran leaves its engine without the instrument
        CloseHelper.close(stream);
        System.out.println("\nrecords published " + proxy.published() + ", dropped " + proxy.dropped() +
            ", resting orders " + restingOrders(engine) + " / " + restingOrders(quietEngine) +
            ", gaps " + engine.gaps());
    }

    private static int restingOrders(final FeedEngine engine)
    {
        final Instrument instrument = engine.channelById(BenchChannel.CHANNEL_ID).instrumentById(7);
        return instrument == null ? 0 : instrument.orderBook().orderCount();
    }
}
