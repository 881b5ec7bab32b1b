package io.xdpfeed.bench;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.stats.CalibratedEpochClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

/**
 * The normalized encode: {@link MarketDataProxy} sizing a record, claiming it with {@code tryClaim} on a real Aeron
 * IPC publication (embedded media driver), encoding it in place and committing; publishTimeNs from the handler's
 * default {@link CalibratedEpochClock} ({@code clock=calibrated}) or from CLOCK_REALTIME read for each record
 * through {@code Instant.now()} ({@code clock=system}, Agrona's SystemEpochNanoClock). {@code bookUpdate12}: one BookUpdate of the 12 levels a synthetic packet changes; {@code trade}: one
 * Trade. The consumer skips what was published every 1,024 ops ({@link IpcStream#consume()}); {@link #check} fails
 * the run if a record was dropped.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class NormalizedEncodeBenchmark
{
    private static final int CONSUME_MASK = 1023;

    /** {@code calibrated} or {@code system}. */
    @Param({ "calibrated", "system" })
    public String clock;

    private final PacketInfo packet = new PacketInfo();
    private IpcStream stream;
    private MarketDataProxy proxy;
    private Instrument instrument;
    private BookChanges changes;
    private long ops;

    /**
     * Driver, publication, and a 12-level change set (built through the engine's package-private builders: the
     * engine is the only producer of these objects, so the benchmark reaches them by reflection).
     *
     * @throws ReflectiveOperationException if the engine's types changed.
     */
    @Setup(Level.Trial)
    public void setup() throws ReflectiveOperationException
    {
        stream = new IpcStream();
        proxy = new MarketDataProxy(stream.publication(),
            "system".equals(clock) ? SystemEpochNanoClock.INSTANCE : CalibratedEpochClock.calibrate());
        final Constructor<Instrument> constructor =
            Instrument.class.getDeclaredConstructor(int.class, int.class, int.class, int.class);
        constructor.setAccessible(true);
        instrument = constructor.newInstance(1, Dataset.SYNTHETIC_SECURITY_ID, 10, 2);
        changes = new BookChanges(BookChanges.MAX_CHANGES);
        final Method add = BookChanges.class.getDeclaredMethod("add", Instrument.class, Side.class, LevelType.class,
            BookAction.class, int.class, long.class, long.class, int.class);
        add.setAccessible(true);
        final BookAction[] actions = { BookAction.NEW, BookAction.DELETE, BookAction.NEW, BookAction.CHANGE,
            BookAction.CHANGE, BookAction.CHANGE };
        for (int i = 0; i < 12; i++)
        {
            final boolean bid = i < 6;
            add.invoke(changes, instrument, bid ? Side.BID : Side.ASK, LevelType.OUTRIGHT, actions[i % 6],
                1 + (i * 7) % 10, 4_500_000_000_000L + (bid ? -1 : 1) * (1 + i % 6) * 250_000_000L, 10L + i, 1 + i);
        }
        final Method rptSeq = BookChanges.class.getDeclaredMethod("rptSeq", long.class);
        rptSeq.setAccessible(true);
        rptSeq.invoke(changes, 12L);
    }

    /**
     * @return records published.
     */
    @Benchmark
    public long bookUpdate12()
    {
        consumeNow();
        proxy.onBookUpdate(instrument, changes, true, (short)0x84, packet);
        return proxy.recordSeq();
    }

    /**
     * @return records published.
     */
    @Benchmark
    public long trade()
    {
        consumeNow();
        proxy.onTrade(instrument, 4_500_000_000_000L, 3, 2, AggressorSide.BUY, 77, true, 13, packet);
        return proxy.recordSeq();
    }

    private void consumeNow()
    {
        if ((++ops & CONSUME_MASK) == 0)
        {
            stream.consume();
        }
    }

    /**
     * Fail if a record was dropped; free the driver.
     */
    @TearDown(Level.Trial)
    public void check()
    {
        try
        {
            System.out.println("published=" + proxy.published() + " dropped=" + proxy.dropped());
            if (proxy.dropped() != 0)
            {
                throw new IllegalStateException("records dropped: " + proxy.dropped() + " of " + proxy.recordSeq());
            }
        }
        finally
        {
            stream.close();
        }
    }
}
