package io.xdpfeed.handler.stats;

import io.xdpfeed.common.latency.IntervalLog;

import java.io.File;
import java.io.FileNotFoundException;

/**
 * The HdrHistogram interval log of the handler's tiers (the shared {@link IntervalLog}): one line per tier per
 * interval, tagged {@code wire}, {@code decode}, {@code publish}, values in ns.
 */
public final class LatencyIntervalLog extends IntervalLog
{
    /** File name of the handler's log in the directory given by {@code --hlog DIR}. */
    public static final String FILE_NAME = "handler.hlog";

    /**
     * Create (or truncate) the log and write its header.
     *
     * @param file        where the log goes.
     * @param startTimeMs start of the log, ms since the epoch (interval times are relative to it).
     * @throws FileNotFoundException if the file cannot be created.
     */
    public LatencyIntervalLog(final File file, final long startTimeMs) throws FileNotFoundException
    {
        super(file, startTimeMs, "xdpfeed feed-handler latency, values in ns, tags: " +
            tags(HandlerLatencyTier.tiers()));
    }
}
