package io.xdpfeed.client;

import io.xdpfeed.codecs.md.FeedStatus;

/**
 * One CME channel as the {@link BookMirror} sees it: its sync status on this subscriber's stream (has this
 * subscriber got everything since the last gap or join?), the handler's own status of the channel, and the snapshot
 * request in flight while it recovers. Read-only outside the package.
 */
public final class MirroredChannel
{
    private final int channelId;
    private FeedStatus syncStatus = FeedStatus.STALE;
    private FeedStatus handlerStatus = FeedStatus.LIVE;
    private long pendingRequestId;
    private long requestTimeNs;
    private boolean requestAttempted;
    private long requestAfterRecordSeq;
    private int snapshotsReceived;
    private long recoveries;

    MirroredChannel(final int channelId)
    {
        this.channelId = channelId;
    }

    /**
     * @return the CME channel id.
     */
    public int channelId()
    {
        return channelId;
    }

    /**
     * @return this subscriber's sync status of the channel: LIVE when it has every record since its books were
     * complete, STALE after a gap or a late join until a snapshot request is sent, RECOVERING until the request's
     * SnapshotComplete arrives.
     */
    public FeedStatus syncStatus()
    {
        return syncStatus;
    }

    /**
     * @return the handler's status of the channel from its last ChannelStatus record (LIVE until one arrives):
     * LIVE, STALE, RECOVERING, or SILENT when one incremental line has delivered nothing for the handler's silence
     * time while another still delivers (the books are complete, the redundancy is gone; every line silent is
     * STALE).
     */
    public FeedStatus handlerStatus()
    {
        return handlerStatus;
    }

    /**
     * @return true when both this subscriber and the handler are live on the channel (the handler's SILENT counts as
     * live: a line is silent, yet every packet still arrives on another).
     */
    public boolean isLive()
    {
        return syncStatus == FeedStatus.LIVE &&
            (handlerStatus == FeedStatus.LIVE || handlerStatus == FeedStatus.SILENT);
    }

    /**
     * @return the requestId of the snapshot request in flight, 0 when none.
     */
    public long pendingRequestId()
    {
        return pendingRequestId;
    }

    /**
     * @return how many times the channel went from RECOVERING to LIVE through a snapshot request.
     */
    public long recoveries()
    {
        return recoveries;
    }

    void syncStatus(final FeedStatus status)
    {
        syncStatus = status;
        if (status != FeedStatus.RECOVERING)
        {
            pendingRequestId = 0;
            requestAttempted = false;
        }
    }

    void handlerStatus(final FeedStatus status)
    {
        handlerStatus = status;
    }

    void requestSent(final long requestId, final long nowNs, final long lastRecordSeq)
    {
        pendingRequestId = requestId;
        requestTimeNs = nowNs;
        requestAttempted = true;
        requestAfterRecordSeq = lastRecordSeq;
        snapshotsReceived = 0;
    }

    void requestFailed(final long nowNs)
    {
        requestTimeNs = nowNs;
        requestAttempted = true;
    }

    boolean requestAttempted()
    {
        return requestAttempted;
    }

    long requestTimeNs()
    {
        return requestTimeNs;
    }

    long requestAfterRecordSeq()
    {
        return requestAfterRecordSeq;
    }

    int snapshotsReceived()
    {
        return snapshotsReceived;
    }

    void onRequestedSnapshot()
    {
        snapshotsReceived++;
    }

    void onRecovered()
    {
        recoveries++;
    }

    /**
     * @return e.g. {@code channel 310 sync=LIVE handler=LIVE}.
     */
    public String toString()
    {
        return "channel " + channelId + " sync=" + syncStatus + " handler=" + handlerStatus;
    }
}
