package io.xdpfeed.bench.live;

import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.List;

/**
 * What one live session measured.
 *
 * @param transport          the transport asked for (xdp, udp, auto).
 * @param actualTransport    the transport the handler used.
 * @param fallbackReason     why the handler did not use AF_XDP with {@code auto}, or null.
 * @param ratePps            incremental packets per second asked of the simulator.
 * @param packets            incremental packets the simulator sent (MsgSeqNum 1..packets).
 * @param warmUpPackets      MsgSeqNums 1..warmUpPackets are the warm-up: not counted in sent, received or the
 *                           latency.
 * @param sent               packets after the warm-up that give the subscriber at least one record
 *                           ({@link RecordBearingPackets}): the others hold only an empty Book46 while no event is open.
 * @param received           of those, the distinct MsgSeqNums among the exchange-event records the subscriber
 *                           received.
 * @param warmUpLost         record-bearing packets of the warm-up whose records did not reach the subscriber.
 * @param highestMsgSeqNum   the highest MsgSeqNum among the records the subscriber received.
 * @param endToEnd           SendingTime to subscriber callback, ns, one value per BookUpdate/Trade/Volume record
 *                           after the warm-up.
 * @param fromKernel         the kernel's receive stamp of the packet (the record's receiveTimeNs) to subscriber
 *                           callback, ns, same records.
 * @param negative           records seen before their SendingTime (recorded as 0).
 * @param clamped            records above {@link LiveSubscriber#HIGHEST_TRACKABLE_NS}.
 * @param books              the subscriber's books against the truth.
 * @param counters           the handler's counters at the end.
 * @param simulatorSummary   the simulator's summary lines.
 * @param handlerSummary     the handler's {@code SUMMARY} lines at its stop (its own latency tiers), may be empty.
 * @param intervalLog        the HdrHistogram interval log of the end-to-end tier.
 * @param elapsedMs          from the simulator's start to the end of the settling.
 * @param sender             the end to end from the intended and the actual send, and the sender's lateness, per
 *                           packet; null without the simulator's send log.
 * @param subscriber         where the subscriber ran: {@code local} (the handler's host, IPC) or {@code remote} (the
 *                           strategy host, Aeron UDP; {@link RemoteLayout}).
 * @param replay             the archive replay of the session after it, or null when not recorded.
 */
public record LiveResult(
    String transport,
    String actualTransport,
    String fallbackReason,
    int ratePps,
    long packets,
    long warmUpPackets,
    long sent,
    long received,
    long warmUpLost,
    long highestMsgSeqNum,
    Histogram endToEnd,
    Histogram fromKernel,
    long negative,
    long clamped,
    BookComparison books,
    HandlerCounterSnapshot counters,
    List<String> simulatorSummary,
    List<String> handlerSummary,
    Path intervalLog,
    long elapsedMs,
    SenderSplit sender,
    String subscriber,
    SessionReplay replay)
{
    /**
     * @return the transport, and {@code remote} for a subscriber on the strategy host: the name of a run in reports.
     */
    public String label()
    {
        return "remote".equals(subscriber) ? actualTransport + " remote" : actualTransport;
    }

    /**
     * @return sent - received.
     */
    public long lost()
    {
        return sent - received;
    }

    /**
     * The line of record: {@code RESULT transport=<t> subscriber=<local|remote> rate=<pps> sent=<n> received=<n> lost=<n> p50_ns=<n>
     * p99_ns=<n> p999_ns=<n> max_ns=<n>}.
     *
     * @return the line.
     */
    public String resultLine()
    {
        return "RESULT transport=" + actualTransport + " subscriber=" + subscriber + " rate=" + ratePps + " sent=" + sent + " received=" + received +
            " lost=" + lost() + " p50_ns=" + endToEnd.getValueAtPercentile(50) + " p99_ns=" +
            endToEnd.getValueAtPercentile(99) + " p999_ns=" + endToEnd.getValueAtPercentile(99.9) + " max_ns=" +
            endToEnd.getMaxValue();
    }

    /**
     * The kernel-stamp line: {@code RESULT_KERNEL transport=<t> p50_ns=<n> p99_ns=<n> p999_ns=<n> max_ns=<n>}, from
     * the kernel's receive stamp to the subscriber's callback (the sender and the wire left out).
     *
     * @return the line.
     */
    public String resultKernelLine()
    {
        return "RESULT_KERNEL transport=" + actualTransport + " p50_ns=" + fromKernel.getValueAtPercentile(50) +
            " p99_ns=" + fromKernel.getValueAtPercentile(99) + " p999_ns=" + fromKernel.getValueAtPercentile(99.9) +
            " max_ns=" + fromKernel.getMaxValue();
    }
}
