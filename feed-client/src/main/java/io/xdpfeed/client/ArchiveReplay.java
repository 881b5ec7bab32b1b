package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.Subscription;
import io.aeron.archive.client.AeronArchive;
import io.aeron.exceptions.ConfigurationException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;

/**
 * A recorded session of the handler's market-data stream replayed from an Aeron Archive into the feed-client API: a
 * {@link MarketDataSubscriber} (its {@link BookMirror} and the strategy's {@link MarketDataListener}) reads the replay
 * as it would read the live stream, from recordSeq 1, so a research job runs the same code as a strategy. The archive
 * replays as fast as the subscriber reads ({@link #runToEnd}); a paced replay is the caller's polling at its own pace.
 * <pre>{@code
 * try (AeronArchive archive = AeronArchive.connect(new AeronArchive.Context().aeron(aeron));
 *     ArchiveReplay replay = ArchiveReplay.start(archive, ArchiveReplay.lastRecording(archive, 1001),
 *         new MarketDataSubscriber.Context().listener(strategy)))
 * {
 *     replay.runToEnd(new YieldingIdleStrategy(), 60_000);
 * }
 * }</pre>
 * Snapshot requests of the replay's mirror go to a control stream no handler listens on: a replay is answered by the
 * recording alone.
 */
public final class ArchiveReplay implements AutoCloseable
{
    /** Stream id the archive replays on, unless given. */
    public static final int REPLAY_STREAM_ID_DEFAULT = 1101;
    /** Channel of a replay on the subscriber's own media driver (the archive runs with that driver). */
    public static final String LOCAL_REPLAY_CHANNEL = "aeron:ipc";

    private final AeronArchive archive;
    private final long replaySessionId;
    private final long stopPosition;
    private final MarketDataSubscriber subscriber;
    private boolean closed;

    private ArchiveReplay(
        final AeronArchive archive, final long replaySessionId, final long stopPosition,
        final MarketDataSubscriber subscriber)
    {
        this.archive = archive;
        this.replaySessionId = replaySessionId;
        this.stopPosition = stopPosition;
        this.subscriber = subscriber;
    }

    /**
     * The newest recording of a stream in the archive.
     *
     * @param archive  the archive's client.
     * @param streamId the recorded stream (the handler's {@code xdpfeed.md.stream}).
     * @return its recording id.
     * @throws ConfigurationException when the archive holds none.
     */
    public static long lastRecording(final AeronArchive archive, final int streamId)
    {
        final long[] last = { Aeron.NULL_VALUE };
        archive.listRecordingsForUri(0, Integer.MAX_VALUE, "", streamId, (controlSessionId, correlationId,
            recordingId, startTimestamp, stopTimestamp, startPosition, stopPosition, initialTermId, segmentFileLength,
            termBufferLength, mtuLength, sessionId, stream, strippedChannel, originalChannel, sourceIdentity) ->
            last[0] = Math.max(last[0], recordingId));
        if (last[0] == Aeron.NULL_VALUE)
        {
            throw new ConfigurationException("the archive holds no recording of stream " + streamId);
        }
        return last[0];
    }

    /**
     * Replay a whole recording (up to its end; a recording still running is followed live) into a new subscriber on
     * the archive client's Aeron, over {@link #LOCAL_REPLAY_CHANNEL} stream {@link #REPLAY_STREAM_ID_DEFAULT}.
     *
     * @param archive     the archive's client (not closed here).
     * @param recordingId the recording.
     * @param context     the subscriber's context: listener, mirror options; its channel and streams are set here.
     * @return the running replay; poll its {@link #subscriber()}.
     */
    public static ArchiveReplay start(
        final AeronArchive archive, final long recordingId, final MarketDataSubscriber.Context context)
    {
        return start(archive, recordingId, LOCAL_REPLAY_CHANNEL, REPLAY_STREAM_ID_DEFAULT, context);
    }

    /**
     * Replay a whole recording into a new subscriber.
     *
     * @param archive        the archive's client (not closed here).
     * @param recordingId    the recording.
     * @param replayChannel  where the archive sends it: {@code aeron:ipc} on the archive's own driver, or a UDP
     *                       endpoint of the subscriber's host.
     * @param replayStreamId stream id of the replay.
     * @param context        the subscriber's context; its channel and streams are set here.
     * @return the running replay.
     */
    public static ArchiveReplay start(
        final AeronArchive archive,
        final long recordingId,
        final String replayChannel,
        final int replayStreamId,
        final MarketDataSubscriber.Context context)
    {
        final long stopPosition = archive.getStopPosition(recordingId);
        final long replaySessionId = archive.startReplay(recordingId, 0, AeronArchive.NULL_LENGTH, replayChannel,
            replayStreamId);
        final MarketDataSubscriber subscriber;
        try
        {
            subscriber = new MarketDataSubscriber(context
                .aeron(archive.context().aeron())
                .channel(ChannelUri.addSessionId(replayChannel, (int)replaySessionId))
                .streamId(replayStreamId)
                .controlChannel(LOCAL_REPLAY_CHANNEL)
                .controlStreamId(replayStreamId + 1));
        }
        catch (final RuntimeException ex)
        {
            archive.stopReplay(replaySessionId);
            throw ex;
        }
        return new ArchiveReplay(archive, replaySessionId, stopPosition, subscriber);
    }

    /**
     * Poll until the replay of a finished recording has been read whole (the subscriber's image reached the
     * recording's stop position and went away), or {@code timeoutMs} passed.
     *
     * @param idleStrategy between polls.
     * @param timeoutMs    upper bound of the wait.
     * @return true when the replay reached its end.
     */
    public boolean runToEnd(final IdleStrategy idleStrategy, final long timeoutMs)
    {
        final long deadlineMs = System.currentTimeMillis() + timeoutMs;
        boolean seen = false;
        while (System.currentTimeMillis() < deadlineMs)
        {
            final int work = subscriber.poll();
            final Subscription subscription = subscriber.connection().subscription();
            final boolean connected = subscription != null && subscription.isConnected();
            seen |= connected;
            if (seen && !connected)
            {
                return true;
            }
            idleStrategy.idle(work);
        }
        return false;
    }

    /**
     * @return the replaying subscriber: its mirror, its counters.
     */
    public MarketDataSubscriber subscriber()
    {
        return subscriber;
    }

    /**
     * @return the recording's stop position when the replay started, {@link AeronArchive#NULL_POSITION} while it
     * was still recording.
     */
    public long stopPosition()
    {
        return stopPosition;
    }

    /**
     * Stop the replay (when still running) and close the subscriber.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietClose(subscriber);
        try
        {
            archive.stopReplay(replaySessionId);
        }
        catch (final RuntimeException ignore)
        {
            // already ended: a finished replay is removed by the archive
        }
    }
}
