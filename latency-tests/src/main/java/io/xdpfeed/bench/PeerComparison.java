package io.xdpfeed.bench;

import io.xdpfeed.cli.CommandLine;
import org.agrona.CloseHelper;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench-peer}: the peer-comparison figures without JMH, for one dataset and one stage per JVM (so
 * that no other path pollutes the JIT's profiles), or several stages interleaved in one JVM ({@code --stage
 * book,publish,timed}: their call sites then see several types, a few ns dearer, but each round measures every stage
 * under the same machine conditions, which is what their ratio {@code vs_<first stage>} needs). The same packets as {@link PeerComparisonBenchmark} through the same
 * {@link HandlerPath}; after a warm-up, rounds alternate the path and the {@link PacketTouch} baseline over the
 * same packets in this process, so each round gives a ratio measured under the same machine conditions. Prints one
 * line:
 * <pre>
 *   PEER dataset=synthetic stage=book copies=first jvm=own packets=4096 entries_per_packet=12.00 rounds=20
 *        ns_per_packet=... ns_per_entry=... best_ns_per_packet=... wall_ns_per_packet=...
 *        baseline_ns_per_packet=... ratio=... vs_book=1.000 bytes_per_packet=0.000
 * </pre>
 * ns figures are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID: time spent waiting for a CPU on a loaded machine
 * does not count; {@code wall_} is the wall clock), medians over the rounds ({@code best_} the fastest round); per
 * packet = the time of whole passes divided by their packets (the ChannelReset4 that closes each pass included), per
 * entry = per packet / entries per packet; ratio = path / baseline per round, median; {@code vs_<first stage>} =
 * this stage / the first stage per round, median; bytes per packet from the thread's allocated bytes over every
 * measured round.
 */
public final class PeerComparison
{
    private static Dataset load(final String name, final String usage)
    {
        try
        {
            return Dataset.load(name);
        }
        catch (final IllegalStateException ex)
        {
            if (List.of(Dataset.NAMES).contains(name))
            {
                System.err.println("PeerComparison: --dataset " + name + ": " + ex.getMessage());
                System.exit(CommandLine.EXIT_FAILURE);
            }
            System.exit(CommandLine.usageError(System.err, "PeerComparison", "--dataset " + name + ": not one of " +
                String.join(", ", Dataset.NAMES) + ", nor a capture: " + ex.getMessage(), usage));
            throw ex;
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private PeerComparison()
    {
    }

    /**
     * {@code PeerComparison --dataset NAME [--stage book|publish|timed[,...]] [--copies first|all] [--rounds N]
     * [--warmup-seconds S] [--round-ms MS]}.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        final String usage = "usage: PeerComparison --dataset " + String.join("|", Dataset.NAMES) + "|CAPTURE" +
            " [--stage book|publish|timed[,...]] [--copies first|all] [--rounds N] [--warmup-seconds S]" +
            " [--round-ms MS]";
        final PeerArguments arguments =
            PeerArguments.parseOrExit("PeerComparison", args, "synthetic", HandlerPath.STAGES, true, usage);
        final int rounds = arguments.rounds();

        final String[] stages = arguments.stages().toArray(new String[0]);
        final Dataset dataset = load(arguments.dataset(), usage);
        final boolean bothCopies = arguments.bothCopies();
        final PacketLoop baselineLoop = PacketLoop.of(dataset, bothCopies, 2_000);
        boolean publishes = false;
        for (final String name : stages)
        {
            publishes |= HandlerPath.publishes(name);
        }
        final IpcStream stream = publishes ? new IpcStream() : null;
        try
        {
            final int n = stages.length;
            final PacketLoop[] loops = new PacketLoop[n];
            final HandlerPath[] paths = new HandlerPath[n];
            for (int i = 0; i < n; i++)
            {
                loops[i] = PacketLoop.of(dataset, bothCopies, 2_000);
                paths[i] = new HandlerPath(dataset.lineMap(), stages[i], stream);
                paths[i].engine().start();
            }
            final PacketTouch touch = new PacketTouch();
            final int passDatagrams = baselineLoop.datagrams();

            // warm up on this thread's CPU time, not the wall clock: on a loaded machine the wall clock runs while
            // the thread waits for a CPU
            final long warmupEndCpuNs =
                THREADS.getCurrentThreadCpuTime() + n * arguments.warmupSeconds() * 1_000_000_000L;
            final int[] passesPerRound = new int[n];
            while (THREADS.getCurrentThreadCpuTime() - warmupEndCpuNs < 0)
            {
                for (int i = 0; i < n; i++)
                {
                    final long startCpuNs = THREADS.getCurrentThreadCpuTime();
                    run(loops[i], paths[i].handler(), stream, passDatagrams);
                    final long elapsedCpuNs = THREADS.getCurrentThreadCpuTime() - startCpuNs;
                    passesPerRound[i] = (int)Math.max(1, arguments.roundMs() * 1_000_000L / Math.max(1, elapsedCpuNs));
                }
                run(baselineLoop, touch, null, passDatagrams);
            }
            final int baselinePasses = Arrays.stream(passesPerRound).max().orElse(1);

            final double[][] cpuNs = new double[n][rounds];
            final double[][] wallNs = new double[n][rounds];
            final double[][] ratios = new double[n][rounds];
            final double[][] versusFirst = new double[n][rounds];
            final double[] baselineCpuNs = new double[rounds];
            final long[] allocated = new long[n];
            for (int round = 0; round < rounds; round++)
            {
                for (int i = 0; i < n; i++)
                {
                    final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                    final long startCpuNs = THREADS.getCurrentThreadCpuTime();
                    final long startNs = System.nanoTime();
                    for (int pass = 0; pass < passesPerRound[i]; pass++)
                    {
                        run(loops[i], paths[i].handler(), stream, passDatagrams);
                    }
                    final long elapsedNs = System.nanoTime() - startNs;
                    final long elapsedCpuNs = THREADS.getCurrentThreadCpuTime() - startCpuNs;
                    allocated[i] += THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                    final double packets = (double)passesPerRound[i] * loops[i].packets();
                    cpuNs[i][round] = elapsedCpuNs / packets;
                    wallNs[i][round] = elapsedNs / packets;
                }

                final long baselineStartCpuNs = THREADS.getCurrentThreadCpuTime();
                for (int pass = 0; pass < baselinePasses; pass++)
                {
                    run(baselineLoop, touch, null, passDatagrams);
                }
                baselineCpuNs[round] = (THREADS.getCurrentThreadCpuTime() - baselineStartCpuNs) /
                    ((double)baselinePasses * baselineLoop.packets());
                for (int i = 0; i < n; i++)
                {
                    ratios[i][round] = cpuNs[i][round] / baselineCpuNs[round];
                    versusFirst[i][round] = cpuNs[i][round] / cpuNs[0][round];
                }
            }

            final double entriesPerPacket = (double)baselineLoop.entries() / baselineLoop.packets();
            for (int i = 0; i < n; i++)
            {
                paths[i].checkSteady();
                final double perPacket = median(cpuNs[i]);
                final double bytesPerPacket = allocated[i] / ((double)rounds * passesPerRound[i] * loops[i].packets());
                System.out.println(String.format(Locale.ROOT,
                    "PEER dataset=%s stage=%s copies=%s jvm=%s packets=%d entries_per_packet=%.2f rounds=%d " +
                    "ns_per_packet=%.1f ns_per_entry=%.2f best_ns_per_packet=%.1f wall_ns_per_packet=%.1f " +
                    "baseline_ns_per_packet=%.1f ratio=%.2f vs_%s=%.3f bytes_per_packet=%.3f",
                    arguments.dataset(), stages[i], arguments.copies(), n == 1 ? "own" : "shared", loops[i].packets(),
                    entriesPerPacket, rounds, perPacket, perPacket / entriesPerPacket,
                    Arrays.stream(cpuNs[i]).min().orElse(0), median(wallNs[i]), median(baselineCpuNs),
                    median(ratios[i]), stages[0], median(versusFirst[i]), bytesPerPacket));
                System.out.println("# " + stages[i] + ": " + paths[i].counters());
            }
            System.out.println("# touch checksum " + touch.checksum());
        }
        finally
        {
            CloseHelper.close(stream);
        }
    }

    private static void run(
        final PacketLoop loop,
        final io.xdpfeed.ingress.DatagramHandler handler,
        final IpcStream stream,
        final int datagrams)
    {
        final long receiveTimeNs = System.nanoTime();
        for (int i = 0; i < datagrams; i++)
        {
            loop.deliver(handler, receiveTimeNs);
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

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
