package io.xdpfeed.bench.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tail's attribution from a trace in the text tracefs writes with {@code record-tgid} (lines in the form this
 * kernel wrote them): one slow packet waits 4.2 ms while a compiler thread of the bench, the simulator's generator, the
 * subscriber and a kworker hold the receive thread's CPU; one fast packet is left out.
 */
@Timeout(30)
class TailAttributionTest
{
    private static final long RECEIVE_TID = 100;
    private static final long SUBSCRIBER_TID = 200;
    private static final long BENCH_PID = 300;
    private static final long HANDLER_PID = 90;
    private static final long SIMULATOR_PID = 400;

    @TempDir
    Path dir;

    @Test
    void whatHeldTheReceiveThreadsCpuWhileTheSlowPacketWaited() throws IOException
    {
        final Path trace = dir.resolve("sched.trace");
        Files.write(trace, List.of(
            "# tracer: nop",
            "#",
            " xdpfeed-receive-100     (     90) [001] d..2. 1000.000000: sched_switch: prev_comm=xdpfeed-receive " +
                "prev_pid=100 prev_prio=100 prev_state=R+ ==> next_comm=C2 CompilerThre next_pid=310 next_prio=100",
            " C2 CompilerThre-310     (    300) [001] .Ns.. 1000.001000: softirq_entry: vec=3 [action=NET_RX]",
            " C2 CompilerThre-310     (    300) [001] .Ns.. 1000.001200: softirq_exit: vec=3 [action=NET_RX]",
            " C2 CompilerThre-310     (    300) [001] d..2. 1000.002000: sched_switch: prev_comm=C2 CompilerThre " +
                "prev_pid=310 prev_prio=100 prev_state=S ==> next_comm=exchange-sim-ge next_pid=410 next_prio=100",
            " exchange-sim-ge-410     (    400) [001] d..2. 1000.003000: sched_switch: prev_comm=exchange-sim-ge " +
                "prev_pid=410 prev_prio=100 prev_state=R+ ==> next_comm=xdpfeed-live-su next_pid=200 next_prio=100",
            " xdpfeed-live-su-200     (    300) [001] d..2. 1000.004000: sched_switch: prev_comm=xdpfeed-live-su " +
                "prev_pid=200 prev_prio=100 prev_state=R+ ==> next_comm=kworker/1:1 next_pid=50 next_prio=120",
            "     kworker/1:1-50      (     50) [001] d..2. 1000.004500: sched_switch: prev_comm=kworker/1:1 " +
                "prev_pid=50 prev_prio=120 prev_state=I ==> next_comm=xdpfeed-receive next_pid=100 next_prio=100",
            " xdpfeed-receive-100     (     90) [001] dNh3. 1000.010000: sched_wakeup: comm=kworker/1:1 pid=50 " +
                "prio=120 target_cpu=001"));
        final List<TailAttribution.Packet> packets = List.of(
            new TailAttribution.Packet(61, ns(1000.000500), ns(1000.004600), ns(1000.004700)),
            new TailAttribution.Packet(62, ns(1000.005000), ns(1000.005010), ns(1000.005020)));

        final TailAttribution.Result result = new TailAttribution(RECEIVE_TID, SUBSCRIBER_TID, 1,
            Map.of(BENCH_PID, "bench", HANDLER_PID, "handler", SIMULATOR_PID, "simulator"))
            .attribute("xdp", trace, packets, 1_000_000, 0);

        assertEquals(Map.of(
            "bench/C2 CompilerThre", 1_500_000L,
            "simulator/exchange-sim-ge", 1_000_000L,
            TailAttribution.POLLERS, 1_200_000L,
            "kernel/kworker/1:1", 500_000L), result.onCpu());
        assertEquals(Map.of("NET_RX", 200_000L), result.softirqNs());
        assertEquals("TAIL transport=xdp threshold_ns=1000000 packets=1 tier=ring_wait share=0.98 windows=1 " +
            "window_ms=4.2 covered=1.00 receiver=runnable sleep_share=0.00 preempted_ms=3.0 pollers_ms=1.2 " +
            "top_preemptor=bench/C2_CompilerThre ms=1.5 second=simulator/exchange-sim-ge second_ms=1.0 " +
            "softirq_ms=0.2 lost_events=0", result.line());
    }

    @Test
    void aReceiveThreadThatParksIsAsleepUntilItsWakeUp() throws IOException
    {
        final Path trace = dir.resolve("sched.trace");
        Files.write(trace, List.of(
            " xdpfeed-receive-100     (     90) [001] d..2. 1000.000000: sched_switch: prev_comm=xdpfeed-receive " +
                "prev_pid=100 prev_prio=100 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120",
            "          <idle>-0       (-------) [001] dNh3. 1000.003000: sched_wakeup: comm=xdpfeed-receive " +
                "pid=100 prio=100 target_cpu=001",
            "          <idle>-0       (-------) [001] d..2. 1000.003010: sched_switch: prev_comm=swapper/1 " +
                "prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=xdpfeed-receive next_pid=100 next_prio=100",
            " xdpfeed-receive-100     (     90) [001] d..2. 1000.004000: sched_switch: prev_comm=xdpfeed-receive " +
                "prev_pid=100 prev_prio=100 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120"));
        final List<TailAttribution.Packet> packets = List.of(
            new TailAttribution.Packet(61, ns(1000.000000), ns(1000.003100), ns(1000.003200)));

        final TailAttribution.Result result = new TailAttribution(RECEIVE_TID, SUBSCRIBER_TID, 1,
            Map.of(BENCH_PID, "bench", HANDLER_PID, "handler")).attribute("udp", trace, packets, 1_000_000, 0);

        assertEquals(Map.of(TailAttribution.IDLE, 3_010_000L, TailAttribution.POLLERS, 190_000L), result.onCpu());
        assertEquals(3_000_000L, result.receiverSleepNs());
        assertEquals("TAIL transport=udp threshold_ns=1000000 packets=1 tier=ring_wait share=0.97 windows=1 " +
            "window_ms=3.2 covered=1.00 receiver=sleeping sleep_share=0.94 preempted_ms=0.0 pollers_ms=0.2 " +
            "top_preemptor=none ms=0.0 second=none second_ms=0.0 softirq_ms=0.0 lost_events=0", result.line());
    }

    private static long ns(final double seconds)
    {
        return Math.round(seconds * 1e6) * 1_000L;
    }
}
