package io.xdpfeed.bench.live;

import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.replay.EngineReplay;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.handler.replay.DemoMain;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.xdp.XdpSupport;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code scripts/demo}: the live path on its embedded default, for {@code --seconds N} of sending, then a summary of
 * the books (against the simulator's truth) and of the end-to-end latency.
 * <ul>
 *   <li>As root: a lab of its own, the exchange simulator sending a channel with a little loss on each line and two
 *       bursts lost on both (so snapshot recovery shows), the feed handler in the handler namespace over AF_XDP (kernel
 *       UDP when AF_XDP is not possible here, saying why) with its embedded media driver, and a subscriber on its
 *       Aeron IPC stream.</li>
 *   <li>Not root: no lab; the bundled real CME capture through the packet path, then a simulated session replayed
 *       through the same engine in-process, books against the truth (no live latency).</li>
 * </ul>
 */
public final class LiveDemo
{
    private static final String USAGE = """
        usage: demo [--seconds N] [--rate R] [--transport auto|xdp|udp] [--replay] [--remote]
          --seconds N     seconds of sending (default 10); the demo ends by itself about 20 s later at most
          --rate R        incremental packets per second, k suffix allowed (default 10k)
          --transport T   auto (default: AF_XDP when possible, else kernel UDP), xdp or udp
          --replay        what runs without root: capture replay and the engine in-process, no lab
          --remote        three hosts: the subscriber on a strategy host over Aeron UDP, the session recorded by
                          the handler's archive and replayed after it (docs/distribution.md)
        """;
    private static final int INSTRUMENTS = 10;
    private static final long SEED = 1;
    private static final double LOSS_A = 0.001;
    private static final double LOSS_B = 0.001;
    private static final int BURSTS = 2;
    private static final String LAB_PREFIX = "xdpfeed-demo";

    private LiveDemo()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        final PrintStream out = System.out;
        int seconds = 10;
        int rate = 10_000;
        String transport = "auto";
        boolean replay = false;
        boolean remote = false;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                switch (arg)
                {
                    case "--seconds" -> seconds = positiveNumber(arg, value(args, ++i, arg));
                    case "--rate" -> rate = positiveNumber(arg, value(args, ++i, arg));
                    case "--transport" -> transport = value(args, ++i, arg);
                    case "--replay" -> replay = true;
                    case "--remote" -> remote = true;
                    case "-h", "--help" ->
                    {
                        out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (!List.of("auto", "xdp", "udp").contains(transport))
            {
                throw new IllegalArgumentException("--transport " + transport + ": use auto, xdp or udp");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("demo: " + ex.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }

        final String unavailable = replay ? "--replay asked for" : Lab.unavailableReason();
        if (unavailable != null)
        {
            out.println("demo: no live path (it needs the lab): " + unavailable);
            out.println("demo: instead, the bundled real CME capture through the packet path, then a simulated " +
                "session through the engine in-process");
            System.exit(replay(out, seconds, rate));
            return;
        }
        System.exit(live(out, seconds, rate, transport, remote));
    }

    private static int live(
        final PrintStream out, final int seconds, final int rate, final String asked, final boolean remote)
    {
        String transport = asked;
        if ("auto".equals(asked))
        {
            final String reason = XdpSupport.unavailableReason("lo");
            transport = reason == null ? "xdp" : "udp";
            out.println(reason == null ? "demo: AF_XDP is possible here: transport xdp" :
                "demo: AF_XDP is not possible here (" + reason + "): transport udp (kernel sockets)");
        }
        final long packets = (long)seconds * rate;
        // what demos killed outright (kill -9) left: their children died with them, their folders and labs did not
        final Path base = Path.of("build", "demo").toAbsolutePath();
        for (final Path removed : RunDirectory.removeDead(base))
        {
            out.println("demo: removed " + removed + " (left by a demo that was killed)");
        }
        for (final String removed : Lab.removeDead(LAB_PREFIX))
        {
            out.println("demo: removed namespace " + removed + " (left by a demo that was killed)");
        }
        // a folder and a lab of this run's own: demos started together share nothing
        try (RunDirectory run = RunDirectory.create(base);
            Lab lab = Lab.unique(Lab.findHome(), LAB_PREFIX, run.path().resolve("lab")))
        {
            final LiveSession.Settings settings = threads(new LiveSession.Settings().transport(transport)
                .packets(packets).ratePps(rate).instruments(INSTRUMENTS).seed(SEED).faults(LOSS_A, LOSS_B, BURSTS)
                .warmUpPackets(Math.min(2L * rate, packets / 2)).settleTimeoutMs(10_000).workDir(run.path())
                .remote(remote ? new RemoteLayout(true) : null), Runtime.getRuntime().availableProcessors());
            out.printf("demo: exchange simulator -> lab -> feed handler (%s) -> %s; %d " +
                "instruments, %,d packets/s for %d s, loss %.1f%% on A and on B, %d bursts lost on both lines%n",
                transport, remote ? "Aeron UDP (MDC) -> strategy host (media driver + subscriber); the handler's " +
                "archive records the stream" : "Aeron IPC -> subscriber", INSTRUMENTS, rate, seconds, LOSS_A * 100,
                BURSTS);
            out.println("demo: threads: " + settings.threads());
            out.println("demo: run folder " + run.path() + " (removed at exit)");
            if (remote)
            {
                lab.upWithStrategyHost();
            }
            else
            {
                lab.up();
            }
            out.println("demo: lab up: " + lab.exchangeNamespace() + " (10.77.0.1) -> " + lab.handlerNamespace() +
                " (10.77.0.2, " + Lab.HANDLER_INTERFACE + ")" + (remote ? " -> " + lab.strategyNamespace() + " (" +
                Lab.STRATEGY_ADDRESS + ", from " + Lab.HANDLER_TO_STRATEGY_ADDRESS + ")" : ""));
            LiveResult result;
            try
            {
                result = new LiveSession(lab, settings, out::println).run();
            }
            catch (final HandlerStartException ex)
            {
                if (!"xdp".equals(transport) || !"auto".equals(asked))
                {
                    throw ex;
                }
                out.println("demo: the handler could not start on AF_XDP (" + ex.reason() + "): again on kernel " +
                    "UDP");
                result = new LiveSession(lab, settings.copy().transport("udp"), out::println).run();
            }
            summary(out, result);
            final SessionReplay replayed = result.replay();
            if (replayed != null)
            {
                out.printf("  archive replay     recording %d replayed at full speed into a feed-client subscriber: " +
                    "%,d records in %,d ms (live: %,d)%n", replayed.recordingId(), replayed.records(),
                    replayed.elapsedMs(), result.counters().get(HandlerCounter.RECORDS_PUBLISHED));
                out.printf("  archive replay: books equal to truth: %d/%d instruments%s%n", replayed.books().equal(),
                    replayed.books().instruments(), replayed.books().firstDifference() == null ? "" :
                    "; first difference: " + replayed.books().firstDifference());
            }
            return result.books().allEqual() && (replayed == null || replayed.books().allEqual()) ? 0 : 1;
        }
        catch (final RuntimeException ex)
        {
            out.println("demo: failed: " + ex.getMessage());
            return 1;
        }
    }

    /**
     * Where the three latency-critical threads go: with 4 CPUs or more each spins on its own; on 2 or 3 the
     * simulator's pacer spins on CPU 0 and the handler's receive thread and the subscriber share CPU 1, yielding
     * (a spinning receive thread would starve the subscriber), every other thread of the run on CPU 0 (on CPU 1 the
     * JIT compilers and Aeron's driver were what held the receive thread's tail: docs/tail-latency.md); on 1 nothing
     * is pinned.
     */
    private static LiveSession.Settings threads(final LiveSession.Settings settings, final int cpus)
    {
        if (cpus >= 4)
        {
            return settings.cpus(2, 1).handlerIdle("spin").subscriberCpu(3).subscriberIdle("spin");
        }
        if (cpus >= 2)
        {
            return settings.cpus(1, 0).handlerIdle("yield").subscriberCpu(1).subscriberIdle("yield")
                .housekeepingCpu(0);
        }
        return settings.cpus(-1, -1).handlerIdle("backoff").subscriberIdle("backoff");
    }

    private static void summary(final PrintStream out, final LiveResult result)
    {
        final Histogram h = result.endToEnd();
        final HandlerCounterSnapshot c = result.counters();
        out.println();
        out.println("summary");
        out.printf("  transport          %s%s%n", result.actualTransport(), result.fallbackReason() == null ? "" :
            " (AF_XDP not used: " + result.fallbackReason() + ")");
        out.printf("  simulator          %,d incremental packets at %,d/s%n", result.packets(), result.ratePps());
        out.printf("  handler            %,d datagrams, %,d duplicates (A/B), %,d gaps, %,d packets lost on both " +
            "lines, %,d recoveries, %,d snapshots applied, %,d records published%n", c.get(HandlerCounter.PACKETS),
            c.get(HandlerCounter.DUPLICATES), c.get(HandlerCounter.GAPS), c.get(HandlerCounter.LOST_PACKETS),
            c.get(HandlerCounter.RECOVERIES), c.get(HandlerCounter.SNAPSHOTS_APPLIED),
            c.get(HandlerCounter.RECORDS_PUBLISHED));
        out.printf("  subscriber         after the warm-up (the first %,d packets), records of %,d of the %,d " +
            "packets that carry records%s%n", result.warmUpPackets(), result.received(), result.sent(),
            result.lost() > 0 ? "; the other " + result.lost() + " were lost on both lines or by the receiver, " +
            "their books recovered from snapshots" : "");
        out.printf("  %sbooks equal to truth: %d/%d instruments (%d trusted)%s%n",
            "remote".equals(result.subscriber()) ? "remote subscriber: " : "", result.books().equal(),
            result.books().instruments(), result.books().trusted(),
            result.books().firstDifference() == null ? "" : "; first difference: " + result.books().firstDifference() +
            "; highest MsgSeqNum received " + result.highestMsgSeqNum() + " of " + result.packets());
        out.printf("  end-to-end latency (SendingTime -> subscriber callback, %,d records after the first %,d " +
            "packets): p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n", h.getTotalCount(), result.warmUpPackets(),
            LiveSession.micros(h.getValueAtPercentile(50)), LiveSession.micros(h.getValueAtPercentile(90)),
            LiveSession.micros(h.getValueAtPercentile(99)), LiveSession.micros(h.getValueAtPercentile(99.9)),
            LiveSession.micros(h.getMaxValue()));
        out.println("  " + result.resultLine());
    }

    private static int replay(final PrintStream out, final int seconds, final int rate)
    {
        final int status = DemoMain.run(new String[]{"--seconds", "1"}, out, System.err);
        if (status != 0)
        {
            return status;
        }
        // the replay's own folder, removed on any exit (run folders are per run: demos at once share nothing)
        try (RunDirectory run = RunDirectory.create(Path.of("build", "demo")))
        {
            final Path dir = run.path();
            final long packets = Math.min((long)seconds * rate, 200_000);
            final SimulatorConfig config = SimulatorConfig.builder().instruments(INSTRUMENTS).packets(packets)
                .seed(SEED).lossA(LOSS_A).lossB(LOSS_B).lossBothBursts(BURSTS).build();
            final Path capture = dir.resolve("sim.pcap");
            final Path truthFile = dir.resolve("truth.json");
            final Path configXml = dir.resolve("config.xml");
            final Path booksFile = dir.resolve("books.json");
            out.printf("%ndemo: simulated session: %d instruments, %,d packets, loss %.1f%% on A and on B, %d bursts " +
                "lost on both lines -> %s%n", INSTRUMENTS, packets, LOSS_A * 100, BURSTS, capture);
            final SimulationResult simulated = new ExchangeSimulator(config).run(capture, truthFile, configXml);
            final long startNs = System.nanoTime();
            final EngineReplay.Result result;
            try (PcapPacketSource source = PcapPacketSource.open(capture))
            {
                result = EngineReplay.run(source, source::isEnd, CmeConfigParser.parse(configXml),
                    EngineReplay.defaults());
            }
            final long elapsedNs = System.nanoTime() - startNs;
            result.writeBooks(booksFile);
            final SortedMap<Integer, TruthBook> truth = TruthJson.read(truthFile);
            final SortedMap<Integer, TruthBook> books = TruthJson.read(booksFile);
            int equal = 0;
            for (final Map.Entry<Integer, TruthBook> entry : truth.entrySet())
            {
                equal += entry.getValue().equals(books.get(entry.getKey())) ? 1 : 0;
            }
            out.println();
            out.println("summary");
            out.printf("  engine             %,d packets lost on both lines in %d bursts, %,d recoveries, %d stale " +
                "instruments at the end, %.0f ms for the capture%n", simulated.faults().lostOnBoth(),
                simulated.faults().bursts().size(), result.recoveries(), result.staleInstruments(), elapsedNs / 1e6);
            out.printf("  books equal to truth: %d/%d instruments%n", equal, truth.size());
            out.println("  end-to-end latency: not measured (no live path without root)");
            return equal == truth.size() ? 0 : 1;
        }
        catch (final RuntimeException ex)
        {
            out.println("demo: failed: " + ex.getMessage());
            return 1;
        }
    }

    private static int positiveNumber(final String option, final String text)
    {
        return EndToEndBenchmark.positive(option, (int)EndToEndBenchmark.number(option, text));
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
