package io.xdpfeed.client;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.common.counters.Counts;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The channels a {@link BookMirror} has seen, the sync status of each, and the snapshot requests that bring a STALE
 * channel back: sent for every STALE channel (a failed offer retried after a millisecond), sent again with a new
 * requestId when unanswered after the snapshot timeout. Every change of a channel's status goes to the
 * {@link MirrorStatusListener}.
 * <p>
 * Single-threaded, on the polling thread; a new channel allocates once, nothing else does.
 */
final class ChannelSync
{
    private static final long REQUEST_RETRY_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final SnapshotRequester requester;
    private final NanoClock nanoClock;
    private final long snapshotTimeoutNs;
    private final long requestIdBase;
    private final MirrorStatusListener statusListener;
    private final Int2ObjectHashMap<MirroredChannel> channelById = new Int2ObjectHashMap<>();
    private final ArrayList<MirroredChannel> channels = new ArrayList<>();
    private final List<MirroredChannel> channelsView = Collections.unmodifiableList(channels);
    private final Counts<BookMirror.Count> counts;
    private MirroredChannel lastChannel;
    private int channelsNotLive;
    private int requestCounter;

    /**
     * @param ctx       snapshot timeout, clock, status listener and instance id (the high bits of requestIds).
     * @param requester where snapshot requests go.
     * @param counts    the mirror's counts, where requests sent, failed offers and timeouts are counted.
     */
    ChannelSync(
        final MarketDataSubscriber.Context ctx,
        final SnapshotRequester requester,
        final Counts<BookMirror.Count> counts)
    {
        this.requester = requester;
        this.counts = counts;
        this.nanoClock = ctx.nanoClock();
        this.snapshotTimeoutNs = ctx.snapshotTimeoutNs();
        this.requestIdBase = ((long)ctx.instanceId()) << 32;
        this.statusListener = ctx.mirrorStatusListener();
    }

    /**
     * Send the requests of STALE channels that are due, and again those that timed out.
     *
     * @param lastRecordSeq the last recordSeq read: the answer must come after it.
     * @return requests sent.
     */
    int sendDueRequests(final long lastRecordSeq)
    {
        if (0 == channelsNotLive)
        {
            return 0;
        }
        int work = 0;
        final long nowNs = nanoClock.nanoTime();
        for (int i = 0, size = channels.size(); i < size; i++)
        {
            final MirroredChannel channel = channels.get(i);
            final FeedStatus status = channel.syncStatus();
            if (status == FeedStatus.STALE)
            {
                if (!channel.requestAttempted() || nowNs - channel.requestTimeNs() >= REQUEST_RETRY_INTERVAL_NS)
                {
                    work += sendRequest(channel, nowNs, lastRecordSeq);
                }
            }
            else if (status == FeedStatus.RECOVERING && nowNs - channel.requestTimeNs() >= snapshotTimeoutNs)
            {
                counts.increment(BookMirror.Count.REQUEST_TIMEOUTS);
                work += sendRequest(channel, nowNs, lastRecordSeq);
            }
        }
        return work;
    }

    /**
     * Ask for the snapshots of a channel now.
     *
     * @param channel       the channel.
     * @param lastRecordSeq the last recordSeq read: the answer must come after it.
     */
    void requestNow(final MirroredChannel channel, final long lastRecordSeq)
    {
        sendRequest(channel, nanoClock.nanoTime(), lastRecordSeq);
    }

    /**
     * Set a channel's status, keeping the count of channels not LIVE, and tell the listener of a change.
     *
     * @param channel       the channel.
     * @param status        its new status.
     * @param lastRecordSeq recordSeq the change happened at.
     */
    void syncStatus(final MirroredChannel channel, final FeedStatus status, final long lastRecordSeq)
    {
        final FeedStatus previous = channel.syncStatus();
        if (previous == FeedStatus.LIVE && status != FeedStatus.LIVE)
        {
            channelsNotLive++;
        }
        else if (previous != FeedStatus.LIVE && status == FeedStatus.LIVE)
        {
            channelsNotLive--;
        }
        channel.syncStatus(status);
        if (previous != status)
        {
            statusListener.onChannelSyncStatus(channel.channelId(), status, lastRecordSeq);
        }
    }

    /**
     * Every channel STALE: records were lost.
     *
     * @param lastRecordSeq recordSeq the loss was seen at.
     */
    void markAllStale(final long lastRecordSeq)
    {
        for (int i = 0, size = channels.size(); i < size; i++)
        {
            syncStatus(channels.get(i), FeedStatus.STALE, lastRecordSeq);
        }
    }

    /**
     * Sync status of all channels together: LIVE when every one is, STALE while any is, else RECOVERING.
     *
     * @return the combined status.
     */
    FeedStatus combinedStatus()
    {
        if (channelsNotLive == 0)
        {
            return FeedStatus.LIVE;
        }
        for (int i = 0, size = channels.size(); i < size; i++)
        {
            if (channels.get(i).syncStatus() == FeedStatus.STALE)
            {
                return FeedStatus.STALE;
            }
        }

        return FeedStatus.RECOVERING;
    }

    /**
     * @param channelId CME channel id of a record.
     * @return its channel, created STALE on first sight; null for an id that names none (0 or negative).
     */
    MirroredChannel channelFor(final int channelId)
    {
        if (channelId <= 0)
        {
            return null;
        }

        MirroredChannel channel = lastChannel;
        if (null == channel || channel.channelId() != channelId)
        {
            channel = channelById.get(channelId);
            if (null == channel)
            {
                channel = new MirroredChannel(channelId);
                channelById.put(channelId, channel);
                channels.add(channel);
                channelsNotLive++;
            }
            lastChannel = channel;
        }

        return channel;
    }

    /**
     * Forget every channel: a new stream.
     */
    void clear()
    {
        channels.clear();
        channelById.clear();
        lastChannel = null;
        channelsNotLive = 0;
    }

    MirroredChannel channel(final int channelId)
    {
        return channelById.get(channelId);
    }

    /**
     * @return the channels in order of first appearance, read-only.
     */
    List<MirroredChannel> all()
    {
        return channelsView;
    }

    private int sendRequest(final MirroredChannel channel, final long nowNs, final long lastRecordSeq)
    {
        int id = ++requestCounter;
        if (0 == id)
        {
            id = ++requestCounter;
        }
        final long requestId = requestIdBase | (id & 0xFFFF_FFFFL);

        if (requester.requestSnapshot(requestId, channel.channelId(), SnapshotRequestProxy.ALL_INSTRUMENTS))
        {
            counts.increment(BookMirror.Count.SNAPSHOT_REQUESTS);
            channel.requestSent(requestId, nowNs, lastRecordSeq);
            syncStatus(channel, FeedStatus.RECOVERING, lastRecordSeq);
            return 1;
        }

        counts.increment(BookMirror.Count.FAILED_REQUEST_OFFERS);
        channel.requestFailed(nowNs);
        return 0;
    }
}
