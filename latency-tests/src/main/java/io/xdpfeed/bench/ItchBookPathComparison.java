package io.xdpfeed.bench;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.handler.itch.ItchBookBuilder;
import io.xdpfeed.handler.itch.ItchListener;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scripts/bench-itch}: ns per ITCH message of the book path ({@link ItchBookBuilder#onPacket}: MoldUDP64
 * framing, per-message sequencing, dispatch on the type byte, SBE flyweights, order table, MBP levels, listener
 * calls into a sink), in the style of {@link PeerComparison}: one JVM, a simulated session's line-A packets
 * ({@code exchange-sim --protocol itch}, dataset {@code itch-sim}) applied pass after pass from empty books; after a
 * warm-up, rounds of whole passes timed with the thread's CPU time (waiting for a CPU on a loaded machine does not
 * count) and the wall clock; medians over the rounds, the best round, bytes allocated by the thread per message over
 * every measured round. Prints one line:
 * <pre>
 *   ITCH dataset=itch-sim instruments=100 packets=... messages=... book_messages=... rounds=20
 *        ns_per_message=... best_ns_per_message=... wall_ns_per_message=... ns_per_packet=... bytes_per_message=...
 *        live_orders_at_end=... overflow_orders_at_end=...
 * </pre>
 * {@code book_messages} counts the messages that change an order (A, F, E, C, X, D, U); the others of the session
 * (P, S, R, H) are a few percent.
 */
public final class ItchBookPathComparison
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private ItchBookPathComparison()
    {
    }

    /**
     * {@code ItchBookPathComparison [--instruments N] [--packets N] [--seed S] [--rounds N] [--warmup-seconds S]
     * [--round-ms MS] [--depth D] [--max-orders N]}; the order table's capacity ({@code --max-orders}, default 65536,
     * its ring of reference slots four times that, see ItchOrders) sizes the order store: the default session keeps
     * about 44,000 orders live.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        int instruments = 100;
        long packets = 100_000;
        long seed = 1;
        int rounds = 20;
        long warmupSeconds = 5;
        long roundMs = 200;
        int depth = 10;
        int maxOrders = 1 << 16;
        try
        {
            final CommandLine line = new CommandLine(args);
            for (final String option : line)
            {
                switch (option)
                {
                    case "--instruments" -> instruments = line.intValue(option, 1, 1_000_000);
                    case "--packets" -> packets = line.longValue(option, 1, Integer.MAX_VALUE);
                    case "--seed" -> seed = line.longValue(option, Long.MIN_VALUE, Long.MAX_VALUE);
                    case "--rounds" -> rounds = line.intValue(option, 1, 1_000_000);
                    case "--warmup-seconds" -> warmupSeconds = line.longValue(option, 0, 3_600);
                    case "--round-ms" -> roundMs = line.longValue(option, 1, 3_600_000);
                    case "--depth" -> depth = line.intValue(option, 1, 1_000);
                    case "--max-orders" -> maxOrders = line.intValue(option, 1, 1 << 28);
                    default -> throw CommandLine.unknown(option);
                }
            }
        }
        catch (final UsageException ex)
        {
            System.exit(CommandLine.usageError(System.err, "ItchBookPathComparison", ex.getMessage(),
                "usage: ItchBookPathComparison [--instruments N] [--packets N] [--seed S] [--rounds N]" +
                " [--warmup-seconds S] [--round-ms MS] [--depth D] [--max-orders N]"));
            return;
        }

        final List<byte[]> datagrams = new ArrayList<>();
        final long[] bookMessages = new long[1];
        new ItchSession(new ItchSession.Settings(instruments, packets, seed, 0, 0, ItchSession.DEFAULT_START_EPOCH_NS,
            ItchSession.Settings.defaultChannel())).run((line, buffer, offset, length, timeNs) ->
        {
            if (line == SimLine.INCREMENTAL_A)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                datagrams.add(copy);
            }
        });
        final UnsafeBuffer[] buffers = datagrams.stream().map(UnsafeBuffer::new).toArray(UnsafeBuffer[]::new);
        final Sink sink = new Sink();
        final ItchBookBuilder builder = new ItchBookBuilder(sink, maxOrders, instruments + 1, depth);
        final long messagesPerPass = pass(builder, buffers);
        bookMessages[0] = sink.bookMessages;
        final int liveOrders = builder.orders().orderCount();
        final int overflowOrders = builder.orders().overflowOrders();

        // a full collection before measuring: the builder's arrays (allocated among the session's garbage and
        // copied between survivor spaces by the young collections) end up compacted in the old generation, in
        // allocation order, as in a long-running handler; without it their placement depends on the heap sizing and
        // swings the result by tens of ns per message
        System.gc();
        final long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < warmupEnd)
        {
            pass(builder, buffers);
        }

        final double[] nsPerMessage = new double[rounds];
        final double[] wallNsPerMessage = new double[rounds];
        long allocated = 0;
        long measuredMessages = 0;
        for (int round = 0; round < rounds; round++)
        {
            long cpuNs = 0;
            long wallNs = 0;
            long messages = 0;
            final long roundEnd = System.nanoTime() + roundMs * 1_000_000L;
            while (System.nanoTime() < roundEnd || messages == 0)
            {
                builder.reset();
                final long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
                final long cpuBefore = THREADS.getCurrentThreadCpuTime();
                final long wallBefore = System.nanoTime();
                for (final UnsafeBuffer buffer : buffers)
                {
                    builder.onPacket(buffer, 0, buffer.capacity());
                }
                wallNs += System.nanoTime() - wallBefore;
                cpuNs += THREADS.getCurrentThreadCpuTime() - cpuBefore;
                allocated += THREADS.getCurrentThreadAllocatedBytes() - bytesBefore;
                messages += messagesPerPass;
            }
            nsPerMessage[round] = (double)cpuNs / messages;
            wallNsPerMessage[round] = (double)wallNs / messages;
            measuredMessages += messages;
        }
        final double median = median(nsPerMessage);
        System.out.printf("ITCH dataset=itch-sim max_orders=%d instruments=%d packets=%d messages=%d " +
            "book_messages=%d rounds=%d " +
            "ns_per_message=%.1f best_ns_per_message=%.1f wall_ns_per_message=%.1f ns_per_packet=%.1f " +
            "bytes_per_message=%.3f live_orders_at_end=%d overflow_orders_at_end=%d refused_orders=%d sink=%d%n",
            maxOrders, instruments, buffers.length, messagesPerPass, bookMessages[0], rounds, median, min(nsPerMessage),
            median(wallNsPerMessage), median * messagesPerPass / buffers.length,
            (double)allocated / measuredMessages, liveOrders, overflowOrders,
            builder.count(ItchBookBuilder.Count.REFUSED_ORDERS), sink.total & 0xF);
    }

    private static long pass(final ItchBookBuilder builder, final UnsafeBuffer[] buffers)
    {
        builder.reset();
        for (final UnsafeBuffer buffer : buffers)
        {
            builder.onPacket(buffer, 0, buffer.capacity());
        }
        // the session's messages, sequence 1..n, each applied once (line A only: no duplicates)
        return builder.nextSequence() - 1;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] :
            (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double min(final double[] values)
    {
        double min = Double.MAX_VALUE;
        for (final double value : values)
        {
            min = Math.min(min, value);
        }
        return min;
    }

    /**
     * Reads what the builder tells, so that the JIT cannot drop the work; counts book-changing messages.
     */
    private static final class Sink implements ItchListener
    {
        long total;
        long bookMessages;

        @Override
        public void onLevel(
            final int locate, final boolean bid, final BookAction action, final int level, final long price,
            final long size, final int orderCount)
        {
            total += price + size + level;
        }

        @Override
        public void onBookUpdateEnd(final int locate, final long sequence, final long timestampNs)
        {
            bookMessages++;
        }

        @Override
        public void onTrade(
            final int locate, final long price, final long shares, final boolean restingBid, final long matchNumber,
            final long timestampNs)
        {
            total += price ^ shares;
        }
    }
}
