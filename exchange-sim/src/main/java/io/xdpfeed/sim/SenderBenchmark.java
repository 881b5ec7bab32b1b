package io.xdpfeed.sim;

import io.xdpfeed.ingress.ThreadAffinity;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.send.LiveSender;
import io.xdpfeed.sim.send.MulticastReceiver;
import io.xdpfeed.sim.send.Pacer;
import io.xdpfeed.sim.send.TxMode;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * The senders alone ({@code scripts/bench-simtx}): simulated incremental packets of lines A and B are generated once
 * into memory, then sent tick after tick through the {@code --tx} sender, at a paced rate or as fast as possible,
 * with the MsgSeqNum (1, 2, ...) and SendingTime (the tick's intended time) rewritten per tick, so that a receiver
 * ({@link MulticastReceiver}) sees one in-order session and its delay. The market simulation is left out: its cost
 * would cap every sender alike. Prints one line:
 * <pre>
 * SENDER tx=xdp rate=R ticks=N datagrams=N seconds=S pps=P cpu_ns_per_datagram=C late_over_100us=N max_late_us=M
 *        errors=N
 * </pre>
 * {@code pps} counts incremental packets (ticks) per second, each sent on A and B; {@code cpu_ns_per_datagram} is
 * the sending thread's CPU time (user and system: the kernel's transmit and, on veth, receive work done in its
 * context) per datagram.
 * <pre>
 * SenderBenchmark --tx xdp|mmsg|udp|auto [--rate PPS (0 = unpaced)] [--seconds S] [--cpu C]
 * </pre>
 */
public final class SenderBenchmark
{
    private static final int TEMPLATE_PACKETS = 20_000;
    private static final long START_LEAD_NS = 20_000_000L;

    private SenderBenchmark()
    {
    }

    /**
     * Run one measurement.
     *
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        TxMode tx = TxMode.AUTO;
        long rate = 0;
        double seconds = 5;
        int cpu = -1;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--tx" -> tx = TxMode.parse(value);
                case "--rate" -> rate = Long.parseLong(value.replace("k", "000").replace("m", "000000"));
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--cpu" -> cpu = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }

        final SimulatorConfig config = SimulatorConfig.builder().instruments(10).packets(TEMPLATE_PACKETS).seed(1)
            .build();
        final UnsafeBuffer store = new UnsafeBuffer(new byte[TEMPLATE_PACKETS * 2 * Mdp3Packet.MAX_PAYLOAD]);
        final int[] offsets = new int[TEMPLATE_PACKETS * 2];
        final int[] lengths = new int[TEMPLATE_PACKETS * 2];
        final int[] position = new int[2];
        new ExchangeSimulator(config).run((line, buffer, offset, length, timeNs) ->
        {
            if (line.isIncremental() && position[0] < offsets.length)
            {
                store.putBytes(position[1], buffer, offset, length);
                offsets[position[0]] = position[1];
                lengths[position[0]] = length;
                position[0]++;
                position[1] += length;
            }
        });
        final int pairs = position[0] / 2;

        try (LiveSender sender = tx.open(config.channel(), config.multicastTtl(), System.err))
        {
            if (cpu >= 0)
            {
                ThreadAffinity.pinCurrentThread(cpu);
            }
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final Instant start = Instant.now();
            final long startNanos = System.nanoTime() + START_LEAD_NS;
            final long epochBase = start.getEpochSecond() * 1_000_000_000L + start.getNano() + START_LEAD_NS;
            final double intervalNs = rate > 0 ? 1e9 / rate : 0;
            final Pacer pacer = new Pacer(startNanos, intervalNs);
            final long limitTicks = rate > 0 ? (long)(rate * seconds) : Long.MAX_VALUE;
            final long endNanos = startNanos + (long)(seconds * 1e9);
            while (System.nanoTime() < startNanos)
            {
                Thread.onSpinWait();
            }
            final long cpuStart = threads.getCurrentThreadCpuTime();
            long tick = 0;
            while (tick < limitTicks)
            {
                if (rate > 0)
                {
                    if (pacer.deadline(tick) > System.nanoTime())
                    {
                        sender.flush();
                    }
                    pacer.await(tick);
                }
                else if ((tick & 1023) == 0 && System.nanoTime() >= endNanos)
                {
                    break;
                }
                final int pair = (int)(tick % pairs);
                final long sendingTime = epochBase + (long)(tick * intervalNs);
                send(sender, SimLine.INCREMENTAL_A, store, offsets[2 * pair], lengths[2 * pair], tick + 1, sendingTime);
                send(sender, SimLine.INCREMENTAL_B, store, offsets[2 * pair + 1], lengths[2 * pair + 1], tick + 1,
                    sendingTime);
                tick++;
            }
            sender.flush();
            final long elapsedNs = System.nanoTime() - startNanos;
            final long cpuNs = threads.getCurrentThreadCpuTime() - cpuStart;
            System.out.println(sender.statistics());
            System.out.printf("SENDER tx=%s rate=%d ticks=%d datagrams=%d seconds=%.3f pps=%d cpu_ns_per_datagram=%d " +
                "late_over_100us=%d max_late_us=%d errors=%d%n", tx.name().toLowerCase(), rate, tick, 2 * tick,
                elapsedNs / 1e9, (long)(tick * 1e9 / elapsedNs), cpuNs / Math.max(1, 2 * tick),
                pacer.lateness().over100us(), pacer.lateness().maxNs() / 1000, sender.sendErrors());
        }
    }

    private static void send(
        final LiveSender sender,
        final SimLine line,
        final UnsafeBuffer store,
        final int offset,
        final int length,
        final long seq,
        final long sendingTimeNs)
    {
        store.putInt(offset, (int)seq, ByteOrder.LITTLE_ENDIAN);
        store.putLong(offset + Mdp3Packet.SENDING_TIME_OFFSET, sendingTimeNs, ByteOrder.LITTLE_ENDIAN);
        sender.onDatagram(line, (DirectBuffer)store, offset, length, sendingTimeNs);
    }
}
