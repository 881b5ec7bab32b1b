package io.xdpfeed.bench.live;

import io.xdpfeed.bench.live.LiveSubscriber.Counter;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.replay.Replay;
import io.xdpfeed.handler.replay.ReplaySummary;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code scripts/bench-e2e --capture FILE [--speed N | --max]}: a capture played into the lab by
 * {@code scripts/playback --rebase-sending-time} (so that SendingTime is the moment each packet is sent) -> handler ->
 * Aeron IPC -> subscriber, for each transport in turn, one {@code RESULT} line each as with the simulator. Sent is the
 * capture's sequenced packets as {@code scripts/replay} of the same file counts them (A and B copies once), received
 * the handler's packets less the duplicates and malformed ones it dropped, and the subscriber's books are compared with
 * the replay's engine books, instrument by instrument on every channel.
 *
 * @param lab            the lab the runs share.
 * @param capture        the capture played.
 * @param config         the CME config.xml of its channels.
 * @param speed          {@code scripts/playback}'s speed: a divisor of the captured gaps, or {@code max}.
 * @param handlerCpu     CPU of the handler's receive thread, -1 for none.
 * @param handlerIdle    idle strategy of the handler's receive thread, empty for the handler's default.
 * @param subscriberCpu  CPU of the subscriber's polling thread, -1 for none.
 * @param subscriberIdle idle strategy of the subscriber's polling thread.
 * @param realtime       SCHED_FIFO priority of both threads, 0 for none.
 */
public record CaptureBenchmark(
    Lab lab,
    Path capture,
    Path config,
    String speed,
    int handlerCpu,
    String handlerIdle,
    int subscriberCpu,
    String subscriberIdle,
    int realtime)
{
    static final String USAGE = """
        usage: bench-e2e --capture FILE [--speed N | --max] [--config FILE] [--transport xdp|udp|both] [options]
          --capture FILE       a pcap or pcapng capture, played by scripts/playback --rebase-sending-time
          --speed N            the captured gaps divided by N (default 1); --max: as fast as the sender goes
          --config FILE        the CME config.xml of the capture's channels (default FILE without .pcap or .pcapng,
                               plus .config.xml)
          --transport T        xdp, udp, both or a list (default xdp)
          --report DIR         where logs and the interval logs go (default build/reports/bench-e2e-capture-<time>)
          --handler-cpu C, --handler-idle I, --subscriber-cpu C, --subscriber-idle I, --realtime P: as without
                               --capture (defaults 1, yield, 1, yield, 0)
        """;
    private static final long QUIET_MS = 5_000;
    private static final long SETTLE_MAX_MS = 60_000;

    /**
     * Run from {@link EndToEndBenchmark} when {@code --capture} is given.
     *
     * @param args the whole command line.
     * @param out  where the progress, summaries and RESULT lines go.
     * @param err  where usage errors go.
     * @return the exit code: 0, 1 when a run fails, 2 on a usage error or when the lab cannot be made.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path capture = null;
        Path config = null;
        String speed = "1";
        final List<String> transports = new ArrayList<>();
        Path report = null;
        int handlerCpu = 1;
        String handlerIdle = "yield";
        int subscriberCpu = 1;
        String subscriberIdle = "yield";
        int realtime = 0;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                switch (arg)
                {
                    case "--capture" -> capture = Path.of(value(args, ++i, arg));
                    case "--config" -> config = Path.of(value(args, ++i, arg));
                    case "--speed" -> speed = Integer.toString(EndToEndBenchmark.positive(arg,
                        (int)EndToEndBenchmark.number(arg, value(args, ++i, arg))));
                    case "--max" -> speed = "max";
                    case "--transport" ->
                    {
                        for (final String transport : value(args, ++i, arg).split(","))
                        {
                            switch (transport)
                            {
                                case "both" -> transports.addAll(List.of("xdp", "udp"));
                                case "xdp", "udp" -> transports.add(transport);
                                default -> throw new IllegalArgumentException("--transport " + transport +
                                    ": use xdp, udp, both, or a list");
                            }
                        }
                    }
                    case "--report" -> report = Path.of(value(args, ++i, arg));
                    case "--handler-cpu" -> handlerCpu = (int)EndToEndBenchmark.number(arg, value(args, ++i, arg));
                    case "--handler-idle" -> handlerIdle = value(args, ++i, arg);
                    case "--subscriber-cpu" ->
                        subscriberCpu = (int)EndToEndBenchmark.number(arg, value(args, ++i, arg));
                    case "--subscriber-idle" -> subscriberIdle = value(args, ++i, arg);
                    case "--realtime" -> realtime = EndToEndBenchmark.priority(arg,
                        (int)EndToEndBenchmark.number(arg, value(args, ++i, arg)));
                    default -> throw new IllegalArgumentException("unknown option with --capture: " + arg);
                }
            }
            if (capture == null || !Files.isReadable(capture))
            {
                throw new IllegalArgumentException("--capture " + capture + ": not a readable file");
            }
            if (config == null)
            {
                config = capture.resolveSibling(capture.getFileName().toString().replaceFirst("\\.pcap(ng)?$", "") +
                    ".config.xml");
            }
            if (!Files.isReadable(config))
            {
                throw new IllegalArgumentException("--config " + config + ": not a readable file");
            }
            LiveSession.idle(subscriberIdle);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("bench-e2e: " + ex.getMessage());
            err.print(USAGE);
            return 2;
        }
        final String unavailable = Lab.unavailableReason();
        if (unavailable != null)
        {
            err.println("bench-e2e: " + unavailable);
            return 2;
        }
        if (transports.isEmpty())
        {
            transports.add("xdp");
        }
        report = (report != null ? report : Path.of("build", "reports", "bench-e2e-capture-" +
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();

        final Replay.Result replay = Replay.run(capture.toAbsolutePath(), CmeConfigParser.parse(config), false, null,
            true);
        final ReplaySummary expected = replay.summary();
        final Map<Integer, Map<Integer, TruthBook>> books = booksByChannel(replay.engine().engine());
        out.printf("bench-e2e: capture %s (%,d datagrams, %,d sequenced packets by scripts/replay), speed %s, %s, " +
            "report %s%n", capture, expected.datagrams(), expected.acceptedPackets(), speed,
            String.join(" then ", transports), report);
        out.println("threads: handler receive thread " + (handlerCpu >= 0 ? "on CPU " + handlerCpu : "unpinned") +
            ", idle " + handlerIdle + "; subscriber " + (subscriberCpu >= 0 ? "on CPU " + subscriberCpu : "unpinned") +
            ", idle " + subscriberIdle + (realtime > 0 ? "; both SCHED_FIFO " + realtime : "") + "; nice " +
            System.getProperty("xdpfeed.bench.nice", "0"));
        Lab.removeDead("xdpfeed-e2e").forEach(namespace -> out.println("removed namespace " + namespace +
            " (left by a run that was killed)"));
        final List<LiveResult> results = new ArrayList<>();
        try (Lab lab = Lab.unique(Lab.findHome(), "xdpfeed-e2e", report.resolve("lab")))
        {
            lab.up();
            out.println("lab up: " + lab.exchangeNamespace() + " -> " + lab.handlerNamespace());
            final CaptureBenchmark benchmark = new CaptureBenchmark(lab, capture.toAbsolutePath(),
                config.toAbsolutePath(), speed, handlerCpu, handlerIdle, subscriberCpu, subscriberIdle, realtime);
            for (final String transport : transports)
            {
                final LiveResult result = benchmark.runOnce(transport, expected, books, report, out);
                results.add(result);
                out.println(EndToEndBenchmark.summary(result));
            }
        }
        catch (final IllegalStateException ex)
        {
            err.println("bench-e2e: " + ex.getMessage());
            return 1;
        }
        for (final LiveResult result : results)
        {
            out.println(result.resultLine());
            out.println(result.resultKernelLine());
        }
        return 0;
    }

    private LiveResult runOnce(final String transport, final ReplaySummary expected,
        final Map<Integer, Map<Integer, TruthBook>> books, final Path report, final PrintStream out)
    {
        final Path dir = report.resolve("runs").resolve("capture-" + transport);
        final String aeronDir = "/dev/shm/xdpfeed-e2e-capture-" + ProcessHandle.current().pid() + "-" + transport;
        final Path intervalLog = report.resolve("e2e-" + transport + ".hlog");
        try
        {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("handler.properties"), "xdpfeed.cme.config=" + config + "\n" +
                "xdpfeed.transport=" + transport + "\n" +
                "xdpfeed.interface=" + Lab.HANDLER_INTERFACE + "\n" +
                "xdpfeed.cpu=" + handlerCpu + "\n" +
                (handlerIdle.isEmpty() ? "" : "xdpfeed.receive.idle=" + handlerIdle + "\n") +
                (realtime > 0 ? "xdpfeed.receive.priority=" + realtime + "\n" : "") +
                "aeron.dir=" + aeronDir + "\n");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write to " + dir + ": " + ex.getMessage(), ex);
        }
        try (ChildProcess handler = ChildProcess.start("feed-handler (" + transport + ")", ChildProcess.java(
            lab.inHandler(), List.of(), "io.xdpfeed.handler.FeedHandlerMain",
            List.of("--config", dir.resolve("handler.properties").toString())), dir.resolve("handler.log")))
        {
            final String started = handler.awaitLine("feed-handler: channels", 90_000);
            try (LiveSubscriber subscriber = new LiveSubscriber(new MarketDataSubscriber.Context()
                .aeronDirectoryName(aeronDir), 0, 0, LiveSession.idle(subscriberIdle), subscriberCpu, realtime);
                EndToEndIntervalLogger logger = new EndToEndIntervalLogger(subscriber, intervalLog, transport,
                    out::println))
            {
                return measure(handler, started.replaceAll(".* -> (\\w+) on .*", "$1"), subscriber, logger,
                    transport, expected, books, dir, aeronDir, intervalLog, out);
            }
        }
        finally
        {
            IoUtil.delete(new File(aeronDir), true);
        }
    }

    private LiveResult measure(final ChildProcess handler, final String actualTransport,
        final LiveSubscriber subscriber, final EndToEndIntervalLogger logger, final String transport,
        final ReplaySummary expected, final Map<Integer, Map<Integer, TruthBook>> books, final Path dir,
        final String aeronDir, final Path intervalLog, final PrintStream out)
    {
        subscriber.awaitConnected(30_000);
        logger.start();
        final long startMs = System.currentTimeMillis();
        final List<String> args = new ArrayList<>(List.of(capture.toString(), "--rebase-sending-time",
            "--source", "10.77.0.1"));
        args.addAll("max".equals(speed) ? List.of("--max") : List.of("--speed", speed));
        final String played;
        try (ChildProcess playback = ChildProcess.start("playback", ChildProcess.java(lab.inExchange(), List.of(),
            "io.xdpfeed.bench.playback.CapturePlayback", args), dir.resolve("playback.log")))
        {
            final int exit = playback.awaitExit(24L * 3_600_000);
            if (exit != 0)
            {
                throw new IllegalStateException("playback failed (exit " + exit + "):\n" + playback.tail(10));
            }
            played = playback.lines().stream().filter(line -> line.startsWith("PLAYBACK")).findFirst().orElse("");
        }
        out.println(played);
        settle(handler, aeronDir, expected.acceptedPackets());
        BookComparison compared = compare(subscriber, books);
        final long booksDeadlineMs = System.currentTimeMillis() + QUIET_MS; // the subscriber's last records
        while (!compared.allEqual() && System.currentTimeMillis() < booksDeadlineMs)
        {
            ChildProcess.sleep(200);
            compared = compare(subscriber, books);
        }
        final HandlerCounterSnapshot counters = HandlerCounterSnapshot.read(aeronDir);
        final Histogram total = logger.finish();
        final long elapsedMs = System.currentTimeMillis() - startMs;
        subscriber.close();
        handler.close();
        final List<String> handlerSummary = handler.lines().stream().filter(line -> line.startsWith("SUMMARY"))
            .toList();
        final long received = received(counters);
        final long playedNs = Long.parseLong(played.replaceAll(".*elapsed_ns=(\\d+).*", "$1"));
        final int rate = (int)(expected.acceptedPackets() * 1_000_000_000L / Math.max(1, playedNs));
        return new LiveResult(transport, actualTransport, null, rate, expected.acceptedPackets(), 0,
            expected.acceptedPackets(), received, 0, 0, total, subscriber.fromKernel(),
            subscriber.count(Counter.NEGATIVE), subscriber.count(Counter.CLAMPED), compared, counters, List.of(played),
            handlerSummary, intervalLog, elapsedMs, null, "local", null);
    }

    /**
     * Wait until the handler has taken every sequenced packet of the capture, or its count has not moved for
     * {@link #QUIET_MS} (a loss), at most {@link #SETTLE_MAX_MS}: a starved receive thread can hold seconds of
     * packets in its ring after the playback has ended.
     */
    private static void settle(final ChildProcess handler, final String aeronDir, final long expected)
    {
        final long deadlineMs = System.currentTimeMillis() + SETTLE_MAX_MS;
        long last = -1;
        long lastChangeMs = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadlineMs)
        {
            if (!handler.isAlive())
            {
                throw new IllegalStateException("feed-handler ended (exit " + handler.exitValue() + "):\n" +
                    handler.tail(30));
            }
            final long received = received(HandlerCounterSnapshot.read(aeronDir));
            if (received >= expected)
            {
                return;
            }
            if (received != last)
            {
                last = received;
                lastChangeMs = System.currentTimeMillis();
            }
            else if (System.currentTimeMillis() - lastChangeMs > QUIET_MS)
            {
                return;
            }
            ChildProcess.sleep(100);
        }
    }

    /**
     * Sequenced packets the handler took: what reached user space less the copies it dropped there.
     */
    private static long received(final HandlerCounterSnapshot counters)
    {
        return counters.get(HandlerCounter.PACKETS) - counters.get(HandlerCounter.DUPLICATES) -
            counters.get(HandlerCounter.MALFORMED);
    }

    private static BookComparison compare(final LiveSubscriber subscriber,
        final Map<Integer, Map<Integer, TruthBook>> books)
    {
        int equal = 0;
        int instruments = 0;
        int trusted = 0;
        String firstDifference = null;
        for (final Map.Entry<Integer, Map<Integer, TruthBook>> channel : books.entrySet())
        {
            final BookComparison compared = subscriber.onPollThread(mirror ->
                BookComparison.compare(mirror, channel.getKey(), channel.getValue()));
            equal += compared.equal();
            instruments += compared.instruments();
            trusted += compared.trusted();
            firstDifference = firstDifference != null ? firstDifference : compared.firstDifference() == null ? null :
                "channel " + channel.getKey() + " " + compared.firstDifference();
        }
        return new BookComparison(equal, instruments, trusted, firstDifference);
    }

    /**
     * The replay's engine books ({@code scripts/replay --books}), by channel id then SecurityID.
     */
    static Map<Integer, Map<Integer, TruthBook>> booksByChannel(final FeedEngine engine)
    {
        final Map<Integer, TruthBook> all = TruthJson.parse(BookJsonWriter.toJson(engine));
        final Map<Integer, Map<Integer, TruthBook>> byChannel = new TreeMap<>();
        for (int c = 0; c < engine.channelCount(); c++)
        {
            final ChannelState channel = engine.channel(c);
            for (int i = 0; channel != null && i < channel.instrumentCount(); i++)
            {
                final int securityId = channel.instrument(i).securityId();
                if (all.containsKey(securityId))
                {
                    byChannel.computeIfAbsent(channel.channelId(), id -> new TreeMap<>())
                        .put(securityId, all.get(securityId));
                }
            }
        }
        return byChannel;
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
