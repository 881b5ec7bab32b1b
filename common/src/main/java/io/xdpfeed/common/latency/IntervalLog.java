package io.xdpfeed.common.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.PrintStream;

/**
 * An HdrHistogram interval log (the format HistogramLogAnalyzer, HistogramLogProcessor and hdr-plot read, and
 * {@link org.HdrHistogram.HistogramLogReader} reads back) of latency tiers: one line per tier per interval, tagged
 * with the tier's {@link LatencyTag#tag()}, values in ns.
 */
public class IntervalLog implements AutoCloseable
{
    private final File file;
    private final PrintStream out;
    private final HistogramLogWriter writer;

    /**
     * Create (or truncate) the log and write its header.
     *
     * @param file        where the log goes.
     * @param startTimeMs start of the log, ms since the epoch (interval times are relative to it).
     * @param comment     the header's comment line (what the values are).
     * @throws FileNotFoundException if the file cannot be created.
     */
    protected IntervalLog(final File file, final long startTimeMs, final String comment) throws FileNotFoundException
    {
        this.file = file;
        out = new PrintStream(file);
        writer = new HistogramLogWriter(out);
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startTimeMs);
        writer.setBaseTime(startTimeMs);
        writer.outputLegend();
        out.flush();
    }

    /**
     * @param tiers the tiers of the log, in order.
     * @return their tags joined by {@code ", "}, for the header's comment.
     */
    protected static String tags(final LatencyTag[] tiers)
    {
        final StringBuilder tags = new StringBuilder();
        for (final LatencyTag tier : tiers)
        {
            if (!tags.isEmpty())
            {
                tags.append(", ");
            }
            tags.append(tier.tag());
        }
        return tags.toString();
    }

    /**
     * Append one interval histogram, tagged with its tier.
     *
     * @param interval the histogram of the interval.
     */
    public final void write(final Histogram interval)
    {
        writer.outputIntervalHistogram(interval);
    }

    /**
     * Push what was written to the file.
     */
    public final void flush()
    {
        out.flush();
    }

    /**
     * @return the log file.
     */
    public final File file()
    {
        return file;
    }

    /**
     * Flush and close the file.
     */
    @Override
    public final void close()
    {
        out.flush();
        out.close();
    }
}
