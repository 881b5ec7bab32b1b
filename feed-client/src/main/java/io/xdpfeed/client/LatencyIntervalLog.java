package io.xdpfeed.client;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.PrintStream;

/**
 * An HdrHistogram interval log (the format HistogramLogAnalyzer, HistogramLogProcessor and hdr-plot read) of the
 * subscriber's latency tiers: one line per tier per interval, tagged with the tier's name.
 * <p>
 * Typical use, once per reporting interval on the thread that reads the latency:
 * <pre>{@code
 * for (LatencyTier tier : LatencyTier.values())
 * {
 *     log.write(latency.intervalHistogram(tier));
 * }
 * }</pre>
 */
public final class LatencyIntervalLog implements AutoCloseable
{
    private final PrintStream out;
    private final HistogramLogWriter writer;

    /**
     * Create (or truncate) the log file and write its header.
     *
     * @param file        where the log goes.
     * @param startTimeMs wall clock time of the start of the log, ms since the epoch.
     * @throws FileNotFoundException if the file cannot be created.
     */
    public LatencyIntervalLog(final File file, final long startTimeMs) throws FileNotFoundException
    {
        out = new PrintStream(file);
        writer = new HistogramLogWriter(out);
        writer.outputComment("xdpfeed feed-client latency, values in ns, tags: " + tagList());
        writer.outputLogFormatVersion();
        writer.outputStartTime(startTimeMs);
        writer.setBaseTime(startTimeMs);
        writer.outputLegend();
    }

    /**
     * Append one interval histogram (as returned by {@link SubscriberLatency#intervalHistogram(LatencyTier)}).
     *
     * @param interval the histogram of the interval, tagged with its tier.
     */
    public void write(final Histogram interval)
    {
        writer.outputIntervalHistogram(interval);
    }

    /**
     * Flush and close the file.
     */
    public void close()
    {
        out.flush();
        out.close();
    }

    private static String tagList()
    {
        final StringBuilder tags = new StringBuilder();
        for (final LatencyTier tier : LatencyTier.values())
        {
            if (!tags.isEmpty())
            {
                tags.append(", ");
            }
            tags.append(tier.tag());
        }

        return tags.toString();
    }
}
