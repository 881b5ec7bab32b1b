package io.xdpfeed.client;

import io.xdpfeed.codecs.md.FeedStatus;

/**
 * Trust transitions of a {@link BookMirror}, called on the polling thread. Every method has an empty default.
 */
public interface MirrorStatusListener
{
    /**
     * A channel's sync status on this subscriber changed (STALE -> RECOVERING -> LIVE, or back to STALE).
     *
     * @param channelId CME channel id.
     * @param status    the new status.
     * @param recordSeq last recordSeq seen when it changed.
     */
    default void onChannelSyncStatus(final int channelId, final FeedStatus status, final long recordSeq)
    {
    }

    /**
     * A record arrived out of sequence: records were lost to this subscriber (slow consumer, back-pressure at the
     * handler) and every channel goes STALE until recovered.
     *
     * @param expectedRecordSeq the recordSeq that should have come.
     * @param recordSeq         the one that came.
     */
    default void onRecordSeqGap(final long expectedRecordSeq, final long recordSeq)
    {
    }

    /**
     * A new stream started (a new publisher image: first connection, or the handler restarted); every book was
     * emptied and will be rebuilt from it.
     *
     * @param sessionId Aeron session id of the new stream.
     */
    default void onNewStream(final int sessionId)
    {
    }
}
