package io.xdpfeed.bench;

import org.agrona.CloseHelper;
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

import java.util.concurrent.TimeUnit;

/**
 * The handler's critical path per datagram, as the feed handler assembles it ({@link HandlerPath}): line lookup,
 * framing validation, A/B sequencing, SBE decode, RptSeq checks, MBP books ({@code stage=book}), then every
 * normalized record sized, claimed with tryClaim, encoded and committed on a real Aeron IPC publication
 * ({@code stage=publish}), optionally with the three latency tiers recorded ({@code stage=timed}).
 * <p>
 * The packets come from a {@link PacketLoop} over a {@link Dataset}: the first copy of each packet by default
 * ({@code copies=first}), or every A and B copy as it arrived ({@code copies=all}, duplicates dropped by the
 * sequencer). One op = one datagram delivered (ChannelReset4s that close each pass included: 1 in 4,097 for the
 * generated datasets). {@link #check} fails the run if it left the steady path (gaps, recovery, drops).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class PathBenchmark
{
    private static final int CONSUME_MASK = 1023;

    /** One of {@link Dataset#NAMES}. */
    @Param({ "synthetic", "sim", "v9.1", "v8.1" })
    public String dataset;

    /** {@code book}, {@code publish} or {@code timed}. */
    @Param({ "book", "publish", "timed" })
    public String stage;

    /** {@code first} (one copy of each packet) or {@code all} (A and B as they arrived). */
    @Param({ "first" })
    public String copies;

    private PacketLoop loop;
    private HandlerPath path;
    private IpcStream stream;
    private long ops;
    private long receiveTimeNs;
    private final ThreadAllocation allocation = new ThreadAllocation();

    /**
     * Build the dataset's loop and the path.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        loop = PacketLoop.of(Dataset.load(dataset), "all".equals(copies), 2_000);
        stream = HandlerPath.publishes(stage) ? new IpcStream() : null;
        path = new HandlerPath(Dataset.load(dataset).lineMap(), stage, stream);
        path.engine().start();
        receiveTimeNs = System.nanoTime();
    }

    /**
     * @return datagrams delivered so far.
     */
    @Benchmark
    public long datagram()
    {
        final long n = ++ops;
        if ((n & CONSUME_MASK) == 0)
        {
            receiveTimeNs = System.nanoTime();
            if (stream != null)
            {
                stream.consume();
            }
        }
        loop.deliver(path.handler(), receiveTimeNs);
        return n;
    }

    /**
     * Start counting this thread's allocation for the iteration.
     */
    @Setup(Level.Iteration)
    public void iterationStart()
    {
        allocation.start(ops);
    }

    /**
     * Bytes this thread allocated in the iteration (JMH's gc.alloc.rate.norm sums every thread of the fork: the
     * media driver's, Aeron's and JMH's own).
     */
    @TearDown(Level.Iteration)
    public void iterationEnd()
    {
        allocation.end(ops);
    }

    /**
     * Fail the run if it left the steady path; free the driver.
     */
    @TearDown(Level.Trial)
    public void check()
    {
        try
        {
            path.checkSteady();
            System.out.println(dataset + " " + stage + " " + copies + ": " + loop.packets() + " packets, " +
                loop.datagrams() + " datagrams, " + loop.entries() + " entries per pass, " + loop.passes() +
                " passes; " + path.counters() + "; " + allocation);
        }
        finally
        {
            CloseHelper.close(stream);
        }
    }
}
