package io.xdpfeed.handler.archive;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.ChannelUri;
import io.aeron.Publication;
import io.aeron.archive.client.AeronArchive;
import io.aeron.archive.codecs.SourceLocation;
import io.aeron.archive.status.RecordingPos;
import io.aeron.exceptions.AeronException;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.CountersReader;

import java.util.function.Consumer;

/**
 * Records the handler's market-data publication (its session only) in an Aeron Archive, and looks after the
 * recording from the conductor thread, never the receive thread: the archive reads the publication through a local
 * (spy or IPC) subscription of its own, so a slow or stopped recording never holds the receive path.
 * <ul>
 *   <li>A recording that stops while the handler runs (a full disk: the archive's writer fails with a storage space
 *       error; any archive error) is counted ({@link ArchiveCounter#RECORDING_STOPS}) and said in one line; the
 *       handler goes on publishing, unrecorded.</li>
 *   <li>With a purge age, the recorded position is sampled as time passes; segment files whose every record is older
 *       than the age are purged ({@link AeronArchive#purgeSegments}), and whole recordings of earlier runs of the
 *       stream that stopped longer ago than the age are purged at start.</li>
 * </ul>
 */
public final class ArchiveRecording implements Agent, AutoCloseable
{
    private static final int SAMPLES = 64;
    private static final long CHECK_INTERVAL_MS = 100;
    private static final long MIN_SAMPLE_INTERVAL_MS = 100;
    private static final long START_TIMEOUT_MS = 10_000;
    private static final long CATCH_UP_TIMEOUT_MS = 5_000;

    private final AeronArchive archive;
    private final Publication publication;
    private final CountersReader counters;
    private final EpochClock clock;
    private final Consumer<String> log;
    private final long purgeAgeMs;
    private final long sampleIntervalMs;
    private final long subscriptionId;
    private final int counterId;
    private final long recordingId;
    private final Counter stops;
    private final Counter segmentsPurged;
    private final Counter recordingsPurged;
    private final long[] sampleTimeMs = new long[SAMPLES];
    private final long[] samplePosition = new long[SAMPLES];
    private int sampleCount;
    private long purgedAtStart;
    private int oldestSample;
    private long startPosition;
    private int termLength;
    private int segmentLength;
    private long nextCheckMs;
    private long nextSampleMs;
    private boolean stopped;
    private boolean closed;

    /**
     * Start recording and wait (start-up, bounded) until the archive's recording position counter shows it.
     *
     * @param aeron       the handler's client (its counters).
     * @param archive     the archive's client, owned from now on (closed with this).
     * @param publication the market-data publication.
     * @param settings    purge age.
     * @param clock       wall clock of the ages.
     * @param log         where the one-line notices go.
     * @throws ConfigurationException when the archive refuses or does not start the recording.
     */
    public ArchiveRecording(
        final Aeron aeron,
        final AeronArchive archive,
        final Publication publication,
        final ArchiveSettings settings,
        final EpochClock clock,
        final Consumer<String> log)
    {
        this.archive = archive;
        this.publication = publication;
        this.counters = aeron.countersReader();
        this.clock = clock;
        this.log = log;
        this.purgeAgeMs = settings.purgeAgeNs() / 1_000_000;
        this.sampleIntervalMs = Math.max(MIN_SAMPLE_INTERVAL_MS, purgeAgeMs / (SAMPLES / 2));
        final String channel = ChannelUri.addSessionId(publication.channel(), publication.sessionId());
        try
        {
            if (purgeAgeMs > 0)
            {
                purgeOldRecordings(publication.streamId());
            }
            subscriptionId = archive.startRecording(channel, publication.streamId(), SourceLocation.LOCAL, true);
            final long deadlineMs = System.currentTimeMillis() + START_TIMEOUT_MS;
            int id;
            while ((id = RecordingPos.findCounterIdBySession(counters, publication.sessionId(), archive.archiveId())) ==
                CountersReader.NULL_COUNTER_ID)
            {
                if (System.currentTimeMillis() > deadlineMs)
                {
                    throw new ConfigurationException(ArchiveSettings.MODE_PROP_NAME + "=" + settings.mode()
                        .name().toLowerCase() + ": the archive did not start recording " + channel + " within " +
                        START_TIMEOUT_MS + " ms");
                }
                Thread.onSpinWait();
                Thread.yield();
            }
            counterId = id;
            recordingId = RecordingPos.getRecordingId(counters, counterId);
            archive.listRecording(recordingId, (controlSessionId, correlationId, recordingId, startTimestamp,
                stopTimestamp, startPosition, stopPosition, initialTermId, segmentFileLength, termBufferLength,
                mtuLength, sessionId, streamId, strippedChannel, originalChannel, sourceIdentity) ->
            {
                this.startPosition = startPosition;
                this.termLength = termBufferLength;
                this.segmentLength = segmentFileLength;
            });
        }
        catch (final AeronException ex)
        {
            CloseHelper.quietClose(archive);
            throw new ConfigurationException(ArchiveSettings.MODE_PROP_NAME + "=" + settings.mode().name()
                .toLowerCase() + ": the archive refused to record " + channel + " (" + ex.getMessage() + ")", ex);
        }
        stops = aeron.addCounter(ArchiveCounter.RECORDING_STOPS.typeId(), ArchiveCounter.RECORDING_STOPS.label());
        segmentsPurged = aeron.addCounter(ArchiveCounter.SEGMENTS_PURGED.typeId(),
            ArchiveCounter.SEGMENTS_PURGED.label());
        recordingsPurged = aeron.addCounter(ArchiveCounter.RECORDINGS_PURGED.typeId(),
            ArchiveCounter.RECORDINGS_PURGED.label());
        recordingsPurged.setOrdered(purgedAtStart);
    }

    private void purgeOldRecordings(final int streamId)
    {
        final long cutOffMs = clock.time() - purgeAgeMs;
        final long[] old = new long[1024];
        final int[] count = { 0 };
        archive.listRecordingsForUri(0, old.length, "", streamId, (controlSessionId, correlationId, recordingId,
            startTimestamp, stopTimestamp, startPosition, stopPosition, initialTermId, segmentFileLength,
            termBufferLength, mtuLength, sessionId, stream, strippedChannel, originalChannel, sourceIdentity) ->
        {
            if (stopPosition != AeronArchive.NULL_POSITION && stopTimestamp != AeronArchive.NULL_TIMESTAMP &&
                stopTimestamp < cutOffMs && count[0] < old.length)
            {
                old[count[0]++] = recordingId;
            }
        });
        for (int i = 0; i < count[0]; i++)
        {
            archive.purgeRecording(old[i]);
        }
        purgedAtStart = count[0];
        if (count[0] > 0)
        {
            log.accept("archive: purged " + count[0] + " recording(s) of stream " + streamId + " that stopped more " +
                "than " + purgeAgeMs + " ms ago");
        }
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final long nowMs = clock.time();
        if (stopped || nowMs < nextCheckMs)
        {
            return 0;
        }
        nextCheckMs = nowMs + CHECK_INTERVAL_MS;
        if (!RecordingPos.isActive(counters, counterId, recordingId))
        {
            stopped = true;
            stops.increment();
            String error = null;
            try
            {
                error = archive.pollForErrorResponse();
            }
            catch (final AeronException ex)
            {
                error = ex.getMessage();
            }
            log.accept("archive: recording " + recordingId + " stopped while the handler runs (" +
                (error == null ? "see the archive's error log; a full disk stops it" : error) + "): the stream " +
                "goes on, unrecorded");
            return 1;
        }
        if (purgeAgeMs > 0 && nowMs >= nextSampleMs)
        {
            nextSampleMs = nowMs + sampleIntervalMs;
            sample(nowMs, counters.getCounterValue(counterId));
            return 1 + purgeSegments(nowMs);
        }
        return 0;
    }

    private void sample(final long nowMs, final long position)
    {
        final int index = (oldestSample + sampleCount) % SAMPLES;
        sampleTimeMs[index] = nowMs;
        samplePosition[index] = position;
        if (sampleCount < SAMPLES)
        {
            sampleCount++;
        }
        else
        {
            oldestSample = (oldestSample + 1) % SAMPLES;
        }
    }

    /**
     * Everything recorded before the newest sample older than the age is older than the age: purge up to the start
     * of the segment holding that position.
     */
    private int purgeSegments(final long nowMs)
    {
        long positionAtAge = AeronArchive.NULL_POSITION;
        while (sampleCount > 0 && sampleTimeMs[oldestSample] <= nowMs - purgeAgeMs)
        {
            positionAtAge = samplePosition[oldestSample];
            oldestSample = (oldestSample + 1) % SAMPLES;
            sampleCount--;
        }
        if (positionAtAge == AeronArchive.NULL_POSITION || segmentLength == 0)
        {
            return 0;
        }
        final long base = AeronArchive.segmentFileBasePosition(startPosition, positionAtAge, termLength,
            segmentLength);
        if (base <= startPosition)
        {
            return 0;
        }
        try
        {
            final long purged = archive.purgeSegments(recordingId, base);
            startPosition = base;
            segmentsPurged.getAndAdd(purged);
            return 1;
        }
        catch (final AeronException ex)
        {
            log.accept("archive: purging segments of recording " + recordingId + " before position " + base +
                " failed: " + ex.getMessage());
            return 0;
        }
    }

    /**
     * @return the recording id of the stream.
     */
    public long recordingId()
    {
        return recordingId;
    }

    /**
     * @return segment files purged for their age so far.
     */
    public long segmentsPurged()
    {
        return segmentsPurged.get();
    }

    /**
     * @return whether the recording stopped while the handler ran.
     */
    public boolean stopped()
    {
        return stopped;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "xdpfeed-archive-recording";
    }

    /**
     * Stop the recording once it has caught up with the publication (bounded wait: the receive thread has stopped,
     * so the recording ends at the publication's last position) and close the archive's client.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (!stopped)
            {
                final long target = publication.position();
                final long deadlineMs = System.currentTimeMillis() + CATCH_UP_TIMEOUT_MS;
                while (RecordingPos.isActive(counters, counterId, recordingId) &&
                    counters.getCounterValue(counterId) < target && System.currentTimeMillis() < deadlineMs)
                {
                    Thread.yield();
                }
                archive.tryStopRecording(subscriptionId);
            }
        }
        catch (final AeronException ex)
        {
            log.accept("archive: stopping recording " + recordingId + ": " + ex.getMessage());
        }
        CloseHelper.quietCloseAll(stops, segmentsPurged, recordingsPurged, archive);
    }
}
