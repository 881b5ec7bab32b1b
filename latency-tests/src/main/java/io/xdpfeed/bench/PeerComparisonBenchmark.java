package io.xdpfeed.bench;

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
 * The peer-comparison measurement: the same MDP 3.0 packets other handlers are measured with, pushed in-process
 * through our decode + book path (line lookup, framing, sequencing, SBE decode, RptSeq, MBP book; no publication),
 * one op per packet. {@code synthetic} is the reference packet (one instrument, 12 MBP entries of template 46); the
 * real captures give the packets of a real feed. ns per entry = ns/op x datagrams / entries per pass, as
 * {@code scripts/bench-peer} prints it. Also a baseline in the same state: {@link #touch} reads every byte of the
 * packet (what any handler must at least do), so that ratios survive a noisy machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class PeerComparisonBenchmark
{
    /** One of {@link Dataset#NAMES}. */
    @Param({ "synthetic", "v9.1", "v8.1" })
    public String dataset;

    private PacketLoop loop;
    private HandlerPath path;
    private PacketTouch touch;

    /**
     * Build the dataset's loop and the decode + book path.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        final Dataset data = Dataset.load(dataset);
        loop = PacketLoop.of(data, false, 2_000);
        path = new HandlerPath(data.lineMap(), "book", null);
        path.engine().start();
        touch = new PacketTouch();
    }

    /**
     * @return packets decoded so far.
     */
    @Benchmark
    public long decodeAndBook()
    {
        loop.deliver(path.handler(), 0);
        return path.engine().packets();
    }

    /**
     * @return the checksum of every byte read.
     */
    @Benchmark
    public long touch()
    {
        loop.deliver(touch, 0);
        return touch.checksum();
    }

    /**
     * Fail the run if it left the steady path.
     */
    @TearDown(Level.Trial)
    public void check()
    {
        if (path.engine().packets() > 0)
        {
            path.checkSteady();
        }
        System.out.println(dataset + ": " + loop.packets() + " packets, " + loop.datagrams() + " datagrams, " +
            loop.entries() + " entries per pass; " + path.counters());
    }
}
