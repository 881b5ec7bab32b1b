package io.xdpfeed.bench;

import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.PacketSequencer;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.mdp3.Mdp3Framing;
import io.xdpfeed.handler.mdp3.Mdp3PacketAdapter;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the MDP 3.0 packet path per datagram, cycling through every UDP datagram of a real CME capture or of the
 * exchange simulator's lines A and B (copied into separate buffers, as an AF_XDP frame would hold them):
 * <ul>
 *   <li>{@code validate}: {@link Mdp3Framing#validate} only;</li>
 *   <li>{@code decode}: validate and decode, the listener reading every field of every entry;</li>
 *   <li>{@code pipeline}: line lookup, validate, A/B sequencing by the engine's {@link PacketSequencer} (one per
 *       channel of the config, default reorder window) and decode, per datagram received (half of them are the B
 *       copies, dropped as duplicates after validation); no books (see {@code EnginePathBenchmark}).</li>
 * </ul>
 * One op is one datagram. Run with {@code -prof gc} for B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class Mdp3DecodeBenchmark
{
    /**
     * Capture name under {@code data/cme-mdp3} or {@code feed-handler/src/test/resources/cme-mdp3}, or a
     * {@link Dataset} name: {@code sim} (the exchange simulator's incremental lines A and B), {@code synthetic}.
     */
    @Param({ "Cme.Mdp3.Sbe.v9.1.Example", "sim" })
    public String capture;

    private UnsafeBuffer[] buffers;
    private int[] groups;
    private int[] ports;
    private int index;
    private Line line;
    private EntryReadingListener listener;
    private Mdp3PacketAdapter adapter;
    private LineMap lineMap;
    private Mdp3PacketAdapter sequencedAdapter;
    private PacketSequencer[] sequencers;
    private SequencedPacketCounter sequenced;
    private long unsequenced;

    /**
     * Load the capture's datagrams and build the path.
     */
    @Setup
    public void setup()
    {
        final Dataset dataset = Dataset.load(capture);
        final List<Dataset.Datagram> datagrams = dataset.datagrams();
        buffers = new UnsafeBuffer[datagrams.size()];
        groups = new int[datagrams.size()];
        ports = new int[datagrams.size()];
        for (int i = 0; i < buffers.length; i++)
        {
            final Dataset.Datagram datagram = datagrams.get(i);
            buffers[i] = new UnsafeBuffer(datagram.payload().clone());
            groups[i] = datagram.groupAddress();
            ports[i] = datagram.port();
        }

        final LineMap unconfigured = LineMap.unconfigured(1);
        line = unconfigured.line(unconfigured.lineId(groups[0], ports[0]));
        listener = new EntryReadingListener();
        adapter = new Mdp3PacketAdapter(listener);

        lineMap = dataset.lineMap();
        sequencedAdapter = new Mdp3PacketAdapter(new EntryReadingListener());
        sequenced = new SequencedPacketCounter(sequencedAdapter);
        final ChannelOptions options = ChannelOptions.defaults();
        sequencers = new PacketSequencer[Math.max(1, lineMap.channelCount())];
        for (int channel = 0; channel < sequencers.length; channel++)
        {
            sequencers[channel] = new PacketSequencer(sequenced, options.reorderWindow(), options.slotLength(),
                options.gapWaitNs());
        }
    }

    /**
     * @return messages in the datagram.
     */
    @Benchmark
    public int validate()
    {
        final UnsafeBuffer buffer = next();
        return Mdp3Framing.validate(buffer, 0, buffer.capacity());
    }

    /**
     * @return messages decoded.
     */
    @Benchmark
    public int decode()
    {
        final UnsafeBuffer buffer = next();
        return adapter.onPacket(line, buffer, 0, buffer.capacity(), 0);
    }

    /**
     * @return packets accepted so far.
     */
    @Benchmark
    public long pipeline()
    {
        final int i = index;
        if (i == 0)
        {
            for (final PacketSequencer sequencer : sequencers)
            {
                sequencer.reset();
            }
        }
        final UnsafeBuffer buffer = next();
        final int lineId = lineMap.lineId(groups[i], ports[i]);
        if (lineId != LineMap.NO_LINE)
        {
            final int length = buffer.capacity();
            final int messageCount = sequencedAdapter.validate(buffer, 0, length);
            if (messageCount > 0)
            {
                final Line line = lineMap.line(lineId);
                if (line.isArbitrated())
                {
                    sequencers[line.channelIndex()].onPacket(line, buffer, 0, length, messageCount,
                        Mdp3Framing.msgSeqNum(buffer, 0), i);
                }
                else
                {
                    unsequenced++;
                    sequencedAdapter.decode(line, buffer, 0, length, i, messageCount);
                }
            }
        }
        return sequenced.delivered() + unsequenced;
    }

    private UnsafeBuffer next()
    {
        final int i = index;
        index = i + 1 == buffers.length ? 0 : i + 1;
        return buffers[i];
    }

    /**
     * Check that the work was done.
     */
    @TearDown
    public void check()
    {
        if (adapter.malformed() != 0 || sequencedAdapter.malformed() != 0)
        {
            throw new IllegalStateException("real packets reported malformed");
        }
    }
}
