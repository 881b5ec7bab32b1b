package io.xdpfeed.bench.live;

import io.xdpfeed.bench.live.LiveSubscriber.Counter;
import io.xdpfeed.sim.send.SendLog;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.sim.truth.TruthBook;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One run of the live path in a {@link Lab}, each part its own process: the feed handler in the handler namespace
 * (embedded media driver in a known directory under /dev/shm, which {@code ip netns exec} leaves shared), a
 * {@link LiveSubscriber} in this JVM on that driver's Aeron IPC stream, and the exchange simulator sending from the
 * exchange namespace. The session waits for the simulator to finish, lets the handler settle (recoveries, the last
 * records), compares the subscriber's books with the simulator's truth, reads the handler's counters, then stops the
 * handler with SIGTERM and removes what it created.
 */
public final class LiveSession
{
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final long HANDLER_START_TIMEOUT_MS = 90_000;
    private static final long SETTLE_QUIET_MS = 2_000;

    private final Lab lab;
    private final Settings settings;
    private final Consumer<String> progress;
    private long simulatorPid = -1;

    /**
     * @param lab      up.
     * @param settings of the run.
     * @param progress receives a line per second while the simulator sends, and notes; may ignore them.
     */
    public LiveSession(final Lab lab, final Settings settings, final Consumer<String> progress)
    {
        this.lab = lab;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Run it.
     *
     * @return what was measured.
     * @throws IllegalStateException when a process fails, with its output.
     */
    public LiveResult run()
    {
        final Settings s = settings;
        final String tag = s.transport + (s.remote == null ? "" : "-remote") + "-" + RUNS.incrementAndGet();
        final Path dir = s.workDir.resolve(tag);
        final String aeronDir = "/dev/shm/xdpfeed-live-" + ProcessHandle.current().pid() + "-" + tag;
        final String strategyAeronDir = "/dev/shm/xdpfeed-live-strategy-" + ProcessHandle.current().pid() + "-" + tag;
        final Path truthFile = dir.resolve("truth.json");
        final String logName = "e2e-" + s.transport + (s.remote == null ? "" : "-remote") + ".hlog";
        final Path intervalLog = s.intervalLogDir == null ? dir.resolve(logName) : s.intervalLogDir.resolve(logName);
        try
        {
            Files.createDirectories(dir);
            Files.createDirectories(intervalLog.toAbsolutePath().getParent());
            Files.writeString(dir.resolve("handler.properties"), handlerProperties(aeronDir) +
                (s.remote == null ? "" : s.remote.handlerProperties(dir)));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write to " + dir + ": " + ex.getMessage(), ex);
        }

        final List<String> handlerJvm = new ArrayList<>(s.handlerJvmArgs);
        try (ChildProcess handler = ChildProcess.start("feed-handler (" + s.transport + ")", ChildProcess.java(
            lab.inHandler(), handlerJvm, "io.xdpfeed.handler.FeedHandlerMain",
            List.of("--config", dir.resolve("handler.properties").toString())), dir.resolve("handler.log"));
            ChildProcess strategyDriver = s.remote == null ? null :
                s.remote.startStrategyDriver(lab, strategyAeronDir, dir.resolve("strategy-driver.log")))
        {
            final String started;
            try
            {
                started = handler.awaitLine("feed-handler: channels", HANDLER_START_TIMEOUT_MS);
            }
            catch (final IllegalStateException ex)
            {
                throw new HandlerStartException(ex.getMessage(), HandlerStartException.reason(handler.lines()), ex);
            }
            final String actualTransport = started.replaceAll(".* -> (\\w+) on .*", "$1");
            String fallbackReason = null;
            for (final String line : handler.lines())
            {
                if (line.contains("AF_XDP not used ("))
                {
                    fallbackReason = line.replaceAll(".*AF_XDP not used \\((.*)\\); using kernel UDP.*", "$1");
                }
            }
            progress.accept("handler up in " + lab.handlerNamespace() + ": transport " + s.transport + " -> " +
                actualTransport + (fallbackReason == null ? "" : " (" + fallbackReason + ")") + ", aeron dir " +
                aeronDir + (s.handlerCpu >= 0 ? ", receive thread on CPU " + s.handlerCpu : ""));

            // the subscriber counts what the records carry as msgSeqNum: CME packets, or ITCH messages
            final ItchLiveRun.Sequences itch = s.itch() ? ItchLiveRun.sequences(s.instruments, s.packets, s.seed,
                Math.min(s.warmUpPackets, s.packets / 2)) : null;
            final long warmUp = itch != null ? itch.warmUpSequence() : Math.min(s.warmUpPackets, s.packets / 2);
            final long last = itch != null ? itch.lastSequence() : s.packets;
            final BitSet bearingPackets = itch != null ? itch.bearing() :
                RecordBearingPackets.of(s.instruments, s.packets, s.seed);
            final long bearing = bearingPackets.cardinality();
            final long measuredBearing = bearingPackets.get((int)warmUp + 1, (int)last + 1).cardinality();
            try (LiveSubscriber subscriber = new LiveSubscriber(s.remote == null ?
                    new MarketDataSubscriber.Context().aeronDirectoryName(aeronDir) :
                    s.remote.subscriberContext(strategyAeronDir), last, warmUp, idle(s.subscriberIdle),
                    s.subscriberCpu, s.realtime);
                EndToEndIntervalLogger logger = new EndToEndIntervalLogger(subscriber, intervalLog, s.transport,
                    progress);
                TailTrace trace = s.tailLines == null ? null : TailTrace.start(tag, handler.pid(), s.handlerCpu))
            {
                subscriber.awaitConnected(30_000);
                logger.start();
                if (s.housekeepingCpu >= 0)
                {
                    progress.accept(ThreadPlacement.housekeeping(handler.pid(), s.housekeepingCpu));
                }
                final long startMs = System.currentTimeMillis();
                final List<String> simulatorSummary = runSimulator(dir, truthFile, dir.resolve("send-log.bin"));
                if (trace != null)
                {
                    trace.stop();
                }
                settle(subscriber, handler, bearing);
                final Map<Integer, TruthBook> truth = SimulatorOutput.truth(truthFile);
                BookComparison books = subscriber.onPollThread(mirror -> BookComparison.compare(mirror,
                    s.channelId, truth));
                final long settleDeadlineMs = System.currentTimeMillis() + s.settleTimeoutMs;
                while (!books.allEqual() && System.currentTimeMillis() < settleDeadlineMs)
                {
                    ChildProcess.sleep(200);
                    books = subscriber.onPollThread(mirror -> BookComparison.compare(mirror, s.channelId, truth));
                }
                final long elapsedMs = System.currentTimeMillis() - startMs;
                final HandlerCounterSnapshot counters = HandlerCounterSnapshot.read(aeronDir);
                if (s.remote != null)
                {
                    // Aeron's own account of the link: NAKs, retransmits, status messages, positions
                    progress.accept("handler-host driver: " + DriverCounterSnapshot.read(aeronDir).format());
                    progress.accept("strategy-host driver: " + DriverCounterSnapshot.read(strategyAeronDir).format());
                }
                final Histogram total = logger.finish();
                final Histogram fromKernel = subscriber.fromKernel();
                final long packets = SimulatorOutput.sentPackets(simulatorSummary);
                final long measured = subscriber.count(Counter.MEASURED_PACKETS);
                final long warmUpLost =
                    (bearing - measuredBearing) - (subscriber.count(Counter.DISTINCT_PACKETS) - measured);
                subscriber.close();
                handler.close();
                if (trace != null)
                {
                    s.tailLines.accept(trace.attribute(s.transport, subscriber, fromKernel, warmUp, s.packets,
                        simulatorPid, dir, intervalLog.toAbsolutePath().getParent().resolve("tail.md")));
                }
                final SenderSplit sender = readSendLog(dir.resolve("send-log.bin"), subscriber, warmUp);
                final List<String> handlerSummary = new ArrayList<>();
                for (final String line : handler.lines())
                {
                    if (line.startsWith("SUMMARY"))
                    {
                        handlerSummary.add(line);
                    }
                }
                final SessionReplay replay = s.remote == null || !s.remote.archive() ? null :
                    SessionReplay.run(RemoteLayout.archiveDirectory(dir), 1001, s.channelId, truth, 60_000);
                return new LiveResult(s.transport, actualTransport, fallbackReason, s.ratePps, packets, warmUp,
                    measuredBearing, measured, warmUpLost, subscriber.highestMsgSeqNum(), total, fromKernel,
                    subscriber.count(Counter.NEGATIVE), subscriber.count(Counter.CLAMPED), books, counters,
                    simulatorSummary, handlerSummary, intervalLog, elapsedMs, sender,
                    s.remote == null ? "local" : "remote", replay);
            }
        }
        finally
        {
            IoUtil.delete(new File(aeronDir), true);
            IoUtil.delete(new File(strategyAeronDir), true);
        }
    }

    private String handlerProperties(final String aeronDir)
    {
        final Settings s = settings;
        return (s.itch() ? ItchLiveRun.handlerLines() + ItchLiveRun.handlerRecoveryLines() :
            "xdpfeed.cme.config=" + lab.config() + "\n") +
            "xdpfeed.transport=" + s.transport + "\n" +
            "xdpfeed.interface=" + Lab.HANDLER_INTERFACE + "\n" +
            "xdpfeed.cpu=" + s.handlerCpu + "\n" +
            (s.handlerIdle.isEmpty() ? "" : "xdpfeed.receive.idle=" + s.handlerIdle + "\n") +
            (s.realtime > 0 ? "xdpfeed.receive.priority=" + s.realtime + "\n" : "") +
            (s.recoveryLines.isEmpty() ? "" : "xdpfeed.recovery.lines=" + s.recoveryLines + "\n") +
            "aeron.dir=" + aeronDir + "\n";
    }

    private List<String> runSimulator(final Path dir, final Path truthFile, final Path sendLog)
    {
        final Settings s = settings;
        final List<String> prefix = new ArrayList<>();
        if (s.housekeepingCpu >= 0)
        {
            prefix.addAll(List.of("taskset", "-c", Integer.toString(s.housekeepingCpu)));
        }
        prefix.addAll(lab.inExchange());
        final List<String> args = new ArrayList<>(s.itch() ? List.of("--protocol", "itch") : List.of());
        args.addAll(List.of("--send", "--rate", Integer.toString(s.ratePps), "--packets", Long.toString(s.packets),
            "--instruments", Integer.toString(s.instruments), "--seed", Long.toString(s.seed),
            "--truth", truthFile.toString()));
        if (s.itch())
        {
            // its MoldUDP64 re-request and GLIMPSE snapshot servers, which the handler is configured with
            args.addAll(ItchLiveRun.simulatorServerArgs());
        }
        else
        {
            // the ITCH simulator sends with one write per datagram: no send log, sender CPU, sender choice or linger
            args.addAll(List.of("--send-log", sendLog.toString()));
            option(args, s.senderCpu >= 0, "--cpu", Integer.toString(s.senderCpu));
            option(args, !s.senderTx.isEmpty(), "--tx", s.senderTx);
            option(args, s.lingerMs > 0, "--linger-ms", Long.toString(s.lingerMs));
        }
        option(args, s.lossA > 0, "--loss-a", Double.toString(s.lossA));
        option(args, s.lossB > 0, "--loss-b", Double.toString(s.lossB));
        option(args, s.lossBothBursts > 0, "--loss-both-bursts", Integer.toString(s.lossBothBursts));
        progress.accept("simulator in " + lab.exchangeNamespace() + ": " + String.join(" ", args));
        try (ChildProcess simulator = ChildProcess.start("exchange-sim", ChildProcess.java(
            prefix, List.of(), "io.xdpfeed.sim.ExchangeSimulatorMain", args), dir.resolve("simulator.log")))
        {
            simulatorPid = simulator.pid();
            final long timeoutMs = 120_000 + 1_000 * s.packets / Math.max(1, s.ratePps);
            final int exit = simulator.awaitExit(timeoutMs);
            if (exit != 0)
            {
                throw new IllegalStateException("exchange-sim failed (exit " + exit + "):\n" + simulator.tail(30));
            }
            return simulator.lines();
        }
    }

    private static void option(final List<String> args, final boolean given, final String option, final String value)
    {
        if (given)
        {
            args.addAll(List.of(option, value));
        }
    }

    /**
     * Wait until the subscriber has every packet expected, or has received nothing new for a while.
     */
    private void settle(final LiveSubscriber subscriber, final ChildProcess handler, final long expected)
    {
        final long deadlineMs = System.currentTimeMillis() + settings.settleTimeoutMs;
        long last = -1;
        long lastChangeMs = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadlineMs)
        {
            if (!handler.isAlive())
            {
                throw new IllegalStateException("feed-handler ended (exit " + handler.exitValue() + "):\n" +
                    handler.tail(30));
            }
            final long received = subscriber.count(Counter.DISTINCT_PACKETS);
            if (received >= expected)
            {
                return;
            }
            if (received != last)
            {
                last = received;
                lastChangeMs = System.currentTimeMillis();
            }
            else if (System.currentTimeMillis() - lastChangeMs > SETTLE_QUIET_MS)
            {
                return;
            }
            ChildProcess.sleep(50);
        }
    }

    private static SenderSplit readSendLog(final Path file, final LiveSubscriber subscriber, final long warmUp)
    {
        try
        {
            return Files.isReadable(file) ? SenderSplit.of(SendLog.read(file), subscriber, warmUp) : null;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the simulator's send log " + file + ": " +
                ex.getMessage(), ex);
        }
    }

    static IdleStrategy idle(final String name)
    {
        return switch (name)
        {
            case "spin" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy();
            default -> throw new IllegalArgumentException("subscriber idle " + name + ": use spin, yield or backoff");
        };
    }

    static String micros(final long ns)
    {
        return ns < 10_000 ? ns + " ns" : ns < 10_000_000 ? (ns / 1_000) + " us" : (ns / 1_000_000) + " ms";
    }

    /**
     * Settings of a session; defaults make a short lossless run on kernel UDP.
     */
    public static final class Settings
    {
        /** Default {@link #lingerMs(long)}: two seconds of snapshot and definition loops after the session. */
        public static final long DEFAULT_LINGER_MS = 2_000;

        private String transport = "udp";
        private String protocol = "mdp3";
        private long packets = 20_000;
        private int ratePps = 10_000;
        private int instruments = 10;
        private long seed = 1;
        private String senderTx = "";
        private long lingerMs = DEFAULT_LINGER_MS;
        private double lossA;
        private double lossB;
        private int lossBothBursts;
        private long warmUpPackets;
        private int handlerCpu = -1;
        private int senderCpu = -1;
        private String subscriberIdle = "yield";
        private String handlerIdle = "";
        private String recoveryLines = "";
        private int subscriberCpu = -1;
        private int realtime;
        private long settleTimeoutMs = 20_000;
        private int channelId = 1;
        private Path workDir = Path.of("build", "live");
        private Path intervalLogDir;
        private final List<String> handlerJvmArgs = new ArrayList<>();
        private RemoteLayout remote;
        private Consumer<String> tailLines;
        private int housekeepingCpu = -1;

        /**
         * @param remote the three-host layout (the lab must be up with the strategy host), null for the subscriber
         *               on the handler's host over IPC.
         * @return this.
         */
        public Settings remote(final RemoteLayout remote)
        {
            this.remote = remote;
            return this;
        }

        /**
         * @return the three-host layout, or null.
         */
        public RemoteLayout remote()
        {
            return remote;
        }

        /**
         * @param protocol mdp3 (the CME simulator, default) or itch ({@code exchange-sim --protocol itch}).
         * @return this.
         */
        public Settings protocol(final String protocol)
        {
            this.protocol = protocol;
            return this;
        }

        boolean itch()
        {
            return "itch".equals(protocol);
        }

        /**
         * @param transport xdp, udp or auto.
         * @return this.
         */
        public Settings transport(final String transport)
        {
            this.transport = transport;
            return this;
        }

        /**
         * @param packets incremental packets the simulator sends.
         * @return this.
         */
        public Settings packets(final long packets)
        {
            this.packets = packets;
            return this;
        }

        /**
         * @param ratePps incremental packets per second.
         * @return this.
         */
        public Settings ratePps(final int ratePps)
        {
            this.ratePps = ratePps;
            return this;
        }

        /**
         * @param instruments of the simulated channel.
         * @return this.
         */
        public Settings instruments(final int instruments)
        {
            this.instruments = instruments;
            return this;
        }

        /**
         * @param seed of the simulator.
         * @return this.
         */
        public Settings seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * @param senderTx the simulator's {@code --tx}: auto, xdp, mmsg or udp; empty for its default (auto).
         * @return this.
         */
        public Settings senderTx(final String senderTx)
        {
            this.senderTx = senderTx;
            return this;
        }

        /**
         * @param lingerMs the simulator's {@code --linger-ms}: how long its snapshot and definition loops go on after
         *                 the last incremental packet, so that a handler joining the snapshot line on demand for a
         *                 loss near the end (or behind a late sender) still finds it running.
         * @return this.
         */
        public Settings lingerMs(final long lingerMs)
        {
            this.lingerMs = lingerMs;
            return this;
        }

        /**
         * @param lossA probability a packet is lost on line A only.
         * @param lossB probability a packet is lost on line B only.
         * @param bursts bursts lost on both lines (snapshot recovery).
         * @return this.
         */
        public Settings faults(final double lossA, final double lossB, final int bursts)
        {
            this.lossA = lossA;
            this.lossB = lossB;
            this.lossBothBursts = bursts;
            return this;
        }

        /**
         * @param warmUpPackets MsgSeqNums of the warm-up, not counted (at most half the packets).
         * @return this.
         */
        public Settings warmUpPackets(final long warmUpPackets)
        {
            this.warmUpPackets = warmUpPackets;
            return this;
        }

        /**
         * @param handlerCpu CPU of the handler's receive thread, -1 for none.
         * @param senderCpu  CPU of the simulator's sending thread ({@code --cpu}), -1 for none.
         * @return this.
         */
        public Settings cpus(final int handlerCpu, final int senderCpu)
        {
            this.handlerCpu = handlerCpu;
            this.senderCpu = senderCpu;
            return this;
        }

        /**
         * @param recoveryLines {@code xdpfeed.recovery.lines} of the handler: on-demand or always; empty for the
         *                      handler's default (on-demand).
         * @return this.
         */
        public Settings recoveryLines(final String recoveryLines)
        {
            this.recoveryLines = recoveryLines;
            return this;
        }

        /**
         * @param handlerIdle idle strategy of the handler's receive thread: spin, yield, backoff; empty for the
         *                    handler's default.
         * @return this.
         */
        public Settings handlerIdle(final String handlerIdle)
        {
            this.handlerIdle = handlerIdle;
            return this;
        }

        /**
         * @param subscriberCpu CPU of the subscriber's polling thread, -1 for none.
         * @return this.
         */
        public Settings subscriberCpu(final int subscriberCpu)
        {
            this.subscriberCpu = subscriberCpu;
            return this;
        }

        /**
         * @param priority SCHED_FIFO priority of the handler's receive thread and the subscriber's polling thread,
         *                 0 for none.
         * @return this.
         */
        public Settings realtime(final int priority)
        {
            this.realtime = priority;
            return this;
        }

        /**
         * @param tailLines receives the {@code TAIL} line of each run, which is recorded with a scheduler trace
         *                  ({@link TailTrace}); null for no trace.
         * @return this.
         */
        public Settings traceSched(final Consumer<String> tailLines)
        {
            this.tailLines = tailLines;
            return this;
        }

        /**
         * @param cpu where every thread of the handler, the simulator and this JVM goes but the receive thread, the
         *            subscriber and this JVM's main threads ({@link ThreadPlacement}); -1 to leave them unpinned.
         * @return this.
         */
        public Settings housekeepingCpu(final int cpu)
        {
            this.housekeepingCpu = cpu;
            return this;
        }

        /**
         * @return a one-line description of the threads: CPUs and idle strategies.
         */
        public String threads()
        {
            return "handler receive thread " + (handlerCpu >= 0 ? "on CPU " + handlerCpu : "unpinned") + ", idle " +
                (handlerIdle.isEmpty() ? (handlerCpu >= 0 ? "spin" : "backoff") : handlerIdle) +
                "; simulator sending thread " + (senderCpu >= 0 ? "on CPU " + senderCpu : "unpinned") +
                " (busy-spin pacer, --tx " + (senderTx.isEmpty() ? "auto" : senderTx) + "); subscriber " +
                (subscriberCpu >= 0 ? "on CPU " + subscriberCpu : "unpinned") +
                ", idle " + subscriberIdle + (realtime > 0 ? "; receive and subscriber threads SCHED_FIFO " +
                realtime : "") + (housekeepingCpu >= 0 ? "; every other thread of the handler, simulator and " +
                "subscriber JVM on CPU " + housekeepingCpu : "") + "; nice " +
                System.getProperty("xdpfeed.bench.nice", "0");
        }

        /**
         * @param subscriberIdle spin, yield or backoff.
         * @return this.
         */
        public Settings subscriberIdle(final String subscriberIdle)
        {
            this.subscriberIdle = subscriberIdle;
            return this;
        }

        /**
         * @param settleTimeoutMs longest wait after the simulator ends for the last records and equal books.
         * @return this.
         */
        public Settings settleTimeoutMs(final long settleTimeoutMs)
        {
            this.settleTimeoutMs = settleTimeoutMs;
            return this;
        }

        /**
         * @param workDir where logs, properties and the truth go (a folder per run).
         * @return this.
         */
        public Settings workDir(final Path workDir)
        {
            this.workDir = workDir;
            return this;
        }

        /**
         * @param intervalLogDir where the interval logs go, null for the run's folder.
         * @return this.
         */
        public Settings intervalLogDir(final Path intervalLogDir)
        {
            this.intervalLogDir = intervalLogDir;
            return this;
        }

        /**
         * @param args extra JVM arguments of the handler, e.g. {@code -Dxdpfeed.gap.wait=5ms}.
         * @return this.
         */
        public Settings handlerJvmArgs(final String... args)
        {
            handlerJvmArgs.addAll(List.of(args));
            return this;
        }

        /**
         * @return the transport asked for.
         */
        public String transport()
        {
            return transport;
        }

        /**
         * @return packets sent.
         */
        public long packets()
        {
            return packets;
        }

        /**
         * @return rate asked.
         */
        public int ratePps()
        {
            return ratePps;
        }

        /**
         * @return where logs, properties and the truth go.
         */
        public Path workDir()
        {
            return workDir;
        }

        /**
         * @return MsgSeqNums not timed.
         */
        public long warmUpPackets()
        {
            return warmUpPackets;
        }

        /**
         * @return a copy of these settings (the JVM arguments included).
         */
        public Settings copy()
        {
            final Settings copy = new Settings().transport(transport).packets(packets).ratePps(ratePps)
                .instruments(instruments).seed(seed).faults(lossA, lossB, lossBothBursts).warmUpPackets(warmUpPackets)
                .cpus(handlerCpu, senderCpu).subscriberIdle(subscriberIdle).handlerIdle(handlerIdle)
                .recoveryLines(recoveryLines).subscriberCpu(subscriberCpu).settleTimeoutMs(settleTimeoutMs)
                .workDir(workDir).intervalLogDir(intervalLogDir);
            copy.channelId = channelId;
            copy.protocol = protocol;
            copy.senderTx = senderTx;
            copy.lingerMs = lingerMs;
            copy.realtime = realtime;
            copy.handlerJvmArgs.addAll(handlerJvmArgs);
            copy.remote = remote;
            copy.tailLines = tailLines;
            copy.housekeepingCpu = housekeepingCpu;
            return copy;
        }
    }
}
