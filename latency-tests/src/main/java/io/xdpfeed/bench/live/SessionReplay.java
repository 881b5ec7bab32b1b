package io.xdpfeed.bench.live;

import io.aeron.Aeron;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.archive.client.AeronArchive;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.client.ArchiveReplay;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.handler.archive.HandlerArchive;
import io.xdpfeed.sim.truth.TruthBook;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.file.Path;
import java.util.Map;

/**
 * A research job's replay of a finished session: an archive of its own on the recordings' directory (the handler
 * that recorded them is gone), the newest recording of the market-data stream replayed at full speed into a
 * feed-client subscriber, its books against the truth.
 *
 * @param recordingId the recording replayed.
 * @param records     records the subscriber received.
 * @param books       its books against the truth.
 * @param elapsedMs   time of the replay.
 * @param ended       whether the replay reached the recording's end.
 */
public record SessionReplay(long recordingId, long records, BookComparison books, long elapsedMs, boolean ended)
{
    /**
     * @param archiveDir the recordings' directory.
     * @param streamId   the recorded stream.
     * @param channelId  CME channel id of the books.
     * @param truth      by SecurityID.
     * @param timeoutMs  upper bound of the replay.
     * @return what the replay gave.
     */
    public static SessionReplay run(
        final Path archiveDir, final int streamId, final int channelId, final Map<Integer, TruthBook> truth,
        final long timeoutMs)
    {
        final String aeronDir = "/dev/shm/xdpfeed-replay-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (ArchivingMediaDriver driver = ArchivingMediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir).threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true), new Archive.Context().aeronDirectoryName(aeronDir)
                .archiveDirectoryName(archiveDir.toString()).controlChannelEnabled(false)
                .replicationChannel(HandlerArchive.REPLICATION_CHANNEL).threadingMode(ArchiveThreadingMode.SHARED)
                .archiveClientContext(new AeronArchive.Context()
                    .controlResponseChannel(AeronArchive.Configuration.localControlChannel())));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            AeronArchive archive = HandlerArchive.connect(aeron, "archive " + archiveDir))
        {
            final long recordingId = ArchiveReplay.lastRecording(archive, streamId);
            final long startMs = System.currentTimeMillis();
            try (ArchiveReplay replay = ArchiveReplay.start(archive, recordingId,
                new MarketDataSubscriber.Context().recordLatency(false)))
            {
                final boolean ended = replay.runToEnd(new YieldingIdleStrategy(), timeoutMs);
                final long elapsedMs = System.currentTimeMillis() - startMs;
                return new SessionReplay(recordingId, replay.subscriber().mirror().count(BookMirror.Count.RECORDS),
                    BookComparison.compare(replay.subscriber().mirror(), channelId, truth), elapsedMs, ended);
            }
        }
    }
}
