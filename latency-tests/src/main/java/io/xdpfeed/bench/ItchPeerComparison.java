package io.xdpfeed.bench;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.Configuration;
import io.xdpfeed.handler.itch.ItchProtocol;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.sim.itch.ItchConfigOut;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.config.SimLine;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * {@code scripts/bench-peer --datasets itch-synthetic,itch-sim}: the {@link PeerComparison} figures for Nasdaq ITCH
 * 5.0 over MoldUDP64 through the ONE engine ({@code FeedEngine} with {@link ItchProtocol}: line lookup, MoldUDP64
 * framing, the sequencer per message, the channel's book builder, the engine's MBP books; {@code publish} adds the
 * normalized records on Aeron IPC), one dataset and one stage per JVM:
 * <ul>
 *   <li>{@code itch-sim}: the simulated session of {@code scripts/bench-itch} ({@code exchange-sim --protocol itch},
 *       100 instruments, 100,000 order-flow packets, about 44,000 orders live at the end);</li>
 *   <li>{@code itch-synthetic}: one instrument, 20,000 packets of the same generator (one hot book, a small working
 *       set: what a per-instrument benchmark of an order book measures).</li>
 * </ul>
 * Each pass is a new MoldUDP64 session (its session id changed, one 2-byte store per datagram): the engine's
 * sequencer restarts at sequence number 1 and the protocol starts from empty books, as every pass of the CME
 * datasets starts after a ChannelReset4. Prints one line in {@link PeerComparison}'s format, an "entry" being an ITCH
 * message:
 * <pre>
 *   PEER dataset=itch-sim stage=book copies=first jvm=own packets=... entries_per_packet=2.00 rounds=20
 *        ns_per_packet=... ns_per_entry=... best_ns_per_packet=... wall_ns_per_packet=... baseline_ns_per_packet=...
 *        ratio=... vs_book=1.000 bytes_per_packet=...
 * </pre>
 */
public final class ItchPeerComparison
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int SESSION_SUFFIX_OFFSET = 8;

    private ItchPeerComparison()
    {
    }

    /**
     * {@code ItchPeerComparison --dataset itch-sim|itch-synthetic [--stage book|publish] [--copies first|all]
     * [--rounds N] [--warmup-seconds S] [--round-ms MS]}.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        final String usage = "usage: ItchPeerComparison --dataset itch-sim|itch-synthetic [--stage book|publish] " +
            "[--copies first|all] [--rounds N] [--warmup-seconds S] [--round-ms MS]";
        final PeerArguments arguments = PeerArguments.parseOrExit("ItchPeerComparison", args, "itch-sim",
            List.of("book", "publish"), false, usage);
        final String stage = arguments.stages().getFirst();
        final int rounds = arguments.rounds();
        final ItchSession.Settings settings = switch (arguments.dataset())
        {
            case "itch-sim" -> new ItchSession.Settings(100, 100_000, 1, 0, 0, ItchSession.DEFAULT_START_EPOCH_NS,
                ItchSession.Settings.defaultChannel());
            case "itch-synthetic" -> new ItchSession.Settings(1, 20_000, 42, 0, 0,
                ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel());
            default ->
            {
                System.exit(CommandLine.usageError(System.err, "ItchPeerComparison",
                    "--dataset " + arguments.dataset() + ": itch-sim or itch-synthetic", usage));
                throw new IllegalStateException();
            }
        };
        final boolean bothCopies = arguments.bothCopies();
        final List<UnsafeBuffer> buffers = new ArrayList<>();
        final List<int[]> endpoints = new ArrayList<>();
        final long[] messages = new long[1];
        new ItchSession(settings).run((line, buffer, offset, length, timeNs) ->
        {
            if (line == SimLine.INCREMENTAL_A || bothCopies)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                buffers.add(new UnsafeBuffer(copy));
                endpoints.add(new int[]{settings.channel().groupAddress(line), settings.channel().port(line)});
                final int count = buffer.getShort(offset + 18, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                if (line == SimLine.INCREMENTAL_A && count != 0xFFFF)
                {
                    messages[0] += count;
                }
            }
        });
        final LineMap lineMap = lineMap(ItchConfigOut.text(settings.channel()));
        final int datagrams = buffers.size();
        final int packets = (int)buffers.stream().filter(b -> (b.getShort(18, ByteOrder.BIG_ENDIAN) & 0xFFFF) != 0xFFFF)
            .count() / (bothCopies ? 2 : 1);
        final Datagrams loop = contiguous(buffers);
        final int[] groups = endpoints.stream().mapToInt(e -> e[0]).toArray();
        final int[] ports = endpoints.stream().mapToInt(e -> e[1]).toArray();

        final IpcStream stream = HandlerPath.publishes(stage) ? new IpcStream() : null;
        try
        {
            final HandlerPath path = new HandlerPath(ItchProtocol.INSTANCE, lineMap, stage, stream);
            final PacketTouch touch = new PacketTouch();
            final short[] session = {0};
            final long warmupEndCpuNs = THREADS.getCurrentThreadCpuTime() + arguments.warmupSeconds() * 1_000_000_000L;
            int passesPerRound = 1;
            while (THREADS.getCurrentThreadCpuTime() - warmupEndCpuNs < 0)
            {
                final long startCpuNs = THREADS.getCurrentThreadCpuTime();
                pass(loop, groups, ports, path.handler(), stream, ++session[0]);
                passesPerRound = (int)Math.max(1, arguments.roundMs() * 1_000_000L /
                    Math.max(1, THREADS.getCurrentThreadCpuTime() - startCpuNs));
                pass(loop, groups, ports, touch, null, session[0]);
            }

            final double[] cpuNs = new double[rounds];
            final double[] wallNs = new double[rounds];
            final double[] baselineNs = new double[rounds];
            final double[] ratios = new double[rounds];
            long allocated = 0;
            for (int round = 0; round < rounds; round++)
            {
                final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                final long startCpuNs = THREADS.getCurrentThreadCpuTime();
                final long startNs = System.nanoTime();
                for (int pass = 0; pass < passesPerRound; pass++)
                {
                    pass(loop, groups, ports, path.handler(), stream, ++session[0]);
                }
                final long elapsedNs = System.nanoTime() - startNs;
                final long elapsedCpuNs = THREADS.getCurrentThreadCpuTime() - startCpuNs;
                allocated += THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                cpuNs[round] = elapsedCpuNs / ((double)passesPerRound * packets);
                wallNs[round] = elapsedNs / ((double)passesPerRound * packets);
                final long baselineStartCpuNs = THREADS.getCurrentThreadCpuTime();
                for (int pass = 0; pass < passesPerRound; pass++)
                {
                    pass(loop, groups, ports, touch, null, session[0]);
                }
                baselineNs[round] = (THREADS.getCurrentThreadCpuTime() - baselineStartCpuNs) /
                    ((double)passesPerRound * packets);
                ratios[round] = cpuNs[round] / baselineNs[round];
            }
            path.checkSteady();
            final double messagesPerPacket = (double)messages[0] / packets;
            final double perPacket = median(cpuNs);
            System.out.println(String.format(Locale.ROOT,
                "PEER dataset=%s stage=%s copies=%s jvm=own packets=%d entries_per_packet=%.2f rounds=%d " +
                "ns_per_packet=%.1f ns_per_entry=%.2f best_ns_per_packet=%.1f wall_ns_per_packet=%.1f " +
                "baseline_ns_per_packet=%.1f ratio=%.2f vs_%s=%.3f bytes_per_packet=%.3f",
                arguments.dataset(), stage, arguments.copies(), packets, messagesPerPacket, rounds, perPacket,
                perPacket / messagesPerPacket, Arrays.stream(cpuNs).min().orElse(0), median(wallNs),
                median(baselineNs), median(ratios), stage, 1.0,
                allocated / ((double)rounds * passesPerRound * packets)));
            System.out.println("# " + stage + ": " + path.counters() + " datagrams/pass=" + datagrams +
                " messages/pass=" + messages[0] + " (an entry is an ITCH message)");
            System.out.println("# touch checksum " + touch.checksum());
        }
        finally
        {
            CloseHelper.close(stream);
        }
    }

    /**
     * The datagrams one after the other in one buffer, as a receive ring (the AF_XDP UMEM, a socket's receive buffer)
     * hands them out: one buffer object, an offset per datagram. Where the generator's copies land in the heap depends
     * on its allocations and the collections during the session run (a change in the simulator that allocated less
     * tripled the touch pass's cost), so the layout is made the same in every run.
     */
    private static Datagrams contiguous(final List<UnsafeBuffer> buffers)
    {
        int total = 0;
        for (final UnsafeBuffer buffer : buffers)
        {
            total += buffer.capacity();
        }
        final byte[] slab = new byte[total];
        final int[] offsets = new int[buffers.size()];
        final int[] lengths = new int[buffers.size()];
        int offset = 0;
        for (int i = 0; i < offsets.length; i++)
        {
            final UnsafeBuffer buffer = buffers.get(i);
            buffer.getBytes(0, slab, offset, buffer.capacity());
            offsets[i] = offset;
            lengths[i] = buffer.capacity();
            offset += buffer.capacity();
        }
        return new Datagrams(new UnsafeBuffer(slab), offsets, lengths);
    }

    /**
     * One pass of the session as MoldUDP64 session number {@code session}: the session id's last two characters are
     * rewritten, so the engine sees a new session (sequence numbers from 1, empty books).
     */
    private static void pass(
        final Datagrams loop,
        final int[] groups,
        final int[] ports,
        final DatagramHandler handler,
        final IpcStream stream,
        final short session)
    {
        final long receiveTimeNs = System.nanoTime();
        final UnsafeBuffer slab = loop.slab();
        final int[] offsets = loop.offsets();
        final int[] lengths = loop.lengths();
        for (int i = 0; i < offsets.length; i++)
        {
            final int offset = offsets[i];
            slab.putShort(offset + SESSION_SUFFIX_OFFSET, session);
            handler.onDatagram(groups[i], ports[i], slab, offset, lengths[i], receiveTimeNs);
            if (stream != null && (i & 1023) == 1023)
            {
                stream.consume();
            }
        }
        if (stream != null)
        {
            stream.consume();
        }
    }

    /**
     * A session's datagrams in one buffer.
     *
     * @param slab    every datagram, one after the other.
     * @param offsets of each datagram in the slab.
     * @param lengths of each datagram.
     */
    private record Datagrams(UnsafeBuffer slab, int[] offsets, int[] lengths)
    {
    }

    /**
     * @param properties the ITCH line keys, as {@code exchange-sim --protocol itch --config-out} writes them.
     * @return the handler's line map of them.
     */
    public static LineMap lineMap(final String properties)
    {
        final Properties loaded = new Properties();
        try
        {
            loaded.load(new StringReader(properties));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return Configuration.itchLines(loaded).lineMap();
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
