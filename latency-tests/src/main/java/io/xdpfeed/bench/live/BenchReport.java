package io.xdpfeed.bench.live;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report folder of {@code scripts/bench-e2e}: {@code README.md} (the machine, the settings, a percentile table
 * of the end-to-end tier per transport, the RESULT lines and the handler's counters), {@code percentiles.png} (an
 * HdrHistogram-style percentile plot of every transport, drawn headless with XChart) and, already there, the
 * interval logs {@code e2e-<transport>.hlog}.
 */
public final class BenchReport
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private BenchReport()
    {
    }

    /**
     * Write README.md and percentiles.png.
     *
     * @param dir           the report folder.
     * @param settings      of the runs.
     * @param seconds       of sending per transport.
     * @param warmUpSeconds not timed.
     * @param loadBefore    load average before the runs.
     * @param results       one per transport.
     * @throws IOException when the files cannot be written.
     */
    public static void write(
        final Path dir,
        final LiveSession.Settings settings,
        final int seconds,
        final int warmUpSeconds,
        final String loadBefore,
        final List<LiveResult> results) throws IOException
    {
        plot(dir.resolve("percentiles.png"), results, settings.ratePps());
        final StringBuilder md = new StringBuilder();
        md.append("# bench-e2e: exchange simulator -> lab -> feed handler -> Aeron IPC -> subscriber\n\n");
        md.append("- machine: ").append(machine()).append('\n');
        md.append("- load average: before ").append(loadBefore).append(", after ").append(loadAverage())
            .append('\n');
        md.append("- settings: per transport ").append(warmUpSeconds).append(" s of warm-up then ").append(seconds)
            .append(" s measured at ").append(settings.ratePps()).append(" incremental packets/s (")
            .append(settings.packets()).append(" packets, no faults injected); the warm-up's packets (MsgSeqNum 1..")
            .append(settings.warmUpPackets()).append(") are left out of sent, received, lost and the latency\n");
        md.append("- threads: ").append(settings.threads()).append('\n');
        md.append("- end-to-end = the packet's SendingTime (the simulator's intended send time) to the subscriber's ")
            .append("callback, CLOCK_REALTIME on both sides; one value per BookUpdate, Trade and Volume record\n");
        md.append("- sent = incremental packets sent that give the subscriber at least one record (a book, trade, ")
            .append("volume or status message with entries, or an empty message closing an open event); the others ")
            .append("(`packets` - `sent`) hold only an empty Book46 while no event is open, for which the handler ")
            .append("publishes nothing\n");
        md.append("- received = distinct MsgSeqNums of the exchange-event records (BookUpdate, Trade, Volume, ")
            .append("InstrumentStatus) that reached the subscriber; lost = sent - received\n\n");
        md.append("| transport | rate (pps) | packets | sent | received | lost | records timed | p50 | p90 | p99 | ")
            .append("p99.9 | p99.99 | max | books = truth |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (final LiveResult result : results)
        {
            final Histogram h = result.endToEnd();
            md.append("| ").append(result.label()).append(" | ").append(result.ratePps()).append(" | ")
                .append(result.packets()).append(" | ").append(result.sent()).append(" | ")
                .append(result.received()).append(" | ").append(result.lost())
                .append(" | ").append(h.getTotalCount());
            for (final double percentile : PERCENTILES)
            {
                md.append(" | ").append(LiveSession.micros(h.getValueAtPercentile(percentile)));
            }
            md.append(" | ").append(LiveSession.micros(h.getMaxValue())).append(" | ").append(result.books().equal())
                .append('/').append(result.books().instruments()).append(" |\n");
        }
        md.append("\nFrom the kernel's receive stamp (XDP metadata with AF_XDP, `SO_TIMESTAMPNS` with UDP) to the ")
            .append("subscriber's callback, same records (the sender and the wire left out):\n\n");
        md.append("| transport | p50 | p90 | p99 | p99.9 | p99.99 | max |\n|---|---|---|---|---|---|---|\n");
        for (final LiveResult result : results)
        {
            final Histogram h = result.fromKernel();
            md.append("| ").append(result.actualTransport());
            for (final double percentile : PERCENTILES)
            {
                md.append(" | ").append(LiveSession.micros(h.getValueAtPercentile(percentile)));
            }
            md.append(" | ").append(LiveSession.micros(h.getMaxValue())).append(" |\n");
        }
        md.append("\n![percentiles](percentiles.png)\n\n```\n");
        for (final LiveResult result : results)
        {
            md.append(result.resultLine()).append('\n');
            md.append(result.resultKernelLine()).append('\n');
            if (result.sender() != null)
            {
                md.append(result.sender().line(result.actualTransport())).append('\n');
            }
        }
        md.append("```\n\n");
        for (final LiveResult result : results)
        {
            md.append("## ").append(result.label()).append("\n\n");
            if (result.fallbackReason() != null)
            {
                md.append("- asked for ").append(result.transport()).append(", AF_XDP not used: ")
                    .append(result.fallbackReason()).append('\n');
            }
            md.append("- warm-up: ").append(result.warmUpLost())
                .append(" record-bearing packets of the warm-up lost\n");
            md.append("- books: ").append(result.books().equal()).append('/').append(result.books().instruments())
                .append(" equal to the truth").append(result.books().allEqual() ? "" : ", first difference " +
                result.books().firstDifference()).append("; highest MsgSeqNum received ")
                .append(result.highestMsgSeqNum()).append(" of ").append(result.packets()).append('\n');
            md.append("- interval log: `").append(dir.relativize(result.intervalLog())).append("`\n");
            md.append("- handler counters: `").append(result.counters().format()).append("`\n");
            if (!result.handlerSummary().isEmpty())
            {
                md.append("- handler tiers (its own log, whole run with warm-up; wire = SendingTime to frame seen, so ")
                    .append("it holds the sender's lateness):\n");
                for (final String line : result.handlerSummary())
                {
                    md.append("  - ").append(line.replace("SUMMARY ", "")).append('\n');
                }
            }
            md.append("- records seen before their SendingTime: ").append(result.negative())
                .append(", above 60 s: ").append(result.clamped()).append('\n');
            for (final String line : result.simulatorSummary())
            {
                if (line.startsWith("sent") || line.startsWith("pacing"))
                {
                    md.append("- simulator ").append(line.replaceAll("\\s+", " ")).append('\n');
                }
            }
            md.append('\n');
        }
        Files.writeString(dir.resolve("README.md"), md.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Percentile plot: x = percentile in "nines" (log10(1/(1-p)): 1 = 90%, 2 = 99%, 3 = 99.9%), labelled as
     * percentiles, y = latency in microseconds on a log scale.
     */
    static void plot(final Path file, final List<LiveResult> results, final int ratePps) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder().width(900).height(560)
            .title("end-to-end latency, SendingTime -> subscriber callback, " + ratePps + " packets/s")
            .xAxisTitle("percentile").yAxisTitle("latency (us)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(BenchReport::percentileLabel);
        chart.getStyler().setMarkerSize(4);
        for (final LiveResult result : results)
        {
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            final Histogram h = result.endToEnd();
            if (h.getTotalCount() == 0)
            {
                continue;
            }
            for (final HistogramIterationValue value : h.percentiles(5))
            {
                final double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100.0)
                {
                    break;
                }
                xs.add(Math.log10(1.0 / (1.0 - percentile / 100.0)));
                ys.add(Math.max(0.1, h.highestEquivalentValue(value.getValueIteratedTo()) / 1_000.0));
            }
            xs.add(Math.max(xs.isEmpty() ? 0.0 : xs.getLast(), Math.log10(h.getTotalCount())));
            ys.add(Math.max(0.1, h.getMaxValue() / 1_000.0));
            final XYSeries series = chart.addSeries(result.label() + " (p99 " +
                LiveSession.micros(h.getValueAtPercentile(99)) + ")", xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String percentileLabel(final Double nines)
    {
        final double percentile = 100.0 * (1.0 - Math.pow(10.0, -nines));
        return String.format("%.6f", percentile).replaceAll("0+$", "").replaceAll("\\.$", "") + "%";
    }

    /**
     * @return CPU model and count, kernel and JDK, e.g. for the report.
     */
    public static String machine()
    {
        String model = "unknown CPU";
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        }
        catch (final IOException ignore)
        {
            // keep the default
        }
        return Runtime.getRuntime().availableProcessors() + " x " + model + ", kernel " +
            System.getProperty("os.version") + ", " + System.getProperty("java.vm.vendor") + " " +
            System.getProperty("java.runtime.version");
    }

    /**
     * @return the 1, 5 and 15 minute load averages.
     */
    public static String loadAverage()
    {
        try
        {
            final String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }
}
