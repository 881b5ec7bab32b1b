package io.xdpfeed.bench;

import io.xdpfeed.handler.channel.PacketSequencer;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
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

import java.util.concurrent.TimeUnit;

/**
 * A/B arbitration of one packet arriving on both lines: the A copy is delivered, the B copy dropped as a duplicate.
 * One op = one packet (two copies). {@code sequencer} is the engine's {@link PacketSequencer} (reorder window, gap
 * wait), the only arbiter: live and replay run the same one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class ArbitrationBenchmark
{
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[400]);
    private PacketSequencer sequencer;
    private Line lineA;
    private Line lineB;
    private final SequencedPacketCounter counter = new SequencedPacketCounter(null);
    private long seqNum;

    /**
     * Lines A and B of the synthetic channel.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        final LineMap lineMap = Dataset.load("synthetic").lineMap();
        lineA = lineMap.line(lineMap.lineId(LineMap.parseAddress("239.77.9.1"), 19001));
        lineB = lineMap.line(lineMap.lineId(LineMap.parseAddress("239.77.9.2"), 19002));
        sequencer = new PacketSequencer(counter, 64, 1472, 2_000_000);
    }

    /**
     * @return the sequencer's verdict on the B copy.
     */
    @Benchmark
    public PacketSequencer.Outcome sequencer()
    {
        final long seq = ++seqNum;
        final long nowNs = seq << 6;
        sequencer.onPacket(lineA, packet, 0, packet.capacity(), 1, seq, nowNs);
        return sequencer.onPacket(lineB, packet, 0, packet.capacity(), 1, seq, nowNs + 20);
    }

    /**
     * Check that every packet was delivered once and none declared lost.
     */
    @TearDown(Level.Trial)
    public void check()
    {
        if (counter.losses() != 0 || counter.delivered() != seqNum)
        {
            throw new IllegalStateException("sequencer delivered " + counter.delivered() + " of " + seqNum +
                " packets, " + counter.losses() + " losses");
        }
    }
}
