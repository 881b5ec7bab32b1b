package io.xdpfeed.bench;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Encoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
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
 * Cost of the whole engine path per MDP 3.0 packet: line lookup, framing validation, A/B sequencing, decode, RptSeq
 * checks, MBP book update, normalized BookUpdate encode and {@code tryClaim} + commit on a real Aeron IPC
 * publication (embedded media driver). The subscriber reads the stream on the benchmark thread every 256 packets,
 * so the publication is never back-pressured and a second busy thread does not compete for the CPU: the
 * published variants include that read (a poll per record, amortized).
 * <p>
 * The packet is the peers' reference case: one instrument, one MDIncrementalRefreshBook46 with 12 entries (Change
 * on outright bid and ask levels 1..6), EndOfEvent; before each op its MsgSeqNum and the 12 RptSeqs are advanced
 * in place, so every packet is new and every entry is applied. One op is one packet:
 * <ul>
 *   <li>{@code wholePath}: the packet on line A;</li>
 *   <li>{@code wholePathWithBCopy}: the packet on A then its B copy (dropped as a duplicate after validation);</li>
 *   <li>{@code withoutPublication}: the packet on A with a listener that publishes nothing (decode + book only).</li>
 * </ul>
 * Run with {@code -prof gc} for B/op: {@code scripts/bench-engine}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class EnginePathBenchmark
{
    private static final int ENTRIES = 12;
    private static final int DRAIN_EVERY = 256;
    private static final int ENTRY_LENGTH = 32;

    private IpcStream stream;
    private Subscription subscription;
    private long drained;
    private final FragmentHandler drainHandler = (buffer, offset, length, header) -> drained++;
    private int opsSinceDrain;

    private MarketDataProxy proxy;
    private FeedEngine engine;
    private FeedEngine quietEngine;
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[1024]);
    private int length;
    private final int[] rptSeqOffsets = new int[ENTRIES];
    private long seqNum;
    private long rptSeq;
    private long quietSeqNum;
    private long quietRptSeq;

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
        seqNum = 2;
        rptSeq = ENTRIES + 1;
        quietSeqNum = 2;
        quietRptSeq = ENTRIES + 1;
        prime(engine);
        prime(quietEngine);
    }

    private static FeedEngine newEngine(final ChannelListener listener, final MarketDataProxy proxy)
    {
        final FeedEngine engine = new FeedEngine(BenchChannel.lineMap(),
            ChannelOptions.defaults().withQueueCapacity(64), Feed.A, id -> true, id -> false, listener, proxy,
            HandlerCounters.onHeap());
        engine.start();
        return engine;
    }

    private int buildPacket()
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final MDIncrementalRefreshBook46Encoder book = new MDIncrementalRefreshBook46Encoder();
        final int messageOffset = 12;
        book.wrapAndApplyHeader(packet, messageOffset + 2, header).transactTime(1);
        packet.putByte(book.matchEventIndicator().offset(), (byte)0x84);
        final MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder entries = book.noMDEntriesCount(ENTRIES);
        for (int i = 0; i < ENTRIES; i++)
        {
            final boolean bid = i < ENTRIES / 2;
            final int level = 1 + (i % (ENTRIES / 2));
            entries.next();
            entries.mDEntryPx().mantissa(bid ? 100_000_000_000L - level * 250_000_000L :
                100_000_000_000L + level * 250_000_000L);
            entries.mDEntrySize(10 + i).securityID(7).rptSeq(1 + i).numberOfOrders(1 + i)
                .mDPriceLevel((short)level).mDUpdateAction(MDUpdateAction.New)
                .mDEntryType(bid ? MDEntryTypeBook.Bid : MDEntryTypeBook.Offer).tradeableSize(Integer.MAX_VALUE);
            rptSeqOffsets[i] = messageOffset + 2 + MessageHeaderEncoder.ENCODED_LENGTH + 11 + 3 + i * ENTRY_LENGTH + 16;
        }
        book.noOrderIDEntriesCount(0);
        final int length = messageOffset + 2 + MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength();
        packet.putShort(messageOffset, (short)(length - messageOffset), ByteOrder.LITTLE_ENDIAN);
        packet.putInt(0, 1, ByteOrder.LITTLE_ENDIAN);
        packet.putLong(4, System.nanoTime(), ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    private void prime(final FeedEngine engine)
    {
        engine.onDatagram(BenchChannel.GROUP_A, BenchChannel.PORT_A, packet, 0, length, System.nanoTime());
        for (int i = 0; i < ENTRIES; i++)
        {
            packet.putByte(rptSeqOffsets[i] - 16 + 25, (byte)MDUpdateAction.Change.value());
        }
    }

    private void advance(final long seqNum, final long firstRptSeq)
    {
        packet.putInt(0, (int)seqNum, ByteOrder.LITTLE_ENDIAN);
        final int[] offsets = rptSeqOffsets;
        for (int i = 0; i < ENTRIES; i++)
        {
            packet.putInt(offsets[i], (int)(firstRptSeq + i), ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * One packet on line A through the whole path, published.
     *
     * @return records published so far (keeps the work observable).
     */
    @Benchmark
    public long wholePath()
    {
        advance(seqNum++, rptSeq);
        rptSeq += ENTRIES;
        engine.onDatagram(BenchChannel.GROUP_A, BenchChannel.PORT_A, packet, 0, length, System.nanoTime());
        drainNow();
        return proxy.recordSeq();
    }

    private void drainNow()
    {
        if (++opsSinceDrain == DRAIN_EVERY)
        {
            opsSinceDrain = 0;
            while (subscription.poll(drainHandler, Integer.MAX_VALUE) > 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * One packet on line A, then its copy on line B (a duplicate).
     *
     * @return records published so far.
     */
    @Benchmark
    public long wholePathWithBCopy()
    {
        advance(seqNum++, rptSeq);
        rptSeq += ENTRIES;
        final long nowNs = System.nanoTime();
        engine.onDatagram(BenchChannel.GROUP_A, BenchChannel.PORT_A, packet, 0, length, nowNs);
        engine.onDatagram(BenchChannel.GROUP_B, BenchChannel.PORT_B, packet, 0, length, nowNs);
        drainNow();
        return proxy.recordSeq();
    }

    /**
     * One packet on line A, decoded and applied to the book, nothing published.
     *
     * @return packets seen.
     */
    @Benchmark
    public long withoutPublication()
    {
        advance(quietSeqNum++, quietRptSeq);
        quietRptSeq += ENTRIES;
        quietEngine.onDatagram(BenchChannel.GROUP_A, BenchChannel.PORT_A, packet, 0, length, System.nanoTime());
        return quietEngine.packets();
    }

    /**
     * Stop the driver; report what was published and dropped.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        System.out.println("\nrecords published " + proxy.published() + ", read " + drained +
            ", dropped on back-pressure " +
            proxy.backPressured() + ", gaps " + engine.gaps() + ", stale " + engine.staleInstruments() +
            ", quiet gaps " + quietEngine.gaps());
        CloseHelper.close(stream);
    }
}
