package io.xdpfeed.handler.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.PrintStream;

/**
 * An HdrHistogram interval log of the handler's tiers (the format HistogramLogAnalyzer, HistogramLogProcessor and
 * hdr-plot read, and {@link org.HdrHistogram.HistogramLogReader} reads back): one line per tier per interval,
 * tagged {@code wire}, {@code decode}, {@code publish}, values in ns.
 */
public final class LatencyIntervalLog implements AutoCloseable
{
    /** File name of the handler's log in the directory given by {@code --hlog DIR}. */
    public static final String FILE_NAME = "handler.hlog";

    private final File file;
    private final PrintStream out;
    private final HistogramLogWriter writer;

    /**
     * Create (or truncate) the log and write its header.
     *
     * @param file        where the log goes.
     * @param startTimeMs start of the log, ms since the epoch (interval times are relative to it).
     * @throws FileNotFoundException if the file cannot be created.
     */
    public LatencyIntervalLog(final File file, final long startTimeMs) throws FileNotFoundException
    {
        this.file = file;
        out = new PrintStream(file);
        writer = new HistogramLogWriter(out);
        writer.outputComment("xdpfeed feed-handler latency, values in ns, tags: wire, decode, publish");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startTimeMs);
        writer.setBaseTime(startTimeMs);
        writer.outputLegend();
        out.flush();
    }

    /**
     * Append one interval histogram, tagged with its tier.
     *
     * @param interval the histogram of the interval.
     */
    public void write(final Histogram interval)
    {
        writer.outputIntervalHistogram(interval);
    }

    /**
     * Push what was written to the file.
     */
    public void flush()
    {
        out.flush();
    }

    /**
     * @return the log file.
     */
    public File file()
    {
        return file;
    }

    /**
     * Flush and close the file.
     */
    public void close()
    {
        out.flush();
        out.close();
    }
}
