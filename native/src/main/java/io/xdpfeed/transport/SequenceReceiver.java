package io.xdpfeed.transport;

import io.xdpfeed.ingress.Arbitration;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.IngressConfiguration;
import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.IngressStatistics;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.ThreadAffinity;
import io.xdpfeed.ingress.Transport;
import io.xdpfeed.ingress.UdpPacketSource;
import io.xdpfeed.ingress.XdpAttachMode;
import io.xdpfeed.ingress.XdpBindMode;
import io.xdpfeed.xdp.XdpPacketSource;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.IdleStrategy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

/**
 * Receives sequenced datagrams through any transport, checks the sequence, and prints one result line: the receiver
 * of {@code scripts/bench-ingress} and of the integration tests. Sequences start at 0; those below
 * {@code --warmup-count} warm the JIT up and are counted apart (field {@code warmup}). The payload starts with a
 * little-endian u64 sequence number and, when at least 16 bytes long, the sender's CLOCK_MONOTONIC send time (so that
 * {@code receiveTimeNs - sendTime} is the one-way delay from the sender's syscall to the receive stamp).
 * <pre>
 * java ... io.xdpfeed.transport.SequenceReceiver --interface xfh0 --subscribe 224.0.31.1:14310 \
 *     [--transport xdp|udp|auto] [--cpu 1] [--xdp-attach auto|native|skb] [--xdp-bind auto|zerocopy|copy] \
 *     [--ring-size 8192] [--frame-size 2048] [--realtime PRIORITY] [--nice N] [--count N] [--seconds S] \
 *     [--idle-ms 1000] [--warmup-count N] [--mdp3 true] [--arbitration kernel|user] [--check-stamps true]
 * </pre>
 * With {@code --mdp3 true} the payload is an MDP 3.0 packet header ({@code xdpfeed-sender --mdp3 1}): u32 MsgSeqNum
 * and u64 SendingTime. With {@code --arbitration} every subscription is one copy (line A, B) of the same sequence:
 * the first copy of each sequence counts, a later one is a duplicate dropped here (user space arbitration), and with
 * {@code kernel} the XDP program drops it before the ring (docs/arbitration.md). The result then also has
 * {@code datagrams} (datagrams delivered to this thread, copies included), {@code duplicates} (dropped here) and
 * {@code kernel_duplicates} (dropped by the program), all of the measured phase.
 * With {@code --check-stamps true} each datagram's receive stamp is compared with the clock read when the datagram is
 * first touched (one more clock read per datagram, so off by default): {@code stamp_after_touch} counts the stamps
 * later than the touch, which a kernel stamp never is; the UDP source's datagrams without a kernel stamp are
 * {@code unstamped}.
 * {@code busy_ns_per_datagram} is the time spent in polls that delivered datagrams, after the warm-up, divided by the
 * datagrams: the receive path's cost, the inverse of the rate one core could sustain.
 * <p>
 * Prints {@code READY ...} once set up, then at the end (count reached, time up, idle after traffic, or SIGTERM)
 * {@code RECEIVED transport=.. received=.. first=.. last=.. missing=.. out_of_order=.. ...}. A setup failure prints
 * {@code ERROR <one line>} and exits with status 2.
 */
public final class SequenceReceiver implements DatagramHandler
{
    private static final int POLL_LIMIT = 64;
    private static final long WARMUP_PACKETS = 10_000;

    // Counted without a branch on the phase (warm-up, measured), so that the JIT's profile of the warm-up holds when
    // measuring starts: a never-taken branch taken then would deoptimise mid-measurement. A datagram's phase selects
    // the values added (0 in the warm-up), not the counters: fields at fixed offsets, as the C receiver keeps its
    // counters in one struct, with no index to check. The warm-up keeps only its count (printed: warmup=).
    private final long warmupCount;
    private final boolean checkStamps;
    private long received;
    private long warmupReceived;
    private long missing;
    private long outOfOrder;
    private long duplicates;
    private long firstSequence = Long.MAX_VALUE;
    private long lastSequence = -1;
    private long firstReceiveNs = Long.MAX_VALUE;
    private long lastReceiveNs = Long.MIN_VALUE;
    private long delaySumNs;
    private long delayCount;
    private long maxDelayNs;
    private long busyNs;
    private final boolean mdp3;
    private final boolean copies;
    private long kernelDuplicatesAtWarmup = -1;
    private long lastMeasured;
    private long expected;
    private long firstMissing = -1;
    private long shortDatagrams;
    private long stampAfterTouch;
    private long steadyAllocatedBytes = -1;
    private volatile boolean stopRequested;

    private SequenceReceiver(final long warmupCount, final boolean mdp3, final boolean copies,
        final boolean checkStamps)
    {
        this.warmupCount = warmupCount;
        this.mdp3 = mdp3;
        this.copies = copies;
        this.checkStamps = checkStamps;
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
        if (checkStamps)
        {
            checkStamp(receiveTimeNs);
        }
        if (length < Long.BYTES)
        {
            shortDatagrams++;
            return;
        }
        // the payload's bytes are read directly, as the C receiver reads them: the length checks keep each read
        // inside the datagram, which the source delivered inside the buffer (Agrona's accessors would check the
        // buffer's bounds again on every read unless the JVM runs with agrona.disable.bounds.checks)
        final Object base = buffer.byteArray();
        final long payload = buffer.addressOffset() + offset;
        if (null == base)
        {
            onPayload(null, payload, length, receiveTimeNs);
        }
        else
        {
            onPayload(base, payload, length, receiveTimeNs);
        }
    }

    /**
     * The payload at {@code base} and {@code payload} (a native address when {@code base} is null). Called with a
     * base known to be null or not: an Unsafe read whose base may be either is compiled with barriers on both
     * sides that keep every field around it in memory (C2's alias analysis cannot place it).
     */
    private void onPayload(final Object base, final long payload, final int length, final long receiveTimeNs)
    {
        final long sequence = mdp3 ? UnsafeApi.getInt(base, payload) & 0xFFFF_FFFFL : UnsafeApi.getLong(base, payload);
        // 1 from the first measured sequence on, 0 in the warm-up. It selects values, not counters: the counters'
        // addresses stay fixed, so that their loads and stores need not wait for the payload's sequence
        final long measured = (warmupCount - 1 - sequence) >>> 63;
        lastMeasured = measured;
        if (sequence != expected)
        {
            if (copies && sequence < expected)
            {
                // the other line's copy came first: the arbitration a feed handler does, first copy wins
                duplicates += measured;
                return;
            }
            outOfLine(sequence, measured);
        }
        received += measured;
        warmupReceived += 1 - measured;
        expected = Math.max(expected, sequence + 1);
        range(measured, sequence, receiveTimeNs);
        if (length >= 2 * Long.BYTES)
        {
            delay(measured, receiveTimeNs - UnsafeApi.getLong(base, payload + (mdp3 ? Integer.BYTES : Long.BYTES)));
        }
    }

    /**
     * The measured phase's first and last sequence and receive time. A warm-up datagram offers each minimum
     * Long.MAX_VALUE and each maximum -1 instead of its own values (sequences and receive times are not negative),
     * so that only the measured ones count. Apart from {@link #onDatagram} so that each stays under the JIT's size
     * limit for inlining a hot method (325 bytecodes), and all of it is inlined into the receive loop.
     */
    private void range(final long measured, final long sequence, final long receiveTimeNs)
    {
        final long warmupMask = measured - 1;
        final long minimumMask = warmupMask >>> 1;
        firstSequence = Math.min(firstSequence, sequence | minimumMask);
        lastSequence = Math.max(lastSequence, sequence | warmupMask);
        firstReceiveNs = Math.min(firstReceiveNs, receiveTimeNs | minimumMask);
        lastReceiveNs = Math.max(lastReceiveNs, receiveTimeNs | warmupMask);
    }

    /**
     * The measured phase's one-way delays; a warm-up datagram adds 0 (and the maximum starts at 0).
     */
    private void delay(final long measured, final long delayNs)
    {
        final long measuredDelayNs = delayNs & -measured;
        delaySumNs += measuredDelayNs;
        delayCount += measured;
        maxDelayNs = Math.max(maxDelayNs, measuredDelayNs);
    }

    private void checkStamp(final long receiveTimeNs)
    {
        if (receiveTimeNs > System.nanoTime())
        {
            stampAfterTouch++;
        }
    }

    /**
     * A sequence other than the next: a gap or a late one. Apart from {@link #onDatagram} so that the common case
     * stays small enough for the JIT to inline it into the receive loop, as the C receiver's compiler does.
     */
    private void outOfLine(final long sequence, final long measured)
    {
        if (sequence > expected)
        {
            // the missing sequences below warmupCount were warm-up datagrams
            final long measuredMissing = Math.max(0, sequence - Math.max(expected, warmupCount));
            if (measuredMissing > 0 && firstMissing < 0)
            {
                firstMissing = Math.max(expected, warmupCount);
            }
            missing += measuredMissing;
        }
        else
        {
            outOfOrder += measured;
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
        int nice = 0;
        long count = Long.MAX_VALUE;
        long seconds = 3600;
        long idleMs = 1000;
        long warmupCount = 0;
        boolean mdp3 = false;
        boolean checkStamps = false;
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
                    case "--nice" -> nice = Integer.parseInt(value);
                    case "--xdp-attach" -> context.xdpAttachMode(XdpAttachMode.parse(value));
                    case "--xdp-bind" -> context.xdpBindMode(XdpBindMode.parse(value));
                    case "--ring-size" -> context.xdpRingSize(Integer.parseInt(value));
                    case "--frame-size" -> context.xdpFrameSize(Integer.parseInt(value));
                    case "--count" -> count = Long.parseLong(value);
                    case "--seconds" -> seconds = Long.parseLong(value);
                    case "--idle-ms" -> idleMs = Long.parseLong(value);
                    case "--warmup-count" -> warmupCount = Long.parseLong(value);
                    case "--mdp3" -> mdp3 = Boolean.parseBoolean(value);
                    case "--arbitration" -> context.arbitration(Arbitration.parse(value));
                    case "--check-stamps" -> checkStamps = Boolean.parseBoolean(value);
                    default -> throw new IngressException("unknown option " + name);
                }
            }
        }
        catch (final IngressException | NumberFormatException ex)
        {
            System.out.println("ERROR " + ex.getMessage());
            System.exit(2);
        }

        final boolean copies = null != context.arbitration();
        if (copies)
        {
            // every line carries the same sequence: one slot table
            for (final Subscription subscription : context.subscriptions())
            {
                context.arbitrate(subscription, 0);
            }
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
            if (0 != nice)
            {
                ThreadAffinity.nice(nice);
            }
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

        final SequenceReceiver receiver = new SequenceReceiver(warmupCount, mdp3, copies, checkStamps);
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
            " prog_id=" + xdp.program().programId() + " arbitration=" + (xdp.kernelArbitration() ? "kernel" :
            "user") : "";
        System.out.println("READY transport=" + source.transport() + mode + " pid=" + ProcessHandle.current().pid());
        System.out.flush();

        try
        {
            receiver.run(source, ThreadAffinity.idleStrategy(pinned), count, seconds * 1_000_000_000L,
                idleMs * 1_000_000L);
            final IngressStatistics statistics = new IngressStatistics();
            source.statistics(statistics);
            final String stamps = !checkStamps ? "" : " stamp_after_touch=" + receiver.stampAfterTouch +
                (source instanceof final UdpPacketSource udp ? " unstamped=" + udp.unstampedPackets() : "");
            System.out.println(receiver.result(source.transport(), statistics) + stamps);
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
        final IngressStatistics statistics = new IngressStatistics();
        while (received < count && !stopRequested)
        {
            final long pollStartNs = System.nanoTime();
            final int work = source.poll(this, POLL_LIMIT);
            if (work > 0)
            {
                busyNs += (System.nanoTime() - pollStartNs) & -lastMeasured;
                if (allocatedAtWarmup < 0 && receivedInBothPhases() >= WARMUP_PACKETS)
                {
                    allocatedAtWarmup = threads.getCurrentThreadAllocatedBytes();
                }
                if (copies && kernelDuplicatesAtWarmup < 0 && received > 0)
                {
                    // once, at the first measured packet: the program's counters run from its load
                    source.statistics(statistics);
                    kernelDuplicatesAtWarmup = statistics.count(IngressStatistics.Count.KERNEL_DUPLICATES);
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
                if (now > deadline || (receivedInBothPhases() > 0 && now - lastWorkNs > idleTimeoutNs))
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

    private long receivedInBothPhases()
    {
        return warmupReceived + received;
    }

    private String result(final String transport, final IngressStatistics statistics)
    {
        final long count = received;
        final long elapsedNs = count > 1 ? lastReceiveNs - firstReceiveNs : 0;
        final long pps = elapsedNs > 0 ? (long)((count - 1) * 1e9 / elapsedNs) : 0;
        return "RECEIVED transport=" + transport + " received=" + count +
            " first=" + (count > 0 ? firstSequence : -1) + " last=" + lastSequence +
            " missing=" + missing + " first_missing=" + firstMissing +
            " out_of_order=" + outOfOrder + " short=" + shortDatagrams +
            " warmup=" + warmupReceived +
            " elapsed_ns=" + elapsedNs + " pps=" + pps +
            " delay_avg_ns=" + (delayCount > 0 ? delaySumNs / delayCount : 0) +
            " delay_max_ns=" + maxDelayNs +
            " busy_ns_per_datagram=" + String.format("%.1f", count > 0 ? (double)busyNs / count : 0.0) +
            " steady_alloc_bytes=" + steadyAllocatedBytes +
            (copies ? " datagrams=" + (received + duplicates) +
            " duplicates=" + duplicates +
            " kernel_duplicates=" + (statistics.count(IngressStatistics.Count.KERNEL_DUPLICATES) -
            Math.max(0, kernelDuplicatesAtWarmup)) : "") +
            " " + statistics;
    }
}
