package io.xdpfeed.client.archive;

import io.aeron.Aeron;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.archive.client.AeronArchive;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import io.xdpfeed.client.ArchiveReplay;
import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.SubscriberConfiguration;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.io.PrintStream;
import java.util.concurrent.locks.LockSupport;

import static io.xdpfeed.client.BookMirror.Count.GAPS;
import static io.xdpfeed.client.BookMirror.Count.RECORDS;

/**
 * {@code scripts/archive-replay}: replays a recording of the handler's market-data stream into a feed-client
 * {@link MarketDataSubscriber} at full speed and prints what it read: records, books, time; with {@code --books} the
 * top of every book at the end. The archive is either a stopped one's directory ({@code --archive-dir}: an archive of
 * this program's own is started on it, in a media driver of its own) or a running one ({@code --aeron-dir}: the
 * driver it runs with, reached on the archive's local control channel, e.g. the handler's embedded archive).
 */
public final class ArchiveReplayMain
{
    static final String USAGE = """
        usage: archive-replay (--archive-dir DIR | --aeron-dir DIR) [--recording ID] [--stream N] [--books]
                              [--pace SPEED] [--timeout-seconds S]
          --archive-dir DIR     recordings of a stopped archive (e.g. the handler's xdpfeed.archive.dir)
          --aeron-dir DIR       or the media driver a running archive belongs to (local control channel)
          --recording ID        recording to replay (default: the newest of the stream)
          --stream N            the recorded market-data stream (default 1001)
          --books               print the top of every book at the end
          --pace SPEED          paced by the records' SendingTime: 1 real time, 10 ten times faster (default:
                                full speed)
          --timeout-seconds S   give up after S seconds (default 600)
        """;

    private ArchiveReplayMain()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        String archiveDir = null;
        String aeronDir = null;
        long recordingId = Aeron.NULL_VALUE;
        int streamId = SubscriberConfiguration.STREAM_ID_DEFAULT;
        boolean books = false;
        double pace = 0;
        long timeoutSeconds = 600;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                switch (arg)
                {
                    case "--archive-dir" -> archiveDir = value(args, ++i, arg);
                    case "--aeron-dir" -> aeronDir = value(args, ++i, arg);
                    case "--recording" -> recordingId = number(args, ++i, arg);
                    case "--stream" -> streamId = (int)number(args, ++i, arg);
                    case "--timeout-seconds" -> timeoutSeconds = number(args, ++i, arg);
                    case "--books" -> books = true;
                    case "--pace" -> pace = speed(value(args, ++i, arg));
                    case "-h", "--help" ->
                    {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if ((archiveDir == null) == (aeronDir == null))
            {
                throw new IllegalArgumentException("give one of --archive-dir and --aeron-dir");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("archive-replay: " + ex.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        try
        {
            System.exit(run(System.out, archiveDir, aeronDir, recordingId, streamId, books, pace,
                timeoutSeconds * 1000));
        }
        catch (final AeronException | IllegalStateException ex)
        {
            System.err.println("archive-replay: " + ex.getMessage());
            System.exit(1);
        }
    }

    /**
     * Replay one recording and print what was read.
     *
     * @param out        where the summary goes.
     * @param archiveDir a stopped archive's directory, or null.
     * @param aeronDir   the driver of a running archive, or null.
     * @param recording  the recording, {@link Aeron#NULL_VALUE} for the newest of the stream.
     * @param streamId   the recorded stream.
     * @param books      print the top of every book.
     * @param pace       replay speed against the SendingTimes, 0 for full speed.
     * @param timeoutMs  upper bound of the replay.
     * @return exit status: 0 when the replay reached the recording's end.
     */
    public static int run(
        final PrintStream out,
        final String archiveDir,
        final String aeronDir,
        final long recording,
        final int streamId,
        final boolean books,
        final double pace,
        final long timeoutMs)
    {
        ArchivingMediaDriver ownArchive = null;
        Aeron aeron = null;
        AeronArchive archive = null;
        try
        {
            String dir = aeronDir;
            if (archiveDir != null)
            {
                if (!new File(archiveDir, "archive.catalog").isFile())
                {
                    throw new IllegalStateException("--archive-dir " + archiveDir + ": no archive.catalog there");
                }
                dir = System.getProperty("java.io.tmpdir") + "/xdpfeed-archive-replay-" +
                    ProcessHandle.current().pid();
                ownArchive = ArchivingMediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir)
                    .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true),
                    new Archive.Context().aeronDirectoryName(dir).archiveDirectoryName(archiveDir)
                    .controlChannelEnabled(false).replicationChannel("aeron:udp?endpoint=localhost:0")
                    .threadingMode(ArchiveThreadingMode.SHARED)
                    .archiveClientContext(new AeronArchive.Context()
                        .controlResponseChannel(AeronArchive.Configuration.localControlChannel())));
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            archive = AeronArchive.connect(new AeronArchive.Context().aeron(aeron).ownsAeronClient(false)
                .controlRequestChannel(AeronArchive.Configuration.localControlChannel())
                .controlResponseChannel(AeronArchive.Configuration.localControlChannel()));
            final long recordingId = recording != Aeron.NULL_VALUE ? recording :
                ArchiveReplay.lastRecording(archive, streamId);
            final long startNs = System.nanoTime();
            final ReplayPacer pacer = pace > 0 ? new ReplayPacer(new MarketDataListener()
            {
            }, pace, SystemNanoClock.INSTANCE, LockSupport::parkNanos) : null;
            final MarketDataSubscriber.Context context = new MarketDataSubscriber.Context().recordLatency(false);
            if (pacer != null)
            {
                context.listener(pacer);
            }
            try (ArchiveReplay replay = ArchiveReplay.start(archive, recordingId, context))
            {
                final boolean ended = replay.runToEnd(new YieldingIdleStrategy(), timeoutMs);
                final long elapsedNs = System.nanoTime() - startNs;
                final BookMirror mirror = replay.subscriber().mirror();
                final long records = mirror.count(RECORDS);
                out.printf("archive-replay: recording %d of stream %d: %,d records, %d books, %d record gaps, " +
                    "%.1f ms (%,.0f records/s%s)%s%n", recordingId, streamId, records, mirror.books().size(),
                    mirror.count(GAPS), elapsedNs / 1e6, records * 1e9 / Math.max(1, elapsedNs),
                    pacer == null ? ", full speed" : ", paced x" + pace + ", " + pacer.waits() + " waits",
                    ended ? "" : "; not at the end after " + timeoutMs + " ms (a recording still running?)");
                if (books)
                {
                    for (final Book book : mirror.books())
                    {
                        out.printf("  channel %d SecurityID %d %s: bid %d x %d, ask %d x %d%n", book.channelId(),
                            book.securityId(), book.symbol(), book.bids().price(1), book.bids().size(1),
                            book.asks().price(1), book.asks().size(1));
                    }
                }
                return ended ? 0 : 1;
            }
        }
        finally
        {
            CloseHelper.quietCloseAll(archive, aeron, ownArchive);
        }
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static double speed(final String text)
    {
        try
        {
            final double speed = Double.parseDouble(text);
            if (speed > 0)
            {
                return speed;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // said below
        }
        throw new IllegalArgumentException("--pace " + text + ": a speed above 0 (1 = real time)");
    }

    private static long number(final String[] args, final int index, final String option)
    {
        final String text = value(args, index, option);
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": not a number");
        }
    }
}
