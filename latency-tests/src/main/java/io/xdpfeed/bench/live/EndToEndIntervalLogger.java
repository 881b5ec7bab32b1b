package io.xdpfeed.bench.live;

import io.xdpfeed.bench.live.LiveSubscriber.Counter;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Every second: the interval histogram of the end-to-end tier into the interval log (tagged with the transport),
 * added to the run's total, and a progress line; written by its own daemon thread, which {@link #finish()} stops
 * after one last interval.
 */
final class EndToEndIntervalLogger implements AutoCloseable
{
    private final LiveSubscriber subscriber;
    private final Path file;
    private final String tagName;
    private final Consumer<String> progress;
    private final Histogram total = new Histogram(1, LiveSubscriber.HIGHEST_TRACKABLE_NS, 3);
    private final Thread thread = new Thread(this::run, "xdpfeed-live-interval-log");
    private volatile boolean running = true;
    private PrintStream out;
    private HistogramLogWriter writer;
    private Histogram interval;
    private long seconds;

    EndToEndIntervalLogger(
        final LiveSubscriber subscriber, final Path file, final String tagName, final Consumer<String> progress)
    {
        this.subscriber = subscriber;
        this.file = file;
        this.tagName = tagName;
        this.progress = progress;
        thread.setDaemon(true);
    }

    void start()
    {
        try
        {
            out = new PrintStream(file.toFile());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
        final long nowMs = System.currentTimeMillis();
        writer = new HistogramLogWriter(out);
        writer.outputComment("xdpfeed live end-to-end latency (SendingTime -> subscriber callback), ns, tag " +
            "= transport; warm-up packets excluded");
        writer.outputLogFormatVersion();
        writer.outputStartTime(nowMs);
        writer.setBaseTime(nowMs);
        writer.outputLegend();
        interval = subscriber.intervalHistogram(null);
        thread.start();
    }

    private void run()
    {
        long nextMs = System.currentTimeMillis() + 1_000;
        while (running)
        {
            final long waitMs = nextMs - System.currentTimeMillis();
            if (waitMs > 0)
            {
                try
                {
                    Thread.sleep(Math.min(waitMs, 100));
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                continue;
            }
            nextMs += 1_000;
            logInterval(true);
        }
    }

    private synchronized void logInterval(final boolean report)
    {
        interval = subscriber.intervalHistogram(interval);
        interval.setTag(tagName);
        seconds++;
        if (interval.getTotalCount() > 0)
        {
            writer.outputIntervalHistogram(interval);
            total.add(interval);
        }
        if (report)
        {
            progress.accept(String.format("  t=%2ds received %,d packets; last second: %,d records p50 %s " +
                "p99 %s max %s", seconds, subscriber.count(Counter.DISTINCT_PACKETS), interval.getTotalCount(),
                LiveSession.micros(interval.getValueAtPercentile(50)),
                LiveSession.micros(interval.getValueAtPercentile(99)), LiveSession.micros(interval.getMaxValue())));
        }
    }

    synchronized Histogram finish()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (writer != null)
        {
            logInterval(false);
            out.close();
            writer = null;
        }
        return total;
    }

    public void close()
    {
        running = false;
        thread.interrupt();
        if (out != null)
        {
            out.close();
        }
    }
}
