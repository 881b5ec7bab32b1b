package io.xdpfeed.ingress;

import io.xdpfeed.xdp.XdpAttachMode;
import io.xdpfeed.xdp.XdpBindMode;
import io.xdpfeed.xdp.XdpPacketSource;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

/**
 * Receives sequenced datagrams through any transport, checks the sequence, and prints one result line: the receiver
 * of {@code scripts/bench-ingress} and of the integration tests. Datagrams with a sequence below
 * {@code --warmup-count} warm the JIT up and are counted apart (field {@code warmup}). The payload starts with a
 * little-endian u64 sequence number and, when at least 16 bytes long, the sender's CLOCK_MONOTONIC send time (so that
 * {@code receiveTimeNs - sendTime} is the one-way delay from the sender's syscall to the receive stamp).
 * <pre>
 * java ... io.xdpfeed.ingress.SequenceReceiver --interface xfh0 --subscribe 224.0.31.1:14310 \
 *     [--transport xdp|udp|auto] [--cpu 1] [--xdp-attach auto|native|skb] [--xdp-bind auto|zerocopy|copy] \
 *     [--ring-size 8192] [--frame-size 2048] [--realtime PRIORITY] [--count N] [--seconds S] [--idle-ms 1000] \
 *     [--warmup-count N]
 * </pre>
 * Prints {@code READY ...} once set up, then at the end (count reached, time up, idle after traffic, or SIGTERM)
 * {@code RECEIVED transport=.. received=.. first=.. last=.. missing=.. out_of_order=.. ...}. A setup failure prints
 * {@code ERROR <one line>} and exits with status 2.
 */
public final class SequenceReceiver implements DatagramHandler
{
    private static final int POLL_LIMIT = 64;
    private static final long WARMUP_PACKETS = 10_000;

    private final long warmupCount;
    private long warmupReceived;
    private long received;
    private long shortDatagrams;
    private long first = -1;
    private long last = -1;
    private long expected;
    private long missing;
    private long outOfOrder;
    private long firstMissing = -1;
    private long delaySumNs;
    private long delayCount;
    private long maxDelayNs;
    private long firstReceiveNs;
    private long lastReceiveNs;
    private long steadyAllocatedBytes = -1;
    private volatile boolean stopRequested;

    private SequenceReceiver(final long warmupCount)
    {
        this.warmupCount = warmupCount;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onDatagram(
        final int groupAddress,
        final int port,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs)
    {
        if (length < Long.BYTES)
        {
            shortDatagrams++;
            return;
        }
        final long sequence = buffer.getLong(offset, java.nio.ByteOrder.LITTLE_ENDIAN);
        if (sequence < warmupCount)
        {
            warmupReceived++;
            return;
        }
        if (0 == received++)
        {
            first = sequence;
            expected = sequence;
            firstReceiveNs = receiveTimeNs;
        }
        if (sequence == expected)
        {
            expected = sequence + 1;
        }
        else if (sequence > expected)
        {
            if (0 == missing)
            {
                firstMissing = expected;
            }
            missing += sequence - expected;
            expected = sequence + 1;
        }
        else
        {
            outOfOrder++;
        }
        last = Math.max(last, sequence);
        lastReceiveNs = receiveTimeNs;

        if (length >= 2 * Long.BYTES)
        {
            final long delayNs = receiveTimeNs - buffer.getLong(offset + Long.BYTES, java.nio.ByteOrder.LITTLE_ENDIAN);
            delaySumNs += delayNs;
            delayCount++;
            if (delayNs > maxDelayNs)
            {
                maxDelayNs = delayNs;
            }
        }
    }

    /**
     * Run the receiver.
     *
     * @param args see the class description.
     */
    public static void main(final String[] args)
    {
        final IngressContext context = new IngressContext();
        int cpu = ThreadAffinity.NO_CPU;
        int realtimePriority = 0;
        long count = Long.MAX_VALUE;
        long seconds = 3600;
        long idleMs = 1000;
        long warmupCount = 0;
        try
        {
            for (int i = 0; i < args.length; i += 2)
            {
                final String name = args[i];
                if (i + 1 >= args.length)
                {
                    throw new IngressException("missing value after " + name);
                }
                final String value = args[i + 1];
                switch (name)
                {
                    case "--transport" -> context.transport(Transport.parse(value));
                    case "--interface" -> context.interfaceName(value);
                    case "--subscribe" -> context.subscribe(Subscription.parse(value));
                    case "--queues" -> context.queues(IngressConfiguration.parseQueues(value));
                    case "--cpu" -> cpu = Integer.parseInt(value);
                    case "--realtime" -> realtimePriority = Integer.parseInt(value);
                    case "--xdp-attach" -> context.xdpAttachMode(XdpAttachMode.parse(value));
                    case "--xdp-bind" -> context.xdpBindMode(XdpBindMode.parse(value));
                    case "--ring-size" -> context.xdpRingSize(Integer.parseInt(value));
                    case "--frame-size" -> context.xdpFrameSize(Integer.parseInt(value));
                    case "--count" -> count = Long.parseLong(value);
                    case "--seconds" -> seconds = Long.parseLong(value);
                    case "--idle-ms" -> idleMs = Long.parseLong(value);
                    case "--warmup-count" -> warmupCount = Long.parseLong(value);
                    default -> throw new IngressException("unknown option " + name);
                }
            }
        }
        catch (final IngressException | NumberFormatException ex)
        {
            System.out.println("ERROR " + ex.getMessage());
            System.exit(2);
        }

        final PacketSource source;
        final boolean pinned;
        try
        {
            pinned = cpu != ThreadAffinity.NO_CPU;
            if (pinned)
            {
                ThreadAffinity.pinCurrentThread(cpu);
            }
            source = PacketSources.open(context);
            if (realtimePriority > 0)
            {
                ThreadAffinity.realtime(realtimePriority);
            }
        }
        catch (final IngressException ex)
        {
            System.out.println("ERROR " + ex.getMessage());
            System.out.flush();
            System.exit(2);
            return;
        }

        final SequenceReceiver receiver = new SequenceReceiver(warmupCount);
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread shutdownHook = new Thread(() ->
        {
            receiver.stopRequested = true;
            try
            {
                finished.await();
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        final String mode = source instanceof XdpPacketSource xdp ?
            " attach=" + xdp.program().mode() + " bind=" + (xdp.zeroCopy() ? "zerocopy" : "copy") +
            " prog_id=" + xdp.program().programId() : "";
        System.out.println("READY transport=" + source.transport() + mode + " pid=" + ProcessHandle.current().pid());
        System.out.flush();

        try
        {
            receiver.run(source, ThreadAffinity.idleStrategy(pinned), count, seconds * 1_000_000_000L,
                idleMs * 1_000_000L);
            final IngressStatistics statistics = new IngressStatistics();
            source.statistics(statistics);
            System.out.println(receiver.result(source.transport(), statistics));
            System.out.flush();
        }
        finally
        {
            source.close();
            finished.countDown();
        }
    }

    private void run(
        final PacketSource source,
        final IdleStrategy idleStrategy,
        final long count,
        final long maxDurationNs,
        final long idleTimeoutNs)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long start = System.nanoTime();
        final long deadline = start + maxDurationNs;
        long lastWorkNs = start;
        long allocatedAtWarmup = -1;
        while (received < count && !stopRequested)
        {
            final int work = source.poll(this, POLL_LIMIT);
            if (work > 0)
            {
                if (allocatedAtWarmup < 0 && received + warmupReceived >= WARMUP_PACKETS)
                {
                    allocatedAtWarmup = threads.getCurrentThreadAllocatedBytes();
                }
                lastWorkNs = 0;
            }
            else
            {
                final long now = System.nanoTime();
                if (0 == lastWorkNs)
                {
                    lastWorkNs = now;
                }
                if (now > deadline || (received + warmupReceived > 0 && now - lastWorkNs > idleTimeoutNs))
                {
                    break;
                }
            }
            idleStrategy.idle(work);
        }
        if (allocatedAtWarmup >= 0)
        {
            steadyAllocatedBytes = threads.getCurrentThreadAllocatedBytes() - allocatedAtWarmup;
        }
    }

    private String result(final String transport, final IngressStatistics statistics)
    {
        final long elapsedNs = lastReceiveNs - firstReceiveNs;
        final long pps = elapsedNs > 0 ? (long)((received - 1) * 1e9 / elapsedNs) : 0;
        return "RECEIVED transport=" + transport + " received=" + received + " first=" + first + " last=" + last +
            " missing=" + missing + " first_missing=" + firstMissing + " out_of_order=" + outOfOrder +
            " short=" + shortDatagrams + " warmup=" + warmupReceived +
            " elapsed_ns=" + elapsedNs + " pps=" + pps +
            " delay_avg_ns=" + (delayCount > 0 ? delaySumNs / delayCount : 0) + " delay_max_ns=" + maxDelayNs +
            " steady_alloc_bytes=" + steadyAllocatedBytes + " " + statistics;
    }
}
