package io.xdpfeed.client;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.Subscription;
import io.aeron.archive.client.AeronArchive;
import io.aeron.archive.client.ReplayMerge;

/**
 * Late join by the handler's recording instead of a snapshot request: the subscriber's stream starts as a replay of
 * the recording from its start and merges into the live UDP stream (Aeron's {@link ReplayMerge}), so the mirror sees
 * every record from recordSeq 1 and never asks the handler for anything. Set with
 * {@link MarketDataSubscriber.Context#replayMerge(ReplayMergeJoin)}; the subscriber's Aeron client must be the
 * archive client's ({@link MarketDataSubscriber.Context#aeron}).
 *
 * @param archive           client of the archive recording the handler's stream (on the handler's host, reached on
 *                          its UDP control channel; its client's Aeron is the subscriber's).
 * @param recordingId       the recording of the live stream (the handler's {@code ArchiveRecording}).
 * @param liveDestination   the live stream as this host receives it, e.g.
 *                          {@code aeron:udp?endpoint=10.77.1.2:40458|control=10.77.1.1:40456} for the handler's MDC
 *                          publication.
 * @param replayDestination where the replay comes to on this host, e.g. {@code aeron:udp?endpoint=10.77.1.2:0}
 *                          (port 0: one is chosen).
 */
public record ReplayMergeJoin(
    AeronArchive archive, long recordingId, String liveDestination, String replayDestination)
{
    /** The multi-destination subscription a merge runs on. */
    public static final String MERGE_CHANNEL = "aeron:udp?control-mode=manual";

    /**
     * Start the merge on the subscriber's subscription ({@link #MERGE_CHANNEL}): replay from the recording's start.
     *
     * @param subscription the subscriber's subscription.
     * @return the merge to poll until merged.
     */
    ReplayMerge start(final Subscription subscription)
    {
        final int[] sessionId = { 0 };
        archive.listRecording(recordingId, (controlSessionId, correlationId, recording, startTimestamp,
            stopTimestamp, startPosition, stopPosition, initialTermId, segmentFileLength, termBufferLength, mtuLength,
            session, streamId, strippedChannel, originalChannel, sourceIdentity) -> sessionId[0] = session);
        final ChannelUri replayChannel = ChannelUri.parse("aeron:udp");
        replayChannel.put(CommonContext.SESSION_ID_PARAM_NAME, Integer.toString(sessionId[0]));
        return new ReplayMerge(subscription, archive, replayChannel.toString(), replayDestination, liveDestination,
            recordingId, 0);
    }
}
