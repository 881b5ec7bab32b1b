package io.xdpfeed.handler;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.engine.Configuration;
import io.xdpfeed.handler.engine.ConfigurationKeys;
import io.xdpfeed.handler.engine.FeedHandler;
import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.replay.OutputFile;
import io.xdpfeed.handler.stats.HandlerLatencyTier;
import io.xdpfeed.handler.stats.LatencyIntervalLog;
import io.xdpfeed.nativeio.ParentDeath;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code scripts/feed-handler} command line: properties file and {@code -D} overrides, then
 * {@link FeedHandler#launch(FeedHandler.Context)} until a signal or {@code --seconds}, then the latency summary and,
 * with {@code --books}, the final books as JSON. It lives above {@code engine} and {@code replay} so that neither
 * imports the other's way back.
 */
public final class FeedHandlerMain
{
    static final String USAGE =
        "usage: feed-handler --config handler.properties [--seconds N] [--hlog DIR] [--books FILE]\n" +
        "  keys: io.xdpfeed.handler.engine.Configuration; -Dkey=value overrides the file\n" +
        "  --books FILE: at exit, write the final books as JSON (the format of scripts/replay --books)\n" +
        "  exit status: 0 done, 1 bad setting or file, or failure while running, 2 bad usage";

    private FeedHandlerMain()
    {
    }

    /**
     * {@code scripts/feed-handler --config FILE [--seconds N] [--hlog DIR] [--books FILE]}: run until SIGINT/SIGTERM,
     * or for N seconds; with {@code --hlog} the latency tiers go to {@code DIR/handler.hlog}; with {@code --books},
     * write the final books as JSON once the agents have stopped. Prints a {@code SUMMARY} line per latency tier.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        // first: started as a child of the demo or a benchmark, die with it (see ParentDeath)
        ParentDeath.armOrExit("feed-handler");
        long seconds = 0;
        Path books = null;
        try
        {
            final CommandLine line = new CommandLine(args);
            for (final String option : line)
            {
                switch (option)
                {
                    case "--config" -> loadProperties(line.path(option));
                    case "--hlog" -> System.setProperty(Configuration.HLOG_DIR_PROP_NAME, line.value(option));
                    case "--seconds" -> seconds = line.longValue(option, 1, Long.MAX_VALUE / 1_000_000_000L);
                    case "--books" -> books = line.path(option);
                    case "-h", "--help" ->
                    {
                        System.out.println(USAGE);
                        System.exit(CommandLine.EXIT_OK);
                    }
                    default -> throw CommandLine.unknown(option);
                }
            }
        }
        catch (final UsageException ex)
        {
            System.exit(CommandLine.usageError(System.err, "feed-handler", ex.getMessage(), USAGE));
        }
        catch (final ConfigurationException ex)
        {
            System.err.println("feed-handler: " + ex.getMessage());
            System.exit(CommandLine.EXIT_FAILURE);
        }
        for (final String warning : ConfigurationKeys.unknownKeyWarnings(System.getProperties()))
        {
            System.err.println("feed-handler: " + warning);
        }

        // --books is opened now: an unwritable path fails before the session, not after it (the books lost)
        final OutputFile booksFile;
        try
        {
            booksFile = books == null ? null : OutputFile.open("--books", books);
        }
        catch (final UncheckedIOException ex)
        {
            System.err.println("feed-handler: " + ex.getMessage());
            System.exit(CommandLine.EXIT_FAILURE);
            return;
        }
        run(seconds, booksFile);
    }

    private static void loadProperties(final Path file)
    {
        // -D on the command line wins over the file, as Agrona's PropertyAction.PRESERVE did
        ConfigurationKeys.load(file).forEach((key, value) ->
        {
            if (System.getProperty((String)key) == null)
            {
                System.setProperty((String)key, (String)value);
            }
        });
    }

    private static void run(final long seconds, final OutputFile books)
    {
        FeedHandler stopped = null;
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            FeedHandler handler = FeedHandler.launch(
                new FeedHandler.Context().dropCapabilities(Configuration.dropCapabilities())))
        {
            stopped = handler;
            final FeedHandler.Context context = handler.context();
            System.out.println("feed-handler: channels " + Arrays.toString(context.channels()) + " from " +
                context.cmeConfig() + ", transport " + context.transport() + " -> " + handler.source().transport() +
                " on " + context.interfaceName() + ", market data " +
                context.marketDataChannel() + " stream " + context.marketDataStream() + ", control stream " +
                context.controlStream() + ", aeron dir " + handler.aeron().context().aeronDirectoryName());
            if (seconds > 0)
            {
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                Thread.ofPlatform().daemon().name("xdpfeed-timer").start(() ->
                {
                    long remainingNs;
                    while ((remainingNs = deadlineNs - System.nanoTime()) > 0)
                    {
                        LockSupport.parkNanos(remainingNs);
                    }
                    barrier.signal();
                });
            }
            barrier.await();
            System.out.println("feed-handler: stopping");
            handler.close();
            printSummary(handler);
        }
        catch (final ConfigurationException ex)
        {
            CloseHelper.quietClose(books);
            System.err.println("feed-handler: " + ex.getMessage());
            System.exit(CommandLine.EXIT_FAILURE);
        }
        if (stopped != null && books != null)
        {
            try (books)
            {
                BookJsonWriter.write(stopped.engine(), books.writer());
                books.commit();
            }
            catch (final IOException | UncheckedIOException ex)
            {
                System.err.println("feed-handler: " + ex.getMessage());
                System.exit(CommandLine.EXIT_FAILURE);
            }
            System.out.println("feed-handler: books written to " + books.target() + " (" +
                stopped.engine().recoveries() + " recoveries, " + stopped.engine().staleInstruments() +
                " stale instruments)");
        }
        if (System.out.checkError())
        {
            System.err.println("feed-handler: cannot write to standard output");
            System.exit(CommandLine.EXIT_FAILURE);
        }
    }

    private static void printSummary(final FeedHandler handler)
    {
        if (handler.latency() == null)
        {
            return;
        }
        for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
        {
            final Histogram total = handler.stats().total(tier);
            final boolean empty = total.getTotalCount() == 0;
            System.out.println("SUMMARY tier=" + tier.tag() + " n=" + total.getTotalCount() +
                " p50_ns=" + (empty ? 0 : total.getValueAtPercentile(50)) +
                " p99_ns=" + (empty ? 0 : total.getValueAtPercentile(99)) +
                " p999_ns=" + (empty ? 0 : total.getValueAtPercentile(99.9)) +
                " max_ns=" + (empty ? 0 : total.getMaxValue()) +
                " clamped=" + handler.latency().clampedCount(tier));
        }
        final LatencyIntervalLog log = handler.stats().log();
        if (log != null)
        {
            System.out.println("feed-handler: interval log " + log.file());
        }
    }
}
