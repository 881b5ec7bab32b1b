package io.xdpfeed.bench;

import org.agrona.CloseHelper;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code scripts/bench-peer}: the peer-comparison figures without JMH, for one dataset and stage per JVM (so that
 * no other path pollutes the JIT's profiles). The same packets as {@link PeerComparisonBenchmark} through the same
 * {@link HandlerPath}; after a warm-up, rounds alternate the path and the {@link PacketTouch} baseline over the
 * same packets in this process, so each round gives a ratio measured under the same machine conditions. Prints one
 * line:
 * <pre>
 *   PEER dataset=synthetic stage=book copies=first packets=4096 entries_per_packet=12.00 rounds=20
 *        ns_per_packet=... ns_per_entry=... best_ns_per_packet=... wall_ns_per_packet=...
 *        baseline_ns_per_packet=... ratio=... bytes_per_packet=0.000
 * </pre>
 * ns figures are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID: time spent waiting for a CPU on a loaded machine
 * does not count; {@code wall_} is the wall clock), medians over the rounds ({@code best_} the fastest round); per
 * packet = the time of whole passes divided by their packets (the ChannelReset4 that closes each pass included), per
 * entry = per packet / entries per packet; ratio = path / baseline per round, median; bytes per packet from the
 * thread's allocated bytes over every measured round.
 */
public final class PeerComparison
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private PeerComparison()
    {
    }

    /**
     * {@code PeerComparison --dataset NAME [--stage book|publish|timed] [--copies first|all] [--rounds N]
     * [--warmup-seconds S] [--round-ms MS]}.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        String datasetName = "synthetic";
        String stage = "book";
        String copies = "first";
        int rounds = 20;
        long warmupSeconds = 5;
        long roundMs = 200;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--dataset" -> datasetName = args[++i];
                case "--stage" -> stage = args[++i];
                case "--copies" -> copies = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Long.parseLong(args[++i]);
                case "--round-ms" -> roundMs = Long.parseLong(args[++i]);
                default ->
                {
                    System.err.println("usage: PeerComparison --dataset " + String.join("|", Dataset.NAMES) +
                        " [--stage book|publish|timed] [--copies first|all] [--rounds N] [--warmup-seconds S]" +
                        " [--round-ms MS]");
                    System.exit(2);
                }
            }
        }

        final Dataset dataset = Dataset.load(datasetName);
        final PacketLoop loop = PacketLoop.of(dataset, "all".equals(copies), 2_000);
        final PacketLoop baselineLoop = PacketLoop.of(dataset, "all".equals(copies), 2_000);
        final IpcStream stream = HandlerPath.publishes(stage) ? new IpcStream() : null;
        try
        {
            final HandlerPath path = new HandlerPath(dataset.lineMap(), stage, stream);
            path.engine().start();
            final PacketTouch touch = new PacketTouch();
            final int passDatagrams = loop.datagrams();

            // warm up on this thread's CPU time, not the wall clock: on a loaded machine the wall clock runs while
            // the thread waits for a CPU
            final long warmupEndCpuNs = THREADS.getCurrentThreadCpuTime() + warmupSeconds * 1_000_000_000L;
            int passesPerRound = 1;
            while (THREADS.getCurrentThreadCpuTime() - warmupEndCpuNs < 0)
            {
                final long startCpuNs = THREADS.getCurrentThreadCpuTime();
                run(loop, path, stream, passDatagrams);
                final long elapsedCpuNs = THREADS.getCurrentThreadCpuTime() - startCpuNs;
                run(baselineLoop, touch, null, passDatagrams);
                passesPerRound = (int)Math.max(1, roundMs * 1_000_000L / Math.max(1, elapsedCpuNs));
            }

            final double[] pathNs = new double[rounds];
            final double[] pathCpuNs = new double[rounds];
            final double[] baselineCpuNs = new double[rounds];
            final double[] ratios = new double[rounds];
            long allocated = 0;
            for (int round = 0; round < rounds; round++)
            {
                final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                final long startCpuNs = THREADS.getCurrentThreadCpuTime();
                final long startNs = System.nanoTime();
                for (int pass = 0; pass < passesPerRound; pass++)
                {
                    run(loop, path, stream, passDatagrams);
                }
                final long pathElapsedNs = System.nanoTime() - startNs;
                final long pathCpuElapsedNs = THREADS.getCurrentThreadCpuTime() - startCpuNs;
                allocated += THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;

                final long baselineStartCpuNs = THREADS.getCurrentThreadCpuTime();
                for (int pass = 0; pass < passesPerRound; pass++)
                {
                    run(baselineLoop, touch, null, passDatagrams);
                }
                final long baselineCpuElapsedNs = THREADS.getCurrentThreadCpuTime() - baselineStartCpuNs;

                final double packets = (double)passesPerRound * loop.packets();
                pathNs[round] = pathElapsedNs / packets;
                pathCpuNs[round] = pathCpuElapsedNs / packets;
                baselineCpuNs[round] = baselineCpuElapsedNs / packets;
                ratios[round] = pathCpuNs[round] / baselineCpuNs[round];
            }
            path.checkSteady();

            final double entriesPerPacket = (double)loop.entries() / loop.packets();
            final double perPacket = median(pathCpuNs);
            final double bytesPerPacket = allocated / ((double)rounds * passesPerRound * loop.packets());
            System.out.println(String.format(Locale.ROOT,
                "PEER dataset=%s stage=%s copies=%s packets=%d entries_per_packet=%.2f rounds=%d ns_per_packet=%.1f " +
                "ns_per_entry=%.2f best_ns_per_packet=%.1f wall_ns_per_packet=%.1f baseline_ns_per_packet=%.1f " +
                "ratio=%.2f bytes_per_packet=%.3f",
                datasetName, stage, copies, loop.packets(), entriesPerPacket, rounds, perPacket,
                perPacket / entriesPerPacket, Arrays.stream(pathCpuNs).min().orElse(0), median(pathNs),
                median(baselineCpuNs), median(ratios), bytesPerPacket));
            System.out.println("# " + path.counters() + ", touch checksum " + touch.checksum());
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

    private static void run(final PacketLoop loop, final HandlerPath path, final IpcStream stream, final int datagrams)
    {
        run(loop, path.handler(), stream, datagrams);
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
