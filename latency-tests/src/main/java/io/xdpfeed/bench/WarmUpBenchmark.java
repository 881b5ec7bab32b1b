package io.xdpfeed.bench;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.Configuration;
import io.xdpfeed.handler.engine.WarmUp;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.handler.stats.CalibratedEpochClock;
import io.xdpfeed.handler.stats.HandlerLatencyTier;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchConfigOut;
import io.xdpfeed.sim.itch.ItchSession;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Cold start of the decode tier: in a fresh JVM, optionally after the {@link WarmUp}, the whole hot path with the
 * latency tiers on ({@link HandlerPath} {@code timed}: the handler's own {@code PacketTimer}, so the decode tier is
 * exactly the one the handler reports: receive stamp to packet applied) is driven with the peer-comparison packets
 * ({@link Dataset#syntheticPayloads}: one instrument, 12 MBP entries, each packet on line A then line B, stamped with
 * System.nanoTime just before the engine gets it, as a live source stamps it) back to back. The decode tier of the
 * first {@code --first} packets is compared with that of the last {@code --steady} packets (steady state):
 * <pre>
 *   WARMUP mode=on first_p50_ns=.. first_p99_ns=.. first_max_ns=.. steady_p50_ns=.. steady_p99_ns=..
 *          steady_max_ns=.. p99_ratio=.. warmup_ms=.. warmup_packets=.. packets=.. jvm_ms=..
 * </pre>
 * {@code --mode} is a label (off, on, aot, aot-on); the warm-up runs when {@code --warmup-packets} is above 0. The AOT
 * cache, if any, comes from the JVM's own options ({@code scripts/bench-warmup}). {@code --protocol itch} drives a
 * simulated ITCH session's packets ({@code exchange-sim --protocol itch}, 10 instruments) through the ITCH engine
 * instead, after the warm-up's synthetic ITCH.
 */
public final class WarmUpBenchmark
{
    private static final int CONSUME_EVERY = 256;

    private WarmUpBenchmark()
    {
    }

    /**
     * @param args {@code --mode NAME --warmup-packets N --packets N --first N --steady N}.
     */
    public static void main(final String[] args)
    {
        String mode = "off";
        String protocol = Protocols.MDP3;
        int warmUpPackets = 0;
        int packets = 100_000;
        int first = 10_000;
        int steady = 20_000;
        try
        {
            final CommandLine line = new CommandLine(args);
            for (final String option : line)
            {
                switch (option)
                {
                    case "--mode" -> mode = line.value(option);
                    case "--protocol" -> protocol = line.value(option);
                    case "--warmup-packets" -> warmUpPackets = line.intValue(option, 0, 10_000_000);
                    case "--packets" -> packets = line.intValue(option, 2, 10_000_000);
                    case "--first" -> first = line.intValue(option, 1, 10_000_000);
                    case "--steady" -> steady = line.intValue(option, 1, 10_000_000);
                    default -> throw CommandLine.unknown(option);
                }
            }
            if (!Protocols.NAMES.contains(protocol))
            {
                throw new UsageException("--protocol " + protocol + ": one of " + Protocols.NAMES);
            }
            if (first + steady > packets)
            {
                throw new UsageException("--first + --steady must not exceed --packets");
            }
        }
        catch (final UsageException ex)
        {
            System.exit(CommandLine.usageError(System.err, "WarmUpBenchmark", ex.getMessage(),
                "usage: WarmUpBenchmark [--mode off|on|aot|aot-on] [--protocol mdp3|itch] " +
                "[--warmup-packets N (default " +
                Configuration.WARMUP_PACKETS_DEFAULT + " in the handler)] [--packets N] [--first N] [--steady N]"));
            return;
        }
        run(mode, protocol, warmUpPackets, packets, first, steady);
    }

    private static void run(final String mode, final String protocol, final int warmUpPackets, final int packets,
        final int first, final int steady)
    {
        final boolean itch = Protocols.ITCH.equals(protocol);
        final ChannelConfig channel = ItchSession.Settings.defaultChannel();
        final LineMap lineMap = itch ? ItchPeerComparison.lineMap(ItchConfigOut.text(channel)) :
            Dataset.load("synthetic").lineMap();
        final List<byte[]> payloads = itch ? itchPayloads(packets) : Dataset.syntheticPayloads(packets);
        final int a = itch ? channel.groupAddress(SimLine.INCREMENTAL_A) : LineMap.parseAddress("239.77.9.1");
        final int b = itch ? channel.groupAddress(SimLine.INCREMENTAL_B) : LineMap.parseAddress("239.77.9.2");
        final int portA = itch ? channel.port(SimLine.INCREMENTAL_A) : 19001;
        final int portB = itch ? channel.port(SimLine.INCREMENTAL_B) : 19002;
        final UnsafeBuffer[] buffers = new UnsafeBuffer[packets];
        for (int i = 0; i < packets; i++)
        {
            buffers[i] = new UnsafeBuffer(payloads.get(i));
        }
        try (IpcStream stream = new IpcStream())
        {
            WarmUp.Result warmUp = new WarmUp.Result(0, 0, 0, 0, 0);
            if (warmUpPackets > 0)
            {
                final CalibratedEpochClock clock = CalibratedEpochClock.calibrate();
                warmUp = WarmUp.run(stream.aeron(), protocol, lineMap,
                    ChannelOptions.defaults().withReceiveTimeOffsetNs(clock.offsetNs()), Feed.A, id -> true,
                    id -> false, clock, true, warmUpPackets);
            }
            final long jvmMs = ManagementFactory.getRuntimeMXBean().getUptime();
            final HandlerPath path = new HandlerPath(Protocols.forName(protocol), lineMap, "timed", stream);
            path.engine().start();
            final DatagramHandler handler = path.handler();
            final long[] firstStats = new long[3];
            final long[] steadyStats = new long[3];
            final int steadyStart = packets - steady;
            for (int i = 0; i < packets; i++)
            {
                if (i == first)
                {
                    take(path, firstStats);
                }
                else if (i == steadyStart)
                {
                    take(path, null);
                }
                final UnsafeBuffer buffer = buffers[i];
                handler.onDatagram(a, portA, buffer, 0, buffer.capacity(), System.nanoTime());
                handler.onDatagram(b, portB, buffer, 0, buffer.capacity(), System.nanoTime());
                if (i % CONSUME_EVERY == CONSUME_EVERY - 1)
                {
                    stream.consume();
                }
            }
            take(path, steadyStats);
            path.checkSteady();
            System.out.println("# " + path.counters() + (warmUpPackets > 0 ? "; " + warmUp.describe() : ""));
            System.out.printf("WARMUP mode=%s protocol=%s first_p50_ns=%d first_p99_ns=%d first_max_ns=%d " +
                "steady_p50_ns=%d steady_p99_ns=%d steady_max_ns=%d p99_ratio=%.2f warmup_ms=%d warmup_packets=%d " +
                "packets=%d jvm_ms=%d%n", mode, protocol, firstStats[0], firstStats[1], firstStats[2], steadyStats[0],
                steadyStats[1], steadyStats[2], (double)firstStats[1] / steadyStats[1], warmUp.elapsedNs() / 1_000_000,
                warmUpPackets, packets, jvmMs);
        }
    }

    /**
     * @param packets datagrams wanted.
     * @return the first of them of a simulated ITCH session's line A ({@code exchange-sim --protocol itch}, 10
     * instruments, seed 1): real order flow, not the warm-up's synthetic packets.
     */
    private static List<byte[]> itchPayloads(final int packets)
    {
        final List<byte[]> payloads = new ArrayList<>();
        new ItchSession(new ItchSession.Settings(10, packets, 1, 0, 0, ItchSession.DEFAULT_START_EPOCH_NS,
            ItchSession.Settings.defaultChannel())).run((line, buffer, offset, length, timeNs) ->
            {
                if (line == SimLine.INCREMENTAL_A && payloads.size() < packets)
                {
                    final byte[] payload = new byte[length];
                    buffer.getBytes(offset, payload);
                    payloads.add(payload);
                }
            });
        return payloads;
    }

    /**
     * Take the decode tier's interval since the previous take: p50, p99, max into {@code into} (null: discard).
     */
    private static void take(final HandlerPath path, final long[] into)
    {
        final Histogram histogram = path.latency().intervalHistogram(HandlerLatencyTier.DECODE);
        if (into != null)
        {
            into[0] = histogram.getValueAtPercentile(50);
            into[1] = histogram.getValueAtPercentile(99);
            into[2] = histogram.getMaxValue();
        }
    }
}
