package io.xdpfeed.bench.playback;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.capture.CaptureFormatException;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.sim.send.MmsgSender;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a capture's multicast datagrams to their groups and ports from this namespace (the lab's exchange side), as
 * captured: at the captured gaps ({@code --speed 1}), the gaps divided by N ({@code --speed N}) or back to back
 * ({@code --max}), through the simulator's {@code sendmmsg} sender ({@link MmsgSender}; the kernel fills in each UDP
 * checksum). Options:
 * <ul>
 *   <li>{@code --rebase-sending-time}: each packet's SendingTime (the MDP 3.0 packet header, bytes 4..11) becomes
 *   the moment it is handed to the sender, so that the handler's wire and end-to-end tiers measure this run (the
 *   other line's copy of a packet, same MsgSeqNum and SendingTime, gets the same: A/B arbitration still pairs them);
 *   </li>
 *   <li>{@code --loop K}: plays the capture K times; loop k adds k x (last - first + 1) of each line's MsgSeqNums to
 *   its MsgSeqNum, so that loops continue each line's sequence (the A and B lines of a channel carry the same range);
 *   at the captured pacing loop k starts one average gap after loop k - 1 ended.</li>
 * </ul>
 * Only multicast destinations are sent (others are counted as skipped). Pacing: the sender sleeps until shortly
 * before a datagram is due and spins the rest, flushing its batch before it waits; the lateness of each datagram
 * (when it was handed to the sender minus when it was due) is reported, so that a run that could not keep the
 * captured pacing says by how much. One line at the end:
 * <pre>
 * PLAYBACK datagrams=N loops=K speed=S|max captured_ns=C elapsed_ns=E skipped=N errors=N late_mean_ns=X
 *     late_p99_ns=X late_max_ns=X sender=...
 * </pre>
 * Not for the hot path of anything: the playback is a tool; it allocates nothing per datagram once running.
 */
public final class CapturePlayback implements DatagramHandler
{
    /** Usage, printed on a usage error and by {@code --help}. */
    public static final String USAGE =
        "usage: playback CAPTURE [--speed N | --max] [--rebase-sending-time] [--loop K] [--source 10.77.0.1]\n" +
        "  CAPTURE                a pcap or pcapng file; its multicast UDP datagrams are sent to their groups/ports\n" +
        "  --speed N              the captured gaps divided by N (default 1: the captured pacing)\n" +
        "  --max                  as fast as the sender goes\n" +
        "  --rebase-sending-time  SendingTime := the moment each packet is sent\n" +
        "  --loop K               play K times, MsgSeqNum renumbered so that the loops continue the sequence\n" +
        "  --source ADDRESS       local address to send from (default 10.77.0.1, the lab's exchange side)\n";

    private static final long SPIN_NS = 50_000;
    private static final int PACKET_HEADER_LENGTH = 12;
    private static final long NO_COPY_YET = Long.MIN_VALUE;

    private final PcapPacketSource source;
    private final MmsgSender sender;
    private final Long2LongHashMap destinationIndex;
    private final long[] sequenceSpan;
    private final double speed;
    private final boolean max;
    private final boolean rebaseSendingTime;
    private final long firstCaptureNs;
    private final long loopLengthNs;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[65536]);
    private final Long2LongHashMap firstCopySendingTime = new Long2LongHashMap(NO_COPY_YET);
    private final Histogram lateness = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private long startNs;
    private long startEpochNs;
    private int loop;
    private long sent;
    private long skipped;
    private long lateSumNs;

    private CapturePlayback(final PcapPacketSource source, final Plan plan, final int sourceAddress,
        final double speed, final boolean max, final boolean rebaseSendingTime)
    {
        this.source = source;
        this.speed = speed;
        this.max = max;
        this.rebaseSendingTime = rebaseSendingTime;
        this.firstCaptureNs = plan.firstNs;
        final long span = plan.lastNs - plan.firstNs;
        this.loopLengthNs = span + (plan.datagrams > 1 ? span / (plan.datagrams - 1) : 0);
        final int count = plan.groups.size();
        final int[] groups = new int[count];
        final int[] ports = new int[count];
        destinationIndex = new Long2LongHashMap(-1);
        sequenceSpan = new long[count];
        for (int i = 0; i < count; i++)
        {
            groups[i] = plan.groups.get(i);
            ports[i] = plan.ports.get(i);
            destinationIndex.put(key(groups[i], ports[i]), i);
            sequenceSpan[i] = plan.lastSeq.get(i) - plan.firstSeq.get(i) + 1;
        }
        sender = new MmsgSender(sourceAddress, groups, ports, 1);
    }

    /**
     * What a first pass over the capture finds: its multicast destinations, each one's MsgSeqNum range, the
     * captured times.
     */
    private static final class Plan implements DatagramHandler
    {
        private final List<Integer> groups = new ArrayList<>();
        private final List<Integer> ports = new ArrayList<>();
        private final List<Long> firstSeq = new ArrayList<>();
        private final List<Long> lastSeq = new ArrayList<>();
        private final Long2LongHashMap index = new Long2LongHashMap(-1);
        private long firstNs = Long.MAX_VALUE;
        private long lastNs = Long.MIN_VALUE;
        private long datagrams;

        @Override
        public void onDatagram(final int groupAddress, final int port, final DirectBuffer buffer, final int offset,
            final int length, final long receiveTimeNs)
        {
            if (!isMulticast(groupAddress))
            {
                return;
            }
            datagrams++;
            firstNs = Math.min(firstNs, receiveTimeNs);
            lastNs = Math.max(lastNs, receiveTimeNs);
            int i = (int)index.get(key(groupAddress, port));
            if (i < 0)
            {
                i = groups.size();
                index.put(key(groupAddress, port), i);
                groups.add(groupAddress);
                ports.add(port);
                firstSeq.add(Long.MAX_VALUE);
                lastSeq.add(Long.MIN_VALUE);
            }
            if (length >= PACKET_HEADER_LENGTH)
            {
                final long seq = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
                firstSeq.set(i, Math.min(firstSeq.get(i), seq));
                lastSeq.set(i, Math.max(lastSeq.get(i), seq));
            }
        }
    }

    private static boolean isMulticast(final int groupAddress)
    {
        return (groupAddress >>> 28) == 0xE;
    }

    private static long key(final int group, final int port)
    {
        return ((long)group << 16) | (port & 0xFFFF);
    }

    /**
     * Play a capture.
     *
     * @param capture           pcap or pcapng.
     * @param sourceAddress     local IPv4 address to send from, read big-endian.
     * @param speed             divisor of the captured gaps (ignored with {@code max}).
     * @param max               true to send back to back.
     * @param rebaseSendingTime true to stamp each SendingTime with the send time.
     * @param loops             times to play, at least 1.
     * @return the result line.
     */
    public static String play(final Path capture, final int sourceAddress, final double speed, final boolean max,
        final boolean rebaseSendingTime, final int loops)
    {
        final Plan plan = new Plan();
        try (PcapPacketSource first = PcapPacketSource.open(capture, false))
        {
            while (!first.isEnd())
            {
                first.poll(plan, 256);
            }
        }
        if (plan.datagrams == 0)
        {
            throw new ConfigurationException(capture + " holds no multicast UDP datagram");
        }
        try (PcapPacketSource source = PcapPacketSource.open(capture, false))
        {
            final CapturePlayback playback = new CapturePlayback(
                source, plan, sourceAddress, speed, max, rebaseSendingTime);
            try
            {
                return playback.run(loops, plan);
            }
            finally
            {
                playback.sender.close();
            }
        }
    }

    private String run(final int loops, final Plan plan)
    {
        startEpochNs = epochNowNs();
        startNs = System.nanoTime();
        for (loop = 0; loop < loops; loop++)
        {
            if (loop > 0)
            {
                source.rewind();
                firstCopySendingTime.clear();
            }
            while (!source.isEnd())
            {
                source.poll(this, 1);
            }
        }
        sender.flush();
        final long elapsedNs = System.nanoTime() - startNs;
        final long count = lateness.getTotalCount();
        return "PLAYBACK datagrams=" + sent + " loops=" + loops + " speed=" + (max ? "max" : format(speed)) +
            " captured_ns=" + (plan.lastNs - plan.firstNs) + " elapsed_ns=" + elapsedNs + " skipped=" + skipped +
            " errors=" + sender.sendErrors() +
            " late_mean_ns=" + (count > 0 ? lateSumNs / count : 0) +
            " late_p99_ns=" + (count > 0 ? lateness.getValueAtPercentile(99) : 0) +
            " late_max_ns=" + (count > 0 ? lateness.getMaxValue() : 0) +
            " sender=" + sender.statistics().replace(' ', '_');
    }

    /**
     * The A and B copies of a packet (the same MsgSeqNum and SendingTime) get the same new SendingTime, the moment
     * the first copy is sent: the exchange sends the same bytes on both lines, and the XDP program's arbitration tag
     * holds the SendingTime, so copies stamped apart would both pass as different packets.
     */
    private long rebasedSendingTime(final long sendingTime, final int msgSeqNum, final long nowEpochNs)
    {
        final long key = sendingTime * 31 + msgSeqNum;
        final long first = firstCopySendingTime.remove(key);
        if (first != NO_COPY_YET)
        {
            return first;
        }
        firstCopySendingTime.put(key, nowEpochNs);
        return nowEpochNs;
    }

    private static String format(final double value)
    {
        return value == Math.rint(value) ? Long.toString((long)value) : Double.toString(value);
    }

    private static long epochNowNs()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void onDatagram(final int groupAddress, final int port, final DirectBuffer buffer, final int offset,
        final int length, final long receiveTimeNs)
    {
        final int destination = (int)destinationIndex.get(key(groupAddress, port));
        if (destination < 0 || length > scratch.capacity())
        {
            skipped++;
            return;
        }
        long now = System.nanoTime();
        if (!max)
        {
            final long dueNs = startNs + (long)((loop * loopLengthNs + receiveTimeNs - firstCaptureNs) / speed);
            if (now < dueNs)
            {
                sender.flush();
                now = System.nanoTime();
                if (dueNs - now > SPIN_NS)
                {
                    LockSupport.parkNanos(dueNs - now - SPIN_NS);
                }
                while ((now = System.nanoTime()) < dueNs)
                {
                    Thread.onSpinWait();
                }
            }
            final long lateNs = now - dueNs;
            lateSumNs += lateNs;
            lateness.recordValue(Math.min(lateNs, lateness.getHighestTrackableValue()));
        }
        scratch.putBytes(0, buffer, offset, length);
        if (length >= PACKET_HEADER_LENGTH)
        {
            if (loop > 0)
            {
                final long seq = scratch.getInt(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
                scratch.putInt(0, (int)(seq + loop * sequenceSpan[destination]), ByteOrder.LITTLE_ENDIAN);
            }
            if (rebaseSendingTime)
            {
                final long rebased = rebasedSendingTime(scratch.getLong(4, ByteOrder.LITTLE_ENDIAN),
                    scratch.getInt(0, ByteOrder.LITTLE_ENDIAN), startEpochNs + (now - startNs));
                scratch.putLong(4, rebased, ByteOrder.LITTLE_ENDIAN);
            }
        }
        sender.send(destination, scratch, 0, length);
        sent++;
    }

    /**
     * Run from the command line; exit 0 when played, 1 on a bad capture or a send set-up failure, 2 on a usage error.
     *
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The command line program without {@link System#exit}.
     *
     * @param args see {@link #USAGE}.
     * @param out  receives the result line.
     * @param err  receives errors.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path capture = null;
        double speed = 1;
        boolean max = false;
        boolean rebase = false;
        int loops = 1;
        String source = "10.77.0.1";
        try
        {
            final CommandLine line = new CommandLine(args);
            for (final String option : line)
            {
                switch (option)
                {
                    case "--speed" -> speed = CommandLine.parseDouble(option, line.value(option), 1e-6, 1e9);
                    case "--max" -> max = true;
                    case "--rebase-sending-time" -> rebase = true;
                    case "--loop" -> loops = line.intValue(option, 1, 1_000_000);
                    case "--source" -> source = line.value(option);
                    case "-h", "--help" ->
                    {
                        out.print(USAGE);
                        return CommandLine.EXIT_OK;
                    }
                    default -> capture = CommandLine.operand(option, capture);
                }
            }
            if (null == capture)
            {
                throw new UsageException("missing CAPTURE");
            }
        }
        catch (final UsageException ex)
        {
            return CommandLine.usageError(err, "error", ex.getMessage(), USAGE);
        }
        try
        {
            out.println(play(capture, Subscription.parseAddress(source), speed, max, rebase, loops));
            return CommandLine.EXIT_OK;
        }
        catch (final ConfigurationException | CaptureFormatException | UncheckedIOException |
            io.xdpfeed.ingress.IngressException ex)
        {
            err.println("error: " + ex.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
    }
}
