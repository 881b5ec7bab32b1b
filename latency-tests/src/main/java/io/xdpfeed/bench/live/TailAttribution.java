package io.xdpfeed.bench.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the slowest packets of a live run spent their time, from a scheduler trace ({@link SchedTrace}) and the
 * stamps every record carries: the kernel's receive stamp ({@code receiveTimeNs}), the handler's commit
 * ({@code publishTimeNs}) and the subscriber's callback. For the packets at or above a threshold (the p99 of
 * {@code RESULT_KERNEL}) it splits kernel stamp -> callback into the handler tier (ring wait + processing: the
 * receive thread's first touch is not in the record, and processing is tens of microseconds at p99) and the bus tier
 * (committed -> callback), then, over the union of their windows (kernel stamp -> callback: the receive thread and
 * the subscriber share one CPU, so whichever tier holds a packet, what held that CPU is the answer), it adds up what
 * held the receive thread's CPU: every other thread by process and name, the receive thread and subscriber handing
 * the CPU to each other (the trace leaves those yields out, so the two are one entry), idle, and whether the receive
 * thread was asleep or runnable. A real-time thread is marked {@code (rt P)} with its SCHED_FIFO/RR priority.
 * Softirqs on that CPU in the windows are added up beside (they run inside whichever thread).
 */
public final class TailAttribution
{
    /** The receive thread and subscriber, whose handoffs by yield are not in the trace. */
    static final String POLLERS = "pollers/receive+subscriber";
    static final String IDLE = "idle";

    private static final Pattern LINE = Pattern.compile(
        "^\\s*(.*)-(\\d+)\\s+\\(\\s*([-\\d]+)\\)\\s+\\[(\\d+)]\\s+\\S+\\s+(\\d+)\\.(\\d+): (\\w+): (.*)$");
    private static final Pattern SWITCH = Pattern.compile(
        "prev_comm=(.*) prev_pid=(\\d+) prev_prio=(-?\\d+) prev_state=(\\S+) ==> next_comm=(.*) next_pid=(\\d+) " +
        "next_prio=(-?\\d+)");
    private static final Pattern WAKEUP = Pattern.compile("comm=(.*) pid=(\\d+) prio=(-?\\d+) target_cpu=(\\d+)");
    private static final Pattern SOFTIRQ = Pattern.compile("vec=(\\d+) \\[action=(\\w+)]");

    private final long receiveTid;
    private final long subscriberTid;
    private final int cpu;
    private final Map<Long, String> roles;

    /**
     * @param receiveTid    the handler's receive thread.
     * @param subscriberTid the subscriber's polling thread.
     * @param cpu           the receive thread's CPU.
     * @param roles         thread group id -> what the process is (bench, handler, simulator); the others are
     *                      {@code other-java} (a process with a Java thread) or {@code other}.
     */
    public TailAttribution(
        final long receiveTid, final long subscriberTid, final int cpu, final Map<Long, String> roles)
    {
        this.receiveTid = receiveTid;
        this.subscriberTid = subscriberTid;
        this.cpu = cpu;
        this.roles = roles;
    }

    /**
     * The stamps of one packet (its first record), on CLOCK_MONOTONIC.
     *
     * @param msgSeqNum  of the packet.
     * @param kernelNs   the kernel's receive stamp.
     * @param committedNs the handler's commit of the record.
     * @param callbackNs the subscriber's callback.
     */
    public record Packet(long msgSeqNum, long kernelNs, long committedNs, long callbackNs)
    {
        long totalNs()
        {
            return callbackNs - kernelNs;
        }

        long handlerNs()
        {
            return committedNs - kernelNs;
        }

        long busNs()
        {
            return callbackNs - committedNs;
        }
    }

    /**
     * What the trace and the stamps say.
     *
     * @param transport        of the run.
     * @param thresholdNs      packets at or above it are the tail.
     * @param packets          in the tail.
     * @param handlerShare     of their kernel -> callback time in the handler tier (ring wait + processing).
     * @param handlerPackets   tail packets whose time is mostly in the handler tier.
     * @param windows          their kernel stamp -> callback windows after merging overlaps.
     * @param windowNs         their union.
     * @param coveredNs        of it inside the trace.
     * @param onCpu            time on the receive thread's CPU in the windows by thread (role/comm), most first.
     * @param softirqNs        softirq time on that CPU in the windows by kind.
     * @param receiverSleepNs  of the windows the receive thread was asleep (not runnable).
     * @param windowsBySecond  window time by second of the trace, from the first window's second.
     * @param longest          the longest windows, each with what held the CPU.
     * @param lostEvents       events the trace overwrote (its buffer was full).
     */
    public record Result(
        String transport,
        long thresholdNs,
        int packets,
        double handlerShare,
        int handlerPackets,
        int windows,
        long windowNs,
        long coveredNs,
        Map<String, Long> onCpu,
        Map<String, Long> softirqNs,
        long receiverSleepNs,
        Map<Long, Long> windowsBySecond,
        List<String> longest,
        long lostEvents)
    {
        /**
         * @return the machine-readable line: {@code TAIL transport=.. tier=.. share=.. top_preemptor=.. ms=..}.
         */
        public String line()
        {
            final List<Map.Entry<String, Long>> others = new ArrayList<>();
            for (final Map.Entry<String, Long> entry : onCpu.entrySet())
            {
                if (!POLLERS.equals(entry.getKey()) && !IDLE.equals(entry.getKey()))
                {
                    others.add(entry);
                }
            }
            final String top = others.isEmpty() ? "none" : others.get(0).getKey();
            final long topNs = others.isEmpty() ? 0 : others.get(0).getValue();
            final String second = others.size() < 2 ? "none" : others.get(1).getKey();
            final long secondNs = others.size() < 2 ? 0 : others.get(1).getValue();
            long othersNs = 0;
            for (final Map.Entry<String, Long> entry : others)
            {
                othersNs += entry.getValue();
            }
            final long softirq = softirqNs.values().stream().mapToLong(Long::longValue).sum();
            return String.format(Locale.ROOT, "TAIL transport=%s threshold_ns=%d packets=%d tier=%s share=%.2f " +
                "windows=%d window_ms=%.1f covered=%.2f receiver=%s sleep_share=%.2f preempted_ms=%.1f " +
                "pollers_ms=%.1f top_preemptor=%s ms=%.1f second=%s second_ms=%.1f softirq_ms=%.1f lost_events=%d",
                transport, thresholdNs, packets, handlerShare >= 0.5 ? "ring_wait" : "bus",
                handlerShare >= 0.5 ? handlerShare : 1 - handlerShare, windows, windowNs / 1e6,
                windowNs == 0 ? 0.0 : (double)coveredNs / windowNs,
                receiverSleepNs * 2 > coveredNs ? "sleeping" : "runnable",
                coveredNs == 0 ? 0.0 : (double)receiverSleepNs / coveredNs, othersNs / 1e6,
                onCpu.getOrDefault(POLLERS, 0L) / 1e6, top.replace(' ', '_'), topNs / 1e6,
                second.replace(' ', '_'), secondNs / 1e6, softirq / 1e6, lostEvents);
        }

        /**
         * @return a Markdown section: the line, what held the CPU, the windows by second and the longest windows.
         */
        public String markdown()
        {
            final StringBuilder text = new StringBuilder();
            text.append("## ").append(transport).append(": where the packets above p99 waited\n\n")
                .append("`").append(line()).append("`\n\n")
                .append(String.format(Locale.ROOT, "%d packets at or above %.3f ms from the kernel stamp; %.0f%% " +
                "of their time in the handler tier (kernel stamp -> committed: ring wait and processing), the rest " +
                "handler -> subscriber. Their windows (kernel stamp -> callback) merge into %d (%.1f ms, %.0f%% " +
                "inside the trace); " +
                "in them the receive thread was asleep %.1f ms.%n%n", packets, thresholdNs / 1e6,
                100 * handlerShare, windows, windowNs / 1e6, windowNs == 0 ? 0.0 : 100.0 * coveredNs / windowNs,
                receiverSleepNs / 1e6))
                .append("| on the receive thread's CPU (process/thread) | ms | share of the windows |\n")
                .append("|---|---|---|\n");
            int rows = 0;
            for (final Map.Entry<String, Long> entry : onCpu.entrySet())
            {
                if (rows++ == 15)
                {
                    break;
                }
                text.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", entry.getKey(),
                    entry.getValue() / 1e6, coveredNs == 0 ? 0.0 : (double)entry.getValue() / coveredNs));
            }
            text.append("\nSoftirqs on that CPU in the windows (inside the threads above): ");
            softirqNs.forEach((kind, ns) -> text.append(String.format(Locale.ROOT, "%s %.2f ms; ", kind, ns / 1e6)));
            text.append("\n\nWindow time by second of the trace: ");
            windowsBySecond.forEach((second, ns) -> text.append(String.format(Locale.ROOT, "s%d %.1f ms; ", second,
                ns / 1e6)));
            text.append("\n\nThe longest windows (start, from the first event of the trace):\n\n");
            for (final String window : longest)
            {
                text.append("- ").append(window).append('\n');
            }
            return text.append('\n').toString();
        }
    }

    /**
     * Attribute the tail.
     *
     * @param transport   of the run.
     * @param trace       the text of the trace ({@link SchedTrace#copyTo(Path)}).
     * @param packets     every measured packet's stamps (monotonic ns).
     * @param thresholdNs kernel stamp -> callback at or above which a packet is in the tail.
     * @param lostEvents  events the trace overwrote.
     * @return the attribution.
     * @throws IOException when the trace cannot be read.
     */
    public Result attribute(
        final String transport, final Path trace, final List<Packet> packets, final long thresholdNs,
        final long lostEvents) throws IOException
    {
        long tailNs = 0;
        long tailHandlerNs = 0;
        int handlerPackets = 0;
        final List<long[]> raw = new ArrayList<>();
        int tail = 0;
        for (final Packet packet : packets)
        {
            if (packet.totalNs() < thresholdNs)
            {
                continue;
            }
            tail++;
            tailNs += packet.totalNs();
            tailHandlerNs += Math.max(0, packet.handlerNs());
            if (packet.handlerNs() >= packet.busNs())
            {
                handlerPackets++;
            }
            raw.add(new long[]{packet.kernelNs(), packet.callbackNs()});
        }
        final long[][] windows = merge(raw);
        final Timeline timeline = read(trace);
        final Map<String, Long> onCpu = new HashMap<>();
        final Map<String, Long> softirq = new HashMap<>();
        long windowNs = 0;
        long coveredNs = 0;
        long sleepNs = 0;
        final Map<Long, Long> bySecond = new java.util.TreeMap<>();
        final List<long[]> byLength = new ArrayList<>();
        for (final long[] window : windows)
        {
            windowNs += window[1] - window[0];
            final long start = Math.max(window[0], timeline.firstNs);
            final long end = Math.min(window[1], timeline.lastNs);
            if (end > start)
            {
                coveredNs += end - start;
                timeline.slices.overlap(start, end, onCpu);
                timeline.softirqs.overlap(start, end, softirq);
                sleepNs += timeline.receiverAsleep.total(start, end);
                final long second = (window[0] - timeline.firstNs) / 1_000_000_000L;
                bySecond.merge(second, window[1] - window[0], Long::sum);
                byLength.add(window);
            }
        }
        byLength.sort((a, b) -> Long.compare(b[1] - b[0], a[1] - a[0]));
        final List<String> longest = new ArrayList<>();
        for (int i = 0; i < Math.min(10, byLength.size()); i++)
        {
            final long[] window = byLength.get(i);
            final Map<String, Long> held = new HashMap<>();
            timeline.slices.overlap(window[0], window[1], held);
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.3f s, %.2f ms:",
                (window[0] - timeline.firstNs) / 1e9, (window[1] - window[0]) / 1e6));
            for (final Map.Entry<String, Long> entry : sorted(held).entrySet())
            {
                if (entry.getValue() >= 50_000)
                {
                    line.append(String.format(Locale.ROOT, " %s %.2f ms,", entry.getKey(), entry.getValue() / 1e6));
                }
            }
            line.setLength(line.length() - (line.charAt(line.length() - 1) == ',' ? 1 : 0));
            longest.add(line.toString());
        }
        return new Result(transport, thresholdNs, tail, tailNs == 0 ? 0 : (double)tailHandlerNs / tailNs,
            handlerPackets, windows.length, windowNs, coveredNs, sorted(onCpu), sorted(softirq), sleepNs, bySecond,
            longest, lostEvents);
    }

    private static Map<String, Long> sorted(final Map<String, Long> map)
    {
        final Map<String, Long> sorted = new LinkedHashMap<>();
        map.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    static long[][] merge(final List<long[]> intervals)
    {
        final List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        final List<long[]> merged = new ArrayList<>();
        for (final long[] interval : sorted)
        {
            if (interval[1] <= interval[0])
            {
                continue;
            }
            final long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && interval[0] <= last[1])
            {
                last[1] = Math.max(last[1], interval[1]);
            }
            else
            {
                merged.add(new long[]{interval[0], interval[1]});
            }
        }
        return merged.toArray(new long[0][]);
    }

    /**
     * Labelled intervals, sorted by start, that do not overlap each other.
     */
    static final class Slices
    {
        private long[] starts = new long[1024];
        private long[] ends = new long[1024];
        private final List<String> labels = new ArrayList<>();

        void add(final long start, final long end, final String label)
        {
            if (end <= start)
            {
                return;
            }
            final int index = labels.size();
            if (index == starts.length)
            {
                starts = Arrays.copyOf(starts, index * 2);
                ends = Arrays.copyOf(ends, index * 2);
            }
            starts[index] = start;
            ends[index] = end;
            labels.add(label);
        }

        void overlap(final long from, final long to, final Map<String, Long> into)
        {
            int low = 0;
            int high = labels.size();
            while (low < high)
            {
                final int mid = (low + high) >>> 1;
                if (ends[mid] <= from)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }
            for (int i = low; i < labels.size() && starts[i] < to; i++)
            {
                final long ns = Math.min(to, ends[i]) - Math.max(from, starts[i]);
                if (ns > 0)
                {
                    into.merge(labels.get(i), ns, Long::sum);
                }
            }
        }

        long total(final long from, final long to)
        {
            final Map<String, Long> sum = new HashMap<>();
            overlap(from, to, sum);
            return sum.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The receive thread's CPU over the trace: who held it, softirqs, when the receive thread was asleep.
     */
    static final class Timeline
    {
        final Slices slices = new Slices();
        final Slices softirqs = new Slices();
        final Slices receiverAsleep = new Slices();
        long firstNs = Long.MAX_VALUE;
        long lastNs = Long.MIN_VALUE;
    }

    Timeline read(final Path trace) throws IOException
    {
        final Timeline timeline = new Timeline();
        final Map<Long, Set<String>> threadsOfGroup = new HashMap<>();
        final Map<Long, Long> groupOfThread = new HashMap<>();
        // the slices are labelled by tid first, by role once every line has been read
        final List<Object[]> pending = new ArrayList<>();
        long currentTid = -1;
        long currentSinceNs = -1;
        long softirqSinceNs = -1;
        String softirqKind = null;
        long asleepSinceNs = -1;
        try (BufferedReader reader = Files.newBufferedReader(trace))
        {
            String text;
            while ((text = reader.readLine()) != null)
            {
                if (text.startsWith("#"))
                {
                    continue;
                }
                final Matcher line = LINE.matcher(text);
                if (!line.matches())
                {
                    continue;
                }
                final long tid = Long.parseLong(line.group(2));
                final String tgidText = line.group(3);
                if (!tgidText.startsWith("-"))
                {
                    final long tgid = Long.parseLong(tgidText);
                    groupOfThread.put(tid, tgid);
                    threadsOfGroup.computeIfAbsent(tgid, key -> new TreeSet<>()).add(line.group(1).trim());
                }
                final int eventCpu = Integer.parseInt(line.group(4));
                final long ns = Long.parseLong(line.group(5)) * 1_000_000_000L +
                    Long.parseLong((line.group(6) + "000000000").substring(0, 9));
                final String event = line.group(7);
                final String fields = line.group(8);
                // a wake-up is recorded on the waker's CPU (the trace keeps those targeting the receive thread's)
                if (eventCpu != cpu && cpu >= 0 && !"sched_wakeup".equals(event))
                {
                    continue;
                }
                timeline.firstNs = Math.min(timeline.firstNs, ns);
                timeline.lastNs = Math.max(timeline.lastNs, ns);
                switch (event)
                {
                    case "sched_switch" ->
                    {
                        final Matcher s = SWITCH.matcher(fields);
                        if (!s.matches())
                        {
                            continue;
                        }
                        final long prev = Long.parseLong(s.group(2));
                        final long next = Long.parseLong(s.group(6));
                        final String prevState = s.group(4);
                        // a kernel priority below 100 is a real-time thread (SCHED_FIFO/RR priority 99 - prio)
                        final int prio = Integer.parseInt(s.group(3));
                        pending.add(new Object[]{currentSinceNs < 0 ? timeline.firstNs : currentSinceNs, ns, prev,
                            prio < 100 ? s.group(1) + " (rt " + (99 - prio) + ")" : s.group(1)});
                        if (prev == receiveTid && !prevState.startsWith("R") && asleepSinceNs < 0)
                        {
                            asleepSinceNs = ns;
                        }
                        currentTid = next;
                        currentSinceNs = ns;
                    }
                    case "sched_wakeup" ->
                    {
                        final Matcher w = WAKEUP.matcher(fields);
                        if (w.matches() && Long.parseLong(w.group(2)) == receiveTid && asleepSinceNs >= 0)
                        {
                            timeline.receiverAsleep.add(asleepSinceNs, ns, "asleep");
                            asleepSinceNs = -1;
                        }
                    }
                    case "softirq_entry" ->
                    {
                        final Matcher v = SOFTIRQ.matcher(fields);
                        softirqKind = v.matches() ? v.group(2) : fields;
                        softirqSinceNs = ns;
                    }
                    case "softirq_exit" ->
                    {
                        if (softirqSinceNs >= 0)
                        {
                            timeline.softirqs.add(softirqSinceNs, ns, softirqKind);
                        }
                        softirqSinceNs = -1;
                    }
                    default ->
                    {
                    }
                }
            }
        }
        if (currentTid >= 0 && currentSinceNs >= 0)
        {
            pending.add(new Object[]{currentSinceNs, timeline.lastNs, currentTid, "?"});
        }
        if (asleepSinceNs >= 0)
        {
            timeline.receiverAsleep.add(asleepSinceNs, timeline.lastNs, "asleep");
        }
        // by thread and name: a process that exec()s keeps its tid and changes its name (ip netns exec -> java)
        final Map<String, String> labels = new HashMap<>();
        for (final Object[] slice : pending)
        {
            final long tid = (Long)slice[2];
            final String comm = (String)slice[3];
            final String label = labels.computeIfAbsent(tid + "/" + comm, key -> label(tid, comm, groupOfThread,
                threadsOfGroup));
            timeline.slices.add((Long)slice[0], (Long)slice[1], label);
        }
        return timeline;
    }

    private String label(
        final long tid, final String comm, final Map<Long, Long> groupOfThread,
        final Map<Long, Set<String>> threadsOfGroup)
    {
        if (tid == receiveTid || tid == subscriberTid)
        {
            return POLLERS;
        }
        if (tid == 0 || comm.startsWith("swapper"))
        {
            return IDLE;
        }
        // Aeron names the embedded media driver's (shared) agent thread after its directory
        final String thread = comm.trim().startsWith("/") ? "aeron-driver" : comm.trim();
        final Long tgid = groupOfThread.get(tid);
        if (tgid == null)
        {
            return "?/" + thread;
        }
        final String role = roles.get(tgid);
        if (role != null)
        {
            return role + "/" + thread;
        }
        // other people's handlers and simulators, with threads of the same names, are "other"
        final Set<String> threads = threadsOfGroup.getOrDefault(tgid, Set.of());
        if (tgid == tid && threads.size() <= 1 && (thread.startsWith("kworker") || thread.startsWith("ksoftirqd") ||
            thread.startsWith("rcu") || thread.startsWith("migration") || thread.startsWith("kdamond")))
        {
            return "kernel/" + thread;
        }
        return (threads.contains("java") || threads.stream().anyMatch(name -> name.contains("CompilerThre")) ?
            "other-java" : "other") + "/" + thread;
    }
}
