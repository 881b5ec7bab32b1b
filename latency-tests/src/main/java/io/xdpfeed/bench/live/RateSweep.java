package io.xdpfeed.bench.live;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench-e2e --find-max}: the highest rate at which the whole live path (simulator -> handler ->
 * subscriber) loses nothing, per transport. Rates rise in the given order; at each rate every transport still in the
 * race runs {@code runs} lossless sessions (one lab for the whole sweep, the transports alternating within a run);
 * a transport leaves the race at the first rate where a run lost a record-bearing packet after the warm-up. Prints a
 * {@code SWEEP} line per rate and transport and at the end one
 * {@code FIND_MAX transport=<t> rate=<pps> runs=<n>} line per transport (rate 0 when even the lowest rate lost), and
 * writes {@code sweep.md} into the report folder.
 *
 * @param settings      of every session (transport, rate and duration set per run).
 * @param transports    raced, in order.
 * @param rates         tried, in order, packets/s.
 * @param runs          lossless runs a rate needs.
 * @param seconds       measured in each run.
 * @param warmUpSeconds sent before the measured part of each run (its losses do not count).
 * @param report        folder of the logs and {@code sweep.md}.
 * @param out           for the progress lines.
 */
record RateSweep(
    LiveSession.Settings settings,
    List<String> transports,
    List<Integer> rates,
    int runs,
    int seconds,
    int warmUpSeconds,
    Path report,
    PrintStream out)
{
    /** Rates tried by default, packets/s. */
    static final List<Integer> DEFAULT_RATES = List.of(10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 75_000,
        100_000);
    /** Runs per rate by default: a rate counts only when every run lost nothing. */
    static final int RUNS = 3;

    void run()
    {
        final Map<String, Integer> highest = new LinkedHashMap<>();
        final List<String> racing = new ArrayList<>(transports);
        transports.forEach(transport -> highest.put(transport, 0));
        final StringBuilder md = new StringBuilder("# bench-e2e --find-max\n\n- load average before: ")
            .append(BenchReport.loadAverage()).append("\n- ").append(runs).append(" runs per rate, ")
            .append(warmUpSeconds).append(" s warm-up + ").append(seconds).append(" s measured each\n- threads: ")
            .append(settings.threads()).append("\n\n| transport | rate (pps) | lost per run | p99 per run (us) | ")
            .append("p99 from the kernel stamp per run (us) |\n|---|---|---|---|---|\n");
        out.printf("bench-e2e --find-max: %s at %s packets/s, %d runs each of %d s warm-up + %d s, report %s%n",
            String.join(", ", transports), rates, runs, warmUpSeconds, seconds, report);
        Lab.removeDead("xdpfeed-e2e").forEach(namespace -> out.println("removed namespace " + namespace +
            " (left by a run that was killed)"));
        try (Lab lab = Lab.unique(Lab.findHome(), "xdpfeed-e2e", report.resolve("lab")).up())
        {
            for (final int rate : rates)
            {
                if (racing.isEmpty())
                {
                    break;
                }
                final Map<String, List<Long>> lost = new LinkedHashMap<>();
                final Map<String, List<Long>> p99 = new LinkedHashMap<>();
                final Map<String, List<Long>> kernelP99 = new LinkedHashMap<>();
                racing.forEach(transport ->
                {
                    lost.put(transport, new ArrayList<>());
                    p99.put(transport, new ArrayList<>());
                    kernelP99.put(transport, new ArrayList<>());
                });
                for (int run = 1; run <= runs; run++)
                {
                    for (final String transport : racing)
                    {
                        final Path runDir = report.resolve("rate-" + rate).resolve("run-" + run);
                        final LiveSession.Settings s = settings.copy().transport(transport).ratePps(rate)
                            .packets((long)(warmUpSeconds + seconds) * rate).warmUpPackets((long)warmUpSeconds * rate)
                            .workDir(runDir.resolve("runs")).intervalLogDir(runDir);
                        final LiveResult result = new LiveSession(lab, s, line -> { }).run();
                        lost.get(transport).add(result.lost());
                        p99.get(transport).add(result.endToEnd().getValueAtPercentile(99) / 1_000);
                        kernelP99.get(transport).add(result.fromKernel().getValueAtPercentile(99) / 1_000);
                        out.println("  " + result.resultLine() + " run=" + run + " load=" + BenchReport.loadAverage());
                    }
                }
                for (final String transport : List.copyOf(racing))
                {
                    final boolean clean = lost.get(transport).stream().allMatch(n -> n == 0);
                    out.println("SWEEP transport=" + transport + " rate=" + rate + " lost=" +
                        join(lost.get(transport)) + (clean ? " zero-loss" : " LOST"));
                    md.append("| ").append(transport).append(" | ").append(rate).append(" | ")
                        .append(join(lost.get(transport))).append(" | ").append(join(p99.get(transport)))
                        .append(" | ").append(join(kernelP99.get(transport))).append(" |\n");
                    if (clean)
                    {
                        highest.put(transport, rate);
                    }
                    else
                    {
                        racing.remove(transport);
                    }
                }
            }
        }
        md.append('\n');
        for (final Map.Entry<String, Integer> entry : highest.entrySet())
        {
            final String line = "FIND_MAX transport=" + entry.getKey() + " rate=" + entry.getValue() + " runs=" + runs;
            md.append("    ").append(line).append('\n');
            out.println(line);
        }
        try
        {
            Files.createDirectories(report);
            Files.writeString(report.resolve("sweep.md"), md.toString(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            System.err.println("bench-e2e: cannot write " + report.resolve("sweep.md") + ": " + ex.getMessage());
        }
    }

    private static String join(final List<Long> values)
    {
        final StringBuilder text = new StringBuilder();
        for (final Long value : values)
        {
            text.append(text.isEmpty() ? "" : ",").append(value);
        }
        return text.toString();
    }
}
