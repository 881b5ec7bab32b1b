package io.xdpfeed.client.sample;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.exceptions.ConfigurationException;
import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.BookSide;
import io.xdpfeed.client.LatencyIntervalLog;
import io.xdpfeed.client.LatencyTier;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.MirrorStatusListener;
import io.xdpfeed.client.SubscriberConfiguration;
import io.xdpfeed.client.SubscriberLatency;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.common.bus.HandlerDriverDirectory;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A strategy in miniature: subscribes to the handler's stream, keeps the books with a {@link BookMirror}, counts
 * trades in its {@link MarketDataListener}, and every second prints the top of book of each instrument (with its
 * trust) and the {@code bus} and {@code end-to-end} latency percentiles of the last second. At the end it prints the
 * percentiles of the whole run as {@code SUMMARY} lines.
 * <p>
 * Everything runs on the main thread: poll, apply, print. Started before the handler (or its media driver), it
 * waits for it; when the handler restarts, it waits again and joins the new stream.
 */
public final class SampleStrategy
{
    /** Environment variable naming the parent process this one must end with (set by a launching program). */
    public static final String PARENT_PID_ENV = "XDPFEED_PARENT_PID";
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final int maxBooks;
    private final Map<LatencyTier, Histogram> totals = new EnumMap<>(LatencyTier.class);
    private long trades;
    private long lastRecords;

    private SampleStrategy(final PrintStream out, final int maxBooks)
    {
        this.out = out;
        this.maxBooks = maxBooks;
    }

    /**
     * Run the sample strategy; {@code --help} lists the options.
     *
     * @param args command line.
     * @throws Exception when the interval log cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        dieWithParent(System.getenv(PARENT_PID_ENV));
        final Options options;
        try
        {
            options = Options.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help)
        {
            System.out.println(Options.USAGE);
            return;
        }

        final String denied = permissionProblem(new File(options.aeronDir));
        if (denied != null)
        {
            System.err.println("error: " + denied);
            System.exit(1);
            return;
        }

        final SampleStrategy strategy = new SampleStrategy(System.out, options.maxBooks);
        final long deadlineNs = options.seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds) :
            Long.MAX_VALUE;
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread main = Thread.currentThread();
        final boolean[] running = {true};
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            running[0] = false;
            main.interrupt();
            try
            {
                stopped.await(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        }));

        try (MarketDataSubscriber subscriber = new MarketDataSubscriber(new MarketDataSubscriber.Context()
            .aeronDirectoryName(options.aeronDir)
            .channel(options.channel)
            .streamId(options.streamId)
            .controlChannel(options.controlChannel)
            .controlStreamId(options.controlStreamId)
            .listener(strategy.listener())
            .mirrorStatusListener(strategy.statusListener())))
        {
            strategy.run(subscriber, options, deadlineNs, running);
        }
        catch (final ConfigurationException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(2);
        }
        finally
        {
            stopped.countDown();
        }
    }

    /**
     * Started as a child by the demo, a benchmark or a test (which set {@value #PARENT_PID_ENV}), exit when that
     * parent ends, even by {@code kill -9}. The feed handler and the simulator arm the kernel's parent-death signal
     * for this (io.xdpfeed.nativeio.ParentDeath); a strategy links only the client, without the native module, so it
     * watches its parent through {@link ProcessHandle#onExit()} instead. A parent that is already gone (the process
     * was re-parented) ends it at once.
     */
    private static void dieWithParent(final String expectedParentPid)
    {
        if (null == expectedParentPid || expectedParentPid.isBlank())
        {
            return;
        }
        final ProcessHandle parent = ProcessHandle.current().parent()
            .filter(handle -> Long.toString(handle.pid()).equals(expectedParentPid.trim())).orElse(null);
        if (null == parent)
        {
            System.err.println("sample-strategy: parent process " + expectedParentPid + " is gone: exiting");
            System.exit(1);
            return;
        }
        parent.onExit().thenRun(() ->
        {
            System.err.println("sample-strategy: parent process " + expectedParentPid + " ended: exiting");
            System.exit(1);
        });
    }

    /**
     * A driver directory this user may not use (the handler gives it to one group, xdpfeed.aeron.group) would look
     * like no driver at all, and the strategy would wait for ever: say so instead.
     */
    private static String permissionProblem(final File directory)
    {
        final File cnc = new File(directory, CncFileDescriptor.CNC_FILE);
        if (!directory.isDirectory() || (directory.canExecute() && (!cnc.exists() || (cnc.canRead() &&
            cnc.canWrite()))))
        {
            return null;
        }
        String owner = "?";
        String group = "?";
        try
        {
            final PosixFileAttributes attributes = Files.readAttributes(directory.toPath(), PosixFileAttributes.class);
            owner = attributes.owner().getName();
            group = attributes.group().getName();
        }
        catch (final IOException | UnsupportedOperationException ignore)
        {
            // the names only help the message
        }
        return "permission denied on the media driver's directory " + directory + " (owner " + owner + ", group " +
            group + "): run as " + owner + " or as a member of group " + group + " (the handler's xdpfeed.aeron.group)";
    }

    private void run(
        final MarketDataSubscriber subscriber, final Options options, final long deadlineNs, final boolean[] running)
        throws FileNotFoundException
    {
        out.println("subscribing to " + options.channel + " stream " + options.streamId + ", snapshot requests to " +
            options.controlChannel + " stream " + options.controlStreamId + " (media driver " +
            subscriber.context().aeronDirectoryName() + (subscriber.connection().isDriverConnected() ? ")" :
            ": not running yet, waiting for the feed handler or a media driver)"));
        final IdleStrategy idle = options.busySpin ? new BusySpinIdleStrategy() : new BackoffIdleStrategy();
        final SubscriberLatency latency = subscriber.latency();
        final long startNs = System.nanoTime();
        long nextReportNs = startNs + REPORT_INTERVAL_NS;

        try (LatencyIntervalLog log = null == options.hlog ? null :
            new LatencyIntervalLog(options.hlog, System.currentTimeMillis()))
        {
            while (running[0])
            {
                idle.idle(subscriber.poll());
                final long nowNs = System.nanoTime();
                if (nowNs >= nextReportNs)
                {
                    report(subscriber, latency, log, TimeUnit.NANOSECONDS.toSeconds(nowNs - startNs));
                    nextReportNs += REPORT_INTERVAL_NS;
                }
                if (nowNs >= deadlineNs)
                {
                    break;
                }
            }
            report(subscriber, latency, log, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNs));
        }

        for (final LatencyTier tier : LatencyTier.values())
        {
            final Histogram total = totals.get(tier);
            out.println("SUMMARY " + percentiles(tier, total, latency.clampedCount(tier)));
        }
        out.flush();
    }

    private void report(
        final MarketDataSubscriber subscriber, final SubscriberLatency latency, final LatencyIntervalLog log,
        final long elapsedS)
    {
        final BookMirror mirror = subscriber.mirror();
        final long records = mirror.count(BookMirror.Count.RECORDS);
        out.printf("t=%ds %s driver=%s publisher=%s records=%d (+%d) trades=%d gaps=%d missed=%d lateJoins=%d " +
            "requests=%d recoveries=%d books=%d malformed=%d%n",
            elapsedS, mirror.syncStatus(), subscriber.connection().isDriverConnected() ? "connected" : "waiting",
            mirror.isConnected() ? "connected" : "waiting", records, records - lastRecords, trades,
            mirror.count(BookMirror.Count.GAPS), mirror.count(BookMirror.Count.MISSED_RECORDS),
            mirror.count(BookMirror.Count.LATE_JOINS), mirror.count(BookMirror.Count.SNAPSHOT_REQUESTS),
            mirror.count(BookMirror.Count.RECOVERIES), mirror.books().size(),
            subscriber.adapter().count(MarketDataAdapter.Count.MALFORMED));
        lastRecords = records;

        final List<Book> books = mirror.books();
        final int shown = Math.min(maxBooks, books.size());
        for (int i = 0; i < shown; i++)
        {
            out.println("  " + topOfBook(books.get(i)));
        }
        if (shown < books.size())
        {
            out.println("  ... " + (books.size() - shown) + " more books");
        }

        for (final LatencyTier tier : LatencyTier.values())
        {
            final Histogram interval = latency.intervalHistogram(tier);
            if (null != log)
            {
                log.write(interval);
            }
            totals.computeIfAbsent(tier, t -> new Histogram(interval.getHighestTrackableValue(), 3)).add(interval);
            out.println("  latency " + percentiles(tier, interval, latency.clampedCount(tier)));
        }
        out.flush();
    }

    private static String topOfBook(final Book book)
    {
        return String.format("%d/%d %-8s %-9s bid %s | ask %s   implied bid %s | ask %s",
            book.channelId(), book.securityId(), book.symbol().isEmpty() ? "-" : book.symbol(),
            book.isTrusted() ? "trusted" : "UNTRUSTED",
            level(book.bids(), true), level(book.asks(), false),
            level(book.impliedBids(), true), level(book.impliedAsks(), false));
    }

    private static String level(final BookSide side, final boolean bid)
    {
        if (!side.hasLevel(1))
        {
            return "-";
        }
        final String price = price(side.price(1));
        return bid ? side.size(1) + " @ " + price : price + " x " + side.size(1);
    }

    static String price(final long mantissa)
    {
        return mantissa == BookSide.NULL_PRICE ? "-" :
            BigDecimal.valueOf(mantissa, 9).stripTrailingZeros().toPlainString();
    }

    static String percentiles(final LatencyTier tier, final Histogram histogram, final long clamped)
    {
        if (null == histogram || histogram.getTotalCount() == 0)
        {
            return "tier=" + tier.tag() + " n=0";
        }

        return "tier=" + tier.tag() +
            " n=" + histogram.getTotalCount() +
            " p50_ns=" + histogram.getValueAtPercentile(50) +
            " p99_ns=" + histogram.getValueAtPercentile(99) +
            " p999_ns=" + histogram.getValueAtPercentile(99.9) +
            " max_ns=" + histogram.getMaxValue() +
            " clamped=" + clamped;
    }

    private MarketDataListener listener()
    {
        return new MarketDataListener()
        {
            public void onTrade(final TradeDecoder decoder)
            {
                trades++;
            }
        };
    }

    private MirrorStatusListener statusListener()
    {
        return new MirrorStatusListener()
        {
            public void onChannelSyncStatus(final int channelId, final FeedStatus status, final long recordSeq)
            {
                out.println("channel " + channelId + " -> " + status + " at recordSeq " + recordSeq);
            }

            public void onRecordSeqGap(final long expectedRecordSeq, final long recordSeq)
            {
                out.println("gap: expected recordSeq " + expectedRecordSeq + ", got " + recordSeq +
                    " (records lost to this subscriber; recovering through snapshots)");
            }

            public void onNewStream(final int sessionId)
            {
                out.println("new stream (publisher session " + sessionId + ")");
            }
        };
    }

    static final class Options
    {
        private static final long DRIVER_TIMEOUT_MS = 10_000;

        static final String USAGE = String.join(System.lineSeparator(),
            "usage: sample-strategy [options]",
            "  --aeron-dir DIR           media driver directory (default: aeron.dir when set, else the newest",
            "                            live handler driver /dev/shm/" + HandlerDriverDirectory.PREFIX + "*, else a live",
            "                            driver in " + CommonContext.getAeronDirectoryName() + ", else " +
            HandlerDriverDirectory.defaultName() + ", waited for)",
            "  --channel URI             market-data channel (default " + SubscriberConfiguration.CHANNEL_DEFAULT + ")",
            "  --stream ID               market-data stream id (default " + SubscriberConfiguration.STREAM_ID_DEFAULT +
            ")",
            "  --control-channel URI     handler control channel (default " +
            SubscriberConfiguration.CONTROL_CHANNEL_DEFAULT + ")",
            "  --control-stream ID       handler control stream id (default " +
            SubscriberConfiguration.CONTROL_STREAM_ID_DEFAULT + ")",
            "  --seconds N               stop after N seconds (default 0: until Ctrl-C)",
            "  --hlog FILE               also write the latency tiers as an HdrHistogram interval log",
            "  --books N                 print at most N books per report (default 20)",
            "  --busy-spin               busy-spin between polls instead of backing off",
            "  --help                    this text");

        String aeronDir;
        String channel = SubscriberConfiguration.channel();
        int streamId = SubscriberConfiguration.streamId();
        String controlChannel = SubscriberConfiguration.controlChannel();
        int controlStreamId = SubscriberConfiguration.controlStreamId();
        long seconds;
        File hlog;
        int maxBooks = 20;
        boolean busySpin;
        boolean help;

        /**
         * The media driver to use without {@code --aeron-dir}: {@code aeron.dir} when set; else the newest live
         * embedded driver of a feed handler on this host; else a live driver in Aeron's default directory; else the
         * directory a handler started by this user will have (the strategy waits for it).
         *
         * @return the directory.
         */
        static String defaultAeronDir()
        {
            final String configured = System.getProperty(CommonContext.AERON_DIR_PROP_NAME);
            if (configured != null && !configured.isBlank())
            {
                return configured.trim();
            }
            final String handler = HandlerDriverDirectory.newestLive(Options::isDriverActive);
            if (handler != null)
            {
                return handler;
            }
            final String aeronDefault = CommonContext.getAeronDirectoryName();
            return isDriverActive(new File(aeronDefault)) ? aeronDefault : HandlerDriverDirectory.defaultName();
        }

        private static boolean isDriverActive(final File directory)
        {
            return CommonContext.isDriverActive(directory, DRIVER_TIMEOUT_MS, (message) -> { });
        }

        static Options parse(final String[] args)
        {
            final Options options = new Options();
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                switch (arg)
                {
                    case "--aeron-dir" -> options.aeronDir = value(args, ++i, arg);
                    case "--channel" -> options.channel = value(args, ++i, arg);
                    case "--stream" -> options.streamId = number(args, ++i, arg);
                    case "--control-channel" -> options.controlChannel = value(args, ++i, arg);
                    case "--control-stream" -> options.controlStreamId = number(args, ++i, arg);
                    case "--seconds" -> options.seconds = number(args, ++i, arg);
                    case "--hlog" -> options.hlog = new File(value(args, ++i, arg));
                    case "--books" -> options.maxBooks = number(args, ++i, arg);
                    case "--busy-spin" -> options.busySpin = true;
                    case "--help", "-h" -> options.help = true;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (options.seconds < 0)
            {
                throw new IllegalArgumentException("--seconds " + options.seconds + ": must be at least 0");
            }
            if (options.maxBooks < 0)
            {
                throw new IllegalArgumentException("--books " + options.maxBooks + ": must be at least 0");
            }
            if (options.aeronDir == null && !options.help)
            {
                options.aeronDir = defaultAeronDir();
            }
            return options;
        }

        private static String value(final String[] args, final int index, final String name)
        {
            if (index >= args.length)
            {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[index];
        }

        private static int number(final String[] args, final int index, final String name)
        {
            final String value = value(args, index, name);
            try
            {
                return Integer.parseInt(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(name + " " + value + ": not a whole number");
            }
        }
    }
}
