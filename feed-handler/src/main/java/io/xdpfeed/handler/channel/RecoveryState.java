package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.FeedStatus;

/**
 * The recovery state of a channel (without the silence of its lines, which {@link RecoveryStates} lays over it).
 * <pre>
 *   LIVE        --loss or late start-->         STALE
 *   STALE       --first instrument recovered--> RECOVERING
 *   STALE, RECOVERING --loss-->                 STALE (a restart)
 *   STALE, RECOVERING --every instrument LIVE (and a whole loop or complete definitions), or ChannelReset4--> LIVE
 * </pre>
 * An RptSeq gap makes one instrument STALE and joins the snapshot line, but leaves the channel LIVE.
 */
enum RecoveryState
{
    /** In sequence: the instruments that are STALE, if any, went so one by one (RptSeq gaps). */
    LIVE(FeedStatus.LIVE),
    /** A channel-level loss: every instrument STALE, none recovered yet. */
    STALE(FeedStatus.STALE),
    /** A channel-level loss, at least one instrument recovered from the snapshots. */
    RECOVERING(FeedStatus.RECOVERING);

    private final FeedStatus status;

    RecoveryState(final FeedStatus status)
    {
        this.status = status;
    }

    /**
     * @return the ChannelStatus published for the state.
     */
    FeedStatus status()
    {
        return status;
    }
}
