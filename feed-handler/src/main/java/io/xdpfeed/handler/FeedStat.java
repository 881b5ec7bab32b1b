package io.xdpfeed.handler;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.common.bus.HandlerDriverDirectory;
import io.xdpfeed.handler.engine.AeronDirectoryPermissions;
import io.xdpfeed.handler.engine.Configuration;
import io.xdpfeed.handler.stats.FeedStatView;
import io.xdpfeed.handler.stats.HandlerStatsSample;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code scripts/feed-stat}: a live terminal view of a running feed handler, like Aeron's AeronStat, read from the
 * media driver's CnC file (shared memory; no Aeron client is created, the handler is not disturbed): rates, the
 * latency tiers' p50/p99/p99.9/max of the last interval, channel states, drops, ingress (XDP ring) counters,
 * recoveries and errors. One frame per interval.
 * <pre>
 *   feed-stat [--aeron-dir DIR] [--once] [--seconds N] [--interval-ms MS]
 * </pre>
 * Without {@code --aeron-dir}: {@code xdpfeed.aeron.dir} when set, else the newest live embedded driver of a handler
 * ({@code /dev/shm/xdpfeed-aeron-*}), else Aeron's default directory.
 */
public final class FeedStat
{
    private static final long DRIVER_TIMEOUT_MS = 10_000;

    private FeedStat()
    {
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run the view.
     *
     * @param args command line.
     * @param out  frames.
     * @param err  problems.
     * @return exit status: 0 done, 1 no driver or no handler, 2 bad usage.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        String aeronDir = null;
        boolean once = false;
        long seconds = 0;
        long intervalMs = 1000;
        try
        {
            final CommandLine line = new CommandLine(args);
            for (final String option : line)
            {
                switch (option)
                {
                    case "--aeron-dir" -> aeronDir = line.value(option);
                    case "--once" -> once = true;
                    case "--seconds" -> seconds = line.longValue(option, 1, Long.MAX_VALUE / 1_000_000_000L);
                    case "--interval-ms" -> intervalMs = line.longValue(option, 10, 3_600_000);
                    case "-h", "--help" ->
                    {
                        out.println(usage());
                        return CommandLine.EXIT_OK;
                    }
                    default -> throw CommandLine.unknown(option);
                }
            }
        }
        catch (final UsageException ex)
        {
            return CommandLine.usageError(err, "feed-stat", ex.getMessage(), usage());
        }

        final String dir = aeronDir != null ? aeronDir : defaultDirectory();
        final File cncFile = new File(dir, CncFileDescriptor.CNC_FILE);
        final String accessProblem = AeronDirectoryPermissions.accessProblem(Path.of(dir));
        if (accessProblem != null)
        {
            err.println("feed-stat: " + accessProblem);
            return 1;
        }
        if (!cncFile.exists())
        {
            err.println("feed-stat: no media driver at " + dir + " (no " + CncFileDescriptor.CNC_FILE +
                "): start the handler, or give --aeron-dir");
            return 1;
        }

        final MappedByteBuffer cnc = IoUtil.mapExistingFile(cncFile, "cnc");
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cnc);
            CncFileDescriptor.checkVersion(metaData.getInt(CncFileDescriptor.cncVersionOffset(0)));
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cnc, metaData),
                CncFileDescriptor.createCountersValuesBuffer(cnc, metaData));
            final long pid = CncFileDescriptor.pid(metaData);
            final boolean clearScreen = !once && System.console() != null;

            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Map<Long, HandlerStatsSample> previous = index(HandlerStatsSample.read(counters, System.nanoTime()));
            while (true)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMs));
                final List<HandlerStatsSample> current = HandlerStatsSample.read(counters, System.nanoTime());
                final boolean active = CommonContext.isDriverActive(DRIVER_TIMEOUT_MS, (message) -> { }, cnc);
                final StringBuilder frame = new StringBuilder(2048);
                if (clearScreen)
                {
                    frame.append("\u001b[H\u001b[2J");
                }
                frame.append("feed-stat ").append(Instant.now()).append("  aeron dir ").append(dir)
                    .append("  driver pid ").append(pid).append(active ? "" : "  (driver NOT ACTIVE)").append('\n');
                if (current.isEmpty())
                {
                    frame.append("no feed handler counters on this driver (waiting)\n");
                }
                for (final HandlerStatsSample sample : current)
                {
                    FeedStatView.render(previous.get(sample.ownerId()), sample, frame);
                }
                out.print(frame);
                out.flush();
                previous = index(current);
                if (once)
                {
                    return current.isEmpty() ? 1 : 0;
                }
                if (seconds > 0 && System.nanoTime() - deadlineNs >= 0)
                {
                    return 0;
                }
                if (!clearScreen)
                {
                    out.println();
                }
            }
        }
        finally
        {
            IoUtil.unmap(cnc);
        }
    }

    private static Map<Long, HandlerStatsSample> index(final List<HandlerStatsSample> samples)
    {
        final Map<Long, HandlerStatsSample> byOwner = new HashMap<>();
        for (final HandlerStatsSample sample : samples)
        {
            byOwner.put(sample.ownerId(), sample);
        }
        return byOwner;
    }

    /**
     * The directory to read when none is given: {@code xdpfeed.aeron.dir}, else the most recently started live
     * embedded driver of a handler, else Aeron's default.
     *
     * @return the directory.
     */
    public static String defaultDirectory()
    {
        final String configured = Configuration.aeronDir();
        if (configured != null && !configured.isEmpty())
        {
            return configured;
        }
        final String live = HandlerDriverDirectory.newestLive(
            (dir) -> CommonContext.isDriverActive(dir, DRIVER_TIMEOUT_MS, (message) -> { }));
        if (live != null)
        {
            return live;
        }
        return CommonContext.getAeronDirectoryName();
    }

    private static String usage()
    {
        return "usage: feed-stat [--aeron-dir DIR] [--once] [--seconds N] [--interval-ms MS]\n" +
            "  a live view of a running feed handler from the media driver's counters, one frame per interval;\n" +
            "  --once prints one frame (rates over one interval) and exits; --seconds N stops after N seconds.\n" +
            "  Default directory: xdpfeed.aeron.dir, else the newest live /dev/shm/" + HandlerDriverDirectory.PREFIX +
            "*, else Aeron's default.";
    }
}
