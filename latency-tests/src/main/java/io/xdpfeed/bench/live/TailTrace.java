package io.xdpfeed.bench.live;

import io.xdpfeed.common.latency.EpochOffset;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench-e2e --trace-sched} in one {@link LiveSession}: a {@link SchedTrace} from the moment the subscriber is
 * connected until the simulator has sent its last packet, then a {@link TailAttribution} of the packets at or above
 * the p99 of {@code RESULT_KERNEL}. Writes {@code sched.trace} into the run's folder and a section into the report's
 * {@code tail.md}, and hands the {@code TAIL} line on.
 */
final class TailTrace implements AutoCloseable
{
    /** The handler's receive thread as the kernel names it (15 characters). */
    static final String RECEIVE_THREAD = "xdpfeed-receive";
    /** The subscriber's polling thread as the kernel names it. */
    static final String SUBSCRIBER_THREAD = "xdpfeed-live-su";

    private final SchedTrace trace;
    private final long receiveTid;
    private final long subscriberTid;
    private final int cpu;
    private final long handlerPid;

    private TailTrace(
        final SchedTrace trace, final long receiveTid, final long subscriberTid, final int cpu, final long handlerPid)
    {
        this.trace = trace;
        this.receiveTid = receiveTid;
        this.subscriberTid = subscriberTid;
        this.cpu = cpu;
        this.handlerPid = handlerPid;
    }

    /**
     * Find the receive thread and the subscriber and start recording.
     *
     * @param tag        of the run (unique in this JVM).
     * @param handlerPid the handler's process.
     * @param cpu        the receive thread's CPU, -1 when not pinned.
     * @return the recording trace.
     * @throws IllegalStateException when a thread is not found or tracefs refuses.
     */
    static TailTrace start(final String tag, final long handlerPid, final int cpu)
    {
        final long receiveTid = SchedTrace.awaitThread(handlerPid, RECEIVE_THREAD);
        final long subscriberTid = SchedTrace.awaitThread(ProcessHandle.current().pid(), SUBSCRIBER_THREAD);
        if (receiveTid < 0 || subscriberTid < 0)
        {
            throw new IllegalStateException("--trace-sched: no thread " + (receiveTid < 0 ? RECEIVE_THREAD +
                " in the handler (pid " + handlerPid + ")" : SUBSCRIBER_THREAD + " in this JVM"));
        }
        final String name = "xdpfeed-e2e-" + ProcessHandle.current().pid() + "-" + tag;
        return new TailTrace(SchedTrace.start(name, receiveTid, subscriberTid, cpu), receiveTid, subscriberTid, cpu,
            handlerPid);
    }

    /**
     * Stop recording (the simulator has sent everything).
     */
    void stop()
    {
        trace.stop();
    }

    /**
     * Attribute the tail of a run and write the trace and the report section.
     *
     * @param transport  of the run.
     * @param subscriber closed, with every packet's stamps.
     * @param fromKernel the run's RESULT_KERNEL histogram.
     * @param warmUp     MsgSeqNums of the warm-up (left out).
     * @param packets    MsgSeqNums sent.
     * @param simulatorPid the simulator's process, -1 when unknown.
     * @param runDir     the run's folder (sched.trace goes there).
     * @param report     the report's tail.md, appended to.
     * @return the TAIL line.
     */
    String attribute(
        final String transport, final LiveSubscriber subscriber, final Histogram fromKernel, final long warmUp,
        final long packets, final long simulatorPid, final Path runDir, final Path report)
    {
        final Path file = runDir.resolve("sched.trace");
        final long lost = trace.copyTo(file);
        trace.close();
        // the records' stamps are CLOCK_REALTIME (the handler's through its calibrated offset), the trace's mono
        final long offsetNs = EpochOffset.measure(SystemEpochNanoClock.INSTANCE, SystemNanoClock.INSTANCE);
        final List<TailAttribution.Packet> stamps = new ArrayList<>();
        for (long seq = warmUp + 1; seq <= packets; seq++)
        {
            final int msgSeqNum = (int)seq;
            final long callbackNs = subscriber.firstCallbackNs(msgSeqNum);
            final long kernelNs = subscriber.firstReceiveNs(msgSeqNum);
            final long publishNs = subscriber.firstPublishNs(msgSeqNum);
            if (callbackNs > 0 && kernelNs > 0 && publishNs > 0)
            {
                stamps.add(new TailAttribution.Packet(seq, kernelNs - offsetNs, publishNs - offsetNs,
                    callbackNs - offsetNs));
            }
        }
        final Map<Long, String> roles = new HashMap<>();
        roles.put(ProcessHandle.current().pid(), "bench");
        roles.put(handlerPid, "handler");
        roles.put(simulatorPid, "simulator");
        try
        {
            final TailAttribution.Result result = new TailAttribution(receiveTid, subscriberTid, cpu, roles)
                .attribute(transport, file, stamps, fromKernel.getValueAtPercentile(99), lost);
            Files.createDirectories(report.getParent());
            Files.writeString(report, result.markdown() + "Trace: `" + file + "`\n\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
            return result.line();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the trace " + file + " or write " + report + ": " + ex, ex);
        }
    }

    /**
     * Remove the trace instance (again: harmless).
     */
    public void close()
    {
        trace.close();
    }
}
