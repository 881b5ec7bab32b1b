package io.xdpfeed.client;

import io.xdpfeed.common.latency.IntervalLog;

import java.io.File;
import java.io.FileNotFoundException;

/**
 * An HdrHistogram interval log (the format HistogramLogAnalyzer, HistogramLogProcessor and hdr-plot read) of the
 * subscriber's latency tiers: one line per tier per interval, tagged with the tier's name (the shared
 * {@link IntervalLog}).
 * <p>
 * Typical use, once per reporting interval on the thread that reads the latency:
 * <pre>{@code
 * for (LatencyTier tier : LatencyTier.values())
 * {
 *     log.write(latency.intervalHistogram(tier));
 * }
 * }</pre>
 */
public final class LatencyIntervalLog extends IntervalLog
{
    /**
     * Create (or truncate) the log file and write its header.
     *
     * @param file        where the log goes.
     * @param startTimeMs wall clock time of the start of the log, ms since the epoch.
     * @throws FileNotFoundException if the file cannot be created.
     */
    public LatencyIntervalLog(final File file, final long startTimeMs) throws FileNotFoundException
    {
        super(file, startTimeMs, "xdpfeed feed-client latency, values in ns, tags: " + tags(LatencyTier.values()));
    }
}
