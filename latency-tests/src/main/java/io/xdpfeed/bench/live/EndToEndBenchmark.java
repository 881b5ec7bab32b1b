package io.xdpfeed.bench.live;

import io.xdpfeed.handler.itch.ItchProtocol;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/bench-e2e}: simulator -> lab -> handler -> Aeron IPC -> subscriber at a fixed rate, for each
 * transport in turn with the same settings, one {@code RESULT} line each, and a report folder (Markdown table, PNG
 * percentile plot, HdrHistogram interval logs, the processes' logs). With {@code --find-max} it sweeps rates
 * instead ({@link RateSweep}); with {@code --capture} it plays a capture instead of the simulator
 * ({@link CaptureBenchmark}).
 */
public final class EndToEndBenchmark
{
    private static final String USAGE = """
        usage: bench-e2e [--transport xdp|udp|both] [--seconds S] [--rate R] [--report DIR] [options]
          --transport T        xdp, udp or both (default both: xdp then udp, same settings); or a list in the
                               order to run, e.g. udp,xdp
          --seconds S          seconds measured per transport, after the warm-up (default 10)
          --rate R             incremental packets per second, k/m suffixes (default 20k)
          --warmup-seconds W   seconds of sending before the measurement; its W * R packets are left out of
                               sent, received, lost and the latency (default 3)
          --report DIR         report folder (default build/reports/bench-e2e-<timestamp>)
          --protocol P         mdp3 (default) or itch: exchange-sim --protocol itch sending Nasdaq ITCH 5.0 over
                               MoldUDP64 into the handler with xdpfeed.protocol=itch; the simulator stamps each
                               message with the time it sends it and the records carry it as their sending time,
                               so RESULT is timed from there, as for CME (from=sending); at most 140,000 packets
                               in all (the handler's ITCH order store), e.g. --rate 10k.
                               With itch the simulator runs its MoldUDP64 re-request and GLIMPSE snapshot
                               servers (10.77.0.1:26410, :26411) and the handler recovers from them
                               (xdpfeed.itch.retransmission, xdpfeed.itch.snapshot)
          --loss-both-bursts K the simulator drops K bursts of packets on both lines (default 0), which the
                               handler recovers (CME: snapshot line; ITCH: re-request, else snapshot)
          --instruments N      instruments of the simulated channel (default 10)
          --seed S             simulator seed (default 1)
          --handler-cpu C      CPU of the handler's receive thread (default 1; -1 none)
          --sender-cpu C       CPU of the simulator's sending (pacer) thread (default 0; -1 none)
          --tx T               the simulator's sender: auto, xdp (AF_XDP TX), mmsg (sendmmsg) or udp (default
                               auto: xdp when it binds, else mmsg)
          --handler-idle I     idle strategy of the handler's receive thread: spin, yield, backoff (default yield;
                               '' for the handler's own default, spin when pinned)
          --subscriber-cpu C   CPU of the subscriber's polling thread (default 1; -1 none)
          --subscriber-idle I  spin, yield or backoff (default yield)
          --nice N             (scripts/bench-e2e) nice value of the whole run (default -20; 0 for none)
          --realtime P         SCHED_FIFO priority P (1..99) for the handler's receive thread and the subscriber
                               (default 0: time-sharing): yielding then passes CPU 1 only between the two
          --housekeeping-cpu C every other thread of the handler, the simulator and the subscriber's JVM (JIT,
                               GC, Aeron, the simulator's generator) on CPU C, so that CPU 1 holds only the receive
                               thread and the subscriber (default 0 on 2 CPUs or more; -1: unpinned)
          --trace-sched        record the scheduler (tracefs: sched_switch, wake-ups, softirqs, NAPI polls) during
                               each run and print TAIL transport=.. tier=.. top_preemptor=..: where the packets
                               above RESULT_KERNEL's p99 waited and what held the receive thread's CPU (tail.md)
          --find-max           sweep rates instead: 3 runs per rate and transport, rising until a transport loses
                               a packet in a run; prints FIND_MAX transport=.. rate=.. (the highest rate lost
                               nothing in 3 runs of 3); --seconds defaults to 5 then
          --rates R1,R2,...    the rates of --find-max (default 10k,20k,30k,40k,50k,60k,75k,100k)
          --runs N             runs per rate of --find-max (default 3)
          --subscriber S       local (default: on the handler's host, Aeron IPC), remote (on the strategy host of
                               scripts/lab up --hosts 3, Aeron UDP) or both (local then remote, same settings)
          --link-loss P        percent of UDP datagrams dropped on the handler-to-strategy link (XDP; remote only)
          --handler-jvm-arg A  one more JVM argument of the handler, repeatable: a setting to compare, e.g.
                               -Dxdpfeed.md.preTouch=false (handler settings are system properties too)
          --capture FILE       play a capture instead of the simulator (its options below)
        """ + CaptureBenchmark.USAGE;

    /** The longest simulated ITCH session whose live orders fit the handler's order store. */
    static final long MAX_ITCH_PACKETS = 140_000;

    private EndToEndBenchmark()
    {
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        final PrintStream out = System.out;
        if (List.of(args).contains("--capture"))
        {
            System.exit(CaptureBenchmark.run(args, out, System.err));
        }
        // 2 vCPUs hold three latency-critical threads: a spinning receive thread would starve the subscriber, so by
        // default both yield on CPU 1 and the pacer spins on CPU 0 (see docs/live.md for the variants); every other
        // thread of the run (JIT compilers, GC, Aeron's driver, the simulator's generator) goes to CPU 0, since on
        // CPU 1 they were what held AF_XDP's tail (docs/tail-latency.md)
        final LiveSession.Settings settings = new LiveSession.Settings().handlerIdle("yield").subscriberCpu(1)
            .subscriberIdle("yield").housekeepingCpu(Runtime.getRuntime().availableProcessors() >= 2 ? 0 : -1);
        final List<String> transports = new ArrayList<>(List.of("xdp", "udp"));
        int seconds = -1;
        boolean findMax = false;
        boolean traceSched = false;
        String protocol = "mdp3";
        List<Integer> rates = RateSweep.DEFAULT_RATES;
        int runs = RateSweep.RUNS;
        int rate = 20_000;
        int warmUpSeconds = 3;
        int handlerCpu = 1;
        int senderCpu = 0;
        double linkLoss = 0;
        final List<String> subscribers = new ArrayList<>(List.of("local"));
        Path report = null;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                switch (arg)
                {
                    case "--transport" ->
                    {
                        final String value = value(args, ++i, arg);
                        transports.clear();
                        for (final String transport : value.split(","))
                        {
                            switch (transport)
                            {
                                case "both" -> transports.addAll(List.of("xdp", "udp"));
                                case "xdp", "udp" -> transports.add(transport);
                                default -> throw new IllegalArgumentException("--transport " + value +
                                    ": use xdp, udp, both, or a list in the order to run, e.g. udp,xdp");
                            }
                        }
                    }
                    case "--seconds" -> seconds = positive(arg, (int)number(arg, value(args, ++i, arg)));
                    case "--rate" -> rate = positive(arg, (int)number(arg, value(args, ++i, arg)));
                    case "--warmup-seconds" -> warmUpSeconds = (int)number(arg, value(args, ++i, arg));
                    case "--report" -> report = Path.of(value(args, ++i, arg));
                    case "--protocol" -> protocol = protocolValue(value(args, ++i, arg));
                    case "--instruments" ->
                        settings.instruments(positive(arg, (int)number(arg, value(args, ++i, arg))));
                    case "--seed" -> settings.seed(number(arg, value(args, ++i, arg)));
                    case "--loss-both-bursts" ->
                        settings.faults(0, 0, (int)number(arg, value(args, ++i, arg)));
                    case "--tx" -> settings.senderTx(txValue(value(args, ++i, arg)));
                    case "--handler-cpu" -> handlerCpu = (int)number(arg, value(args, ++i, arg));
                    case "--sender-cpu" -> senderCpu = (int)number(arg, value(args, ++i, arg));
                    case "--subscriber-idle" -> settings.subscriberIdle(value(args, ++i, arg));
                    case "--handler-idle" -> settings.handlerIdle(value(args, ++i, arg));
                    case "--subscriber-cpu" -> settings.subscriberCpu((int)number(arg, value(args, ++i, arg)));
                    case "--realtime" -> settings.realtime(priority(arg, (int)number(arg, value(args, ++i, arg))));
                    case "--find-max" -> findMax = true;
                    case "--trace-sched" -> traceSched = true;
                    case "--housekeeping-cpu" ->
                        settings.housekeepingCpu((int)number(arg, value(args, ++i, arg)));
                    case "--rates" ->
                    {
                        final List<Integer> list = new ArrayList<>();
                        for (final String rateText : value(args, ++i, arg).split(","))
                        {
                            list.add(positive(arg, (int)number(arg, rateText)));
                        }
                        rates = List.copyOf(list);
                    }
                    case "--runs" -> runs = positive(arg, (int)number(arg, value(args, ++i, arg)));
                    case "--subscriber" ->
                    {
                        final String value = value(args, ++i, arg);
                        subscribers.clear();
                        subscribers.addAll(switch (value)
                        {
                            case "local", "remote" -> List.of(value);
                            case "both" -> List.of("local", "remote");
                            default -> throw new IllegalArgumentException("--subscriber " + value +
                                ": use local, remote or both");
                        });
                    }
                    case "--link-loss" -> linkLoss = percent(arg, value(args, ++i, arg));
                    case "--handler-jvm-arg" -> settings.handlerJvmArgs(value(args, ++i, arg));
                    case "-h", "--help" ->
                    {
                        out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (seconds < 0)
            {
                seconds = findMax ? 5 : 10;
            }
            if ("itch".equals(protocol) && (findMax || subscribers.contains("remote")))
            {
                throw new IllegalArgumentException("--protocol itch: the plain run only (no --find-max, local " +
                    "subscriber)");
            }
            // the simulated ITCH session leaves about 0.44 orders live per packet: past the handler's order store
            // (ItchProtocol.DEFAULT_MAX_ORDERS) adds would be refused and the books would differ from the truth
            if ("itch".equals(protocol) && (long)(warmUpSeconds + seconds) * rate > MAX_ITCH_PACKETS)
            {
                throw new IllegalArgumentException("--protocol itch: " + (warmUpSeconds + seconds) + " s at " +
                    rate + "/s is more than " + MAX_ITCH_PACKETS + " packets, which would leave more orders live " +
                    "than the handler's " + ItchProtocol.DEFAULT_MAX_ORDERS + " (lower --rate or --seconds)");
            }
            if (warmUpSeconds < 0 || warmUpSeconds > 60)
            {
                throw new IllegalArgumentException("--warmup-seconds " + warmUpSeconds + " must be in 0..60");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("bench-e2e: " + ex.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }

        final String unavailable = traceSched && SchedTrace.unavailableReason() != null ?
            SchedTrace.unavailableReason() : Lab.unavailableReason();
        if (unavailable != null)
        {
            System.err.println("bench-e2e: " + unavailable);
            System.exit(2);
        }
        final List<String> tailLines = new ArrayList<>();
        if (traceSched)
        {
            settings.traceSched(line ->
            {
                out.println(line);
                tailLines.add(line);
            });
        }
        if (report == null)
        {
            report = Path.of("build", "reports", "bench-e2e-" +
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        report = report.toAbsolutePath();
        if (findMax)
        {
            settings.cpus(handlerCpu, senderCpu).settleTimeoutMs(10_000);
            new RateSweep(settings, transports, rates, runs, seconds, warmUpSeconds, report, out).run();
            return;
        }
        settings.protocol(protocol).cpus(handlerCpu, senderCpu).packets((long)(warmUpSeconds + seconds) * rate)
            .ratePps(rate)
            .warmUpPackets((long)warmUpSeconds * rate)
            .workDir(report.resolve("runs")).intervalLogDir(report).settleTimeoutMs(10_000);

        out.printf("bench-e2e: %s, each %d s of warm-up (MsgSeqNum 1..%,d, not counted) then %d s measured at %,d " +
            "packets/s (%,d packets in all), report %s%n", String.join(" then ", transports), warmUpSeconds,
            settings.warmUpPackets(), seconds, rate, settings.packets(), report);
        out.println("threads: " + settings.threads());
        final List<LiveResult> results = new ArrayList<>();
        final String loadBefore = BenchReport.loadAverage();
        final Path home = Lab.findHome();
        // what runs killed outright (kill -9) left: their children died with them, their labs and driver directories
        // did not (the report folder of such a run stays, as every report does)
        Lab.removeDead("xdpfeed-e2e").forEach(namespace -> out.println("removed namespace " + namespace +
            " (left by a run that was killed)"));
        RunDirectory.removeDead(report).forEach(path -> out.println("removed " + path +
            " (left by a run that was killed)"));
        final boolean remote = subscribers.contains("remote");
        try (Lab lab = Lab.unique(home, "xdpfeed-e2e", report.resolve("lab")))
        {
            if (remote)
            {
                lab.upWithStrategyHost();
                if (linkLoss > 0)
                {
                    lab.loss(linkLoss);
                }
            }
            else
            {
                lab.up();
            }
            out.println("lab up: " + lab.exchangeNamespace() + " -> " + lab.handlerNamespace() + (remote ? " -> " +
                lab.strategyNamespace() + (linkLoss > 0 ? " (" + linkLoss + "% of UDP dropped on that link)" : "") :
                ""));
            for (final String transport : transports)
            {
                for (final String subscriber : subscribers)
                {
                    final LiveResult result = new LiveSession(lab, settings.copy().transport(transport)
                        .remote("remote".equals(subscriber) ? new RemoteLayout(false) : null), out::println).run();
                    results.add(result);
                    out.println(summary(result));
                }
            }
        }
        try
        {
            Files.createDirectories(report);
            BenchReport.write(report, settings, seconds, warmUpSeconds, loadBefore, results);
            out.println("report: " + report.resolve("README.md") + ", plot " + report.resolve("percentiles.png"));
        }
        catch (final IOException ex)
        {
            System.err.println("bench-e2e: cannot write the report to " + report + ": " + ex.getMessage());
        }
        for (final LiveResult result : results)
        {
            // ITCH's records carry no sending time: its end to end is from the kernel's receive stamp
            out.println(result.resultLine() + ("itch".equals(protocol) ? " protocol=itch from=sending" : ""));
            out.println(result.resultKernelLine());
            if (result.sender() != null)
            {
                out.println(result.sender().line(result.actualTransport()));
            }
        }
        tailLines.forEach(out::println);
    }

    static String summary(final LiveResult result)
    {
        return String.format("%s: after the warm-up sent %,d packets with records, received %,d, lost %,d (warm-up " +
            "lost %,d); end-to-end over %,d records: p50 %s p99 %s p99.9 %s max %s%s; books equal to truth %d/%d%s; " +
            "handler %s", result.label(), result.sent(),
            result.received(), result.lost(), result.warmUpLost(), result.endToEnd().getTotalCount(),
            LiveSession.micros(result.endToEnd().getValueAtPercentile(50)),
            LiveSession.micros(result.endToEnd().getValueAtPercentile(99)),
            LiveSession.micros(result.endToEnd().getValueAtPercentile(99.9)),
            LiveSession.micros(result.endToEnd().getMaxValue()),
            result.negative() > 0 ? " (" + result.negative() + " before their SendingTime)" : "",
            result.books().equal(), result.books().instruments(), result.books().allEqual() ? "" :
            " (" + result.books().firstDifference() + "; highest MsgSeqNum received " + result.highestMsgSeqNum() +
            " of " + result.packets() + ")", result.counters().format());
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static String protocolValue(final String value)
    {
        return switch (value)
        {
            case "mdp3", "itch" -> value;
            default -> throw new IllegalArgumentException("--protocol " + value + ": use mdp3 or itch");
        };
    }

    private static String txValue(final String value)
    {
        return switch (value)
        {
            case "auto", "xdp", "mmsg", "udp" -> value;
            default -> throw new IllegalArgumentException("--tx " + value + ": use auto, xdp, mmsg or udp");
        };
    }

    static int priority(final String option, final int value)
    {
        if (value < 0 || value > 99)
        {
            throw new IllegalArgumentException(option + " " + value + ": must be in 0..99 (0: not real-time)");
        }
        return value;
    }

    private static double percent(final String option, final String text)
    {
        try
        {
            final double value = Double.parseDouble(text);
            if (value < 0 || value > 100)
            {
                throw new NumberFormatException();
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": a percentage from 0 to 100");
        }
    }

    static int positive(final String option, final int value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(option + " " + value + ": must be at least 1");
        }
        return value;
    }

    static long number(final String option, final String text)
    {
        final String value = text.trim().toLowerCase();
        try
        {
            if (value.endsWith("k"))
            {
                return Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1_000);
            }
            if (value.endsWith("m"))
            {
                return Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1_000_000);
            }
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": not a number");
        }
    }
}
