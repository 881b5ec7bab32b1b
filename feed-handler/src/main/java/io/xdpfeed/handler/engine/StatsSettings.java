package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.stats.CalibratedEpochClock;
import org.agrona.concurrent.EpochNanoClock;

import java.io.File;

/**
 * The statistics part of {@link FeedHandler.Context}: latency tiers on or off, their interval, the interval-log
 * directory and the epoch clock the wire tier is measured against.
 *
 * @param <C> the concrete context the fluent setters return.
 */
abstract class StatsSettings<C extends StatsSettings<C>> extends PublicationSettings<C>
{
    private boolean latency = Configuration.latency();
    private long latencyIntervalNs = Configuration.latencyIntervalNs();
    private String hlogDir = Configuration.hlogDir();
    private EpochNanoClock epochClock;

    /**
     * Check the latency interval and the interval-log directory (created if missing); calibrate the epoch clock.
     */
    final void concludeStats()
    {
        if (latencyIntervalNs < 1_000_000)
        {
            throw new ConfigurationException(Configuration.LATENCY_INTERVAL_PROP_NAME + "=" + latencyIntervalNs +
                "ns is shorter than 1ms: give e.g. 1s");
        }
        if (hlogDir == null)
        {
            hlogDir = "";
        }
        if (!hlogDir.isEmpty())
        {
            final File dir = new File(hlogDir);
            if (!dir.isDirectory() && !dir.mkdirs() || !dir.canWrite())
            {
                throw new ConfigurationException(Configuration.HLOG_DIR_PROP_NAME + "=" + hlogDir +
                    " is not a writable directory and cannot be created");
            }
        }
        if (epochClock == null)
        {
            // CLOCK_REALTIME to a few tens of ns, like the subscribers' clock (an offset sampled from
            // currentTimeMillis could be 1 ms off and make the bus tier negative), at the cost of System.nanoTime
            epochClock = CalibratedEpochClock.calibrate();
        }
    }

    /**
     * @return true when the wire, decode and publish latency tiers are recorded.
     */
    public boolean latency()
    {
        return latency;
    }

    /**
     * @param latency true to record the latency tiers (two clock reads per record on the receive thread).
     * @return this.
     */
    public C latency(final boolean latency)
    {
        this.latency = latency;
        return self();
    }

    /**
     * @return interval of the latency histograms, counters and log lines, ns.
     */
    public long latencyIntervalNs()
    {
        return latencyIntervalNs;
    }

    /**
     * @param intervalNs interval of the latency histograms, counters and log lines.
     * @return this.
     */
    public C latencyIntervalNs(final long intervalNs)
    {
        this.latencyIntervalNs = intervalNs;
        return self();
    }

    /**
     * @return directory of the interval log {@code handler.hlog}, empty for none.
     */
    public String hlogDir()
    {
        return hlogDir;
    }

    /**
     * @param directory of the interval log {@code handler.hlog} (created when missing), empty for none.
     * @return this.
     */
    public C hlogDir(final String directory)
    {
        this.hlogDir = directory;
        return self();
    }

    /**
     * @return epoch clock of publishTimeNs (CLOCK_REALTIME by default, the clock subscribers compare with).
     */
    public EpochNanoClock epochClock()
    {
        return epochClock;
    }

    /**
     * @param clock epoch clock.
     * @return this.
     */
    public C epochClock(final EpochNanoClock clock)
    {
        this.epochClock = clock;
        return self();
    }
}
