package io.xdpfeed.bench.live;

import io.xdpfeed.sim.send.SendLog;
import org.HdrHistogram.Histogram;

/**
 * The simulator's lateness taken out of the end-to-end figure, per packet after the warm-up, from its send log
 * ({@code exchange-sim --send-log}) and the time the packet's first record reached the subscriber:
 * <pre>
 *   fromIntended = first callback - SendingTime (the intended send time: what a strategy experiences)
 *   fromActual   = first callback - actual hand-over to the kernel (sendmmsg or AF_XDP TX kick returned)
 *   lateness     = actual hand-over - SendingTime (the pacer's and the sender's delay)
 * </pre>
 * One value per packet (its first record), unlike the per-record end to end of {@link LiveResult#endToEnd()}. Values
 * below 0 (clocks that disagree) are recorded as 0; packets never sent or never received are left out.
 *
 * @param fromIntended first callback - SendingTime, ns.
 * @param fromActual   first callback - actual send, ns.
 * @param lateness     actual send - SendingTime, ns.
 */
public record SenderSplit(Histogram fromIntended, Histogram fromActual, Histogram lateness)
{
    /**
     * @param log        the simulator's send log.
     * @param subscriber closed, holding the first callback of each packet.
     * @param warmUp     MsgSeqNums 1..warmUp are left out.
     * @return the split.
     */
    static SenderSplit of(final SendLog log, final LiveSubscriber subscriber, final long warmUp)
    {
        final SenderSplit split = new SenderSplit(histogram(), histogram(), histogram());
        for (int msgSeqNum = (int)warmUp + 1; msgSeqNum <= log.packets(); msgSeqNum++)
        {
            final long intendedNs = log.intendedNs(msgSeqNum);
            final long actualNs = log.actualNs(msgSeqNum);
            final long callbackNs = subscriber.firstCallbackNs(msgSeqNum);
            if (intendedNs == 0 || actualNs == 0 || callbackNs == 0)
            {
                continue;
            }
            split.fromIntended.recordValue(clamp(callbackNs - intendedNs));
            split.fromActual.recordValue(clamp(callbackNs - actualNs));
            split.lateness.recordValue(clamp(actualNs - intendedNs));
        }
        return split;
    }

    /**
     * The line of record: {@code RESULT_SENDER transport=<t> late_p50_ns=.. late_p99_ns=.. late_max_ns=..
     * intended_p99_ns=.. actual_p50_ns=.. actual_p99_ns=.. actual_p999_ns=.. actual_max_ns=..}.
     *
     * @param transport the transport used.
     * @return the line.
     */
    String line(final String transport)
    {
        return "RESULT_SENDER transport=" + transport + " late_p50_ns=" + lateness.getValueAtPercentile(50) +
            " late_p99_ns=" + lateness.getValueAtPercentile(99) + " late_max_ns=" + lateness.getMaxValue() +
            " intended_p50_ns=" + fromIntended.getValueAtPercentile(50) +
            " intended_p99_ns=" + fromIntended.getValueAtPercentile(99) +
            " actual_p50_ns=" + fromActual.getValueAtPercentile(50) +
            " actual_p99_ns=" + fromActual.getValueAtPercentile(99) +
            " actual_p999_ns=" + fromActual.getValueAtPercentile(99.9) + " actual_max_ns=" + fromActual.getMaxValue();
    }

    private static Histogram histogram()
    {
        return new Histogram(1, LiveSubscriber.HIGHEST_TRACKABLE_NS, 3);
    }

    private static long clamp(final long valueNs)
    {
        return Math.min(Math.max(valueNs, 0), LiveSubscriber.HIGHEST_TRACKABLE_NS);
    }
}
