package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the engine publishes from the books it owns rather than from a packet: the answers to subscribers'
 * late-join {@code SnapshotRequest}s, unsolicited snapshots of every instrument, and a Heartbeat per channel when
 * the stream has been idle. Receive thread only; no allocation.
 */
final class SnapshotAnswers
{
    private final FeedEngine engine;
    private final MarketDataProxy proxy;
    private final PacketInfo noPacket = new PacketInfo();
    private final AtomicCounter snapshotRequests;
    private long lastHeartbeatRecordSeq = -1;

    /**
     * @param engine           whose channels are answered from.
     * @param proxy            publishes the answers, or null (replay: nothing is published).
     * @param snapshotRequests the handler's counter of snapshot requests received (answered or not), written here.
     */
    SnapshotAnswers(final FeedEngine engine, final MarketDataProxy proxy, final AtomicCounter snapshotRequests)
    {
        this.engine = engine;
        this.proxy = proxy;
        this.snapshotRequests = snapshotRequests;
    }

    /**
     * A subscriber asked for the books of a channel (or one instrument).
     * <p>
     * The answer, back to back on the market-data stream: the channel's ChannelStatus as it is now (a subscriber
     * that joins while the channel recovers learns that its books are not yet to be trusted: on a channel whose
     * protocol recovers the stream itself, ITCH, the instruments stay LIVE and only the channel says so), then per
     * instrument of the channel (or the one asked for) its InstrumentDefinition then its BookSnapshot(requestId)
     * (and, on a market-by-order channel, its OrderBookSnapshot(requestId) chunks), then SnapshotComplete with the
     * recordSeq of the last record before the answer. Answer records wait a bounded time for back-pressure to clear
     * ({@link MarketDataProxy#answerTimeoutNs(long)}); what still cannot go is counted, and the subscriber, seeing
     * the gap or a short count, asks again.
     *
     * @param requestId          the subscriber's id of the request.
     * @param subscriberStreamId stream the subscriber reads.
     * @param channelId          CME channel id.
     * @param securityId         one instrument, or {@link SnapshotRequestAdapter#ALL_INSTRUMENTS}.
     */
    void onSnapshotRequest(
        final long requestId, final int subscriberStreamId, final int channelId, final int securityId)
    {
        snapshotRequests.incrementRelease();
        if (proxy == null)
        {
            return;
        }
        final long lastRecordSeq = proxy.recordSeq();
        final int channelIndex = engine.lineMap().channelIndexOf(channelId);
        final ChannelState channel = channelIndex >= 0 ? engine.channel(channelIndex) : null;
        int sent = 0;
        proxy.beginAnswer();
        if (channel != null)
        {
            final long lastSeqNum = channel.lastSeqNum();
            proxy.onChannelStatus(channelId, channel.channelStatus(), 0, 0, channel.recoveries(), noPacket);
            for (int i = 0, n = channel.instrumentCount(); i < n; i++)
            {
                final Instrument instrument = channel.instrument(i);
                if (securityId == SnapshotRequestAdapter.ALL_INSTRUMENTS || securityId == instrument.securityId())
                {
                    proxy.onInstrumentDefinition(instrument, noPacket);
                    proxy.bookSnapshot(instrument, requestId, lastSeqNum, 0, 0, 0);
                    proxy.orderBookSnapshot(instrument, requestId, lastSeqNum, 0, 0, 0);
                    sent++;
                }
            }
        }
        proxy.snapshotComplete(requestId, channelId, lastRecordSeq, sent);
        proxy.endAnswer();
    }

    /**
     * Publish an unsolicited BookSnapshot (requestId 0) of every instrument of every channel.
     *
     * @return snapshots published.
     */
    int publishSnapshots()
    {
        if (proxy == null)
        {
            return 0;
        }
        int sent = 0;
        for (int c = 0; c < engine.channelCount(); c++)
        {
            final ChannelState channel = engine.channel(c);
            if (channel != null)
            {
                for (int i = 0, n = channel.instrumentCount(); i < n; i++)
                {
                    proxy.bookSnapshot(channel.instrument(i), 0, channel.lastSeqNum(), 0, 0, 0);
                    proxy.orderBookSnapshot(channel.instrument(i), 0, channel.lastSeqNum(), 0, 0, 0);
                    sent++;
                }
            }
        }
        return sent;
    }

    /**
     * Publish a Heartbeat per channel when nothing was published since the last call, so that a late joiner of a
     * quiet stream learns the channels and a trailing gap is noticed.
     *
     * @return heartbeats sent.
     */
    int heartbeatIfIdle()
    {
        if (proxy == null)
        {
            return 0;
        }
        final long recordSeq = proxy.recordSeq();
        int sent = 0;
        if (recordSeq == lastHeartbeatRecordSeq)
        {
            for (int c = 0; c < engine.channelCount(); c++)
            {
                final ChannelState channel = engine.channel(c);
                if (channel != null)
                {
                    proxy.heartbeat(channel.channelId());
                    sent++;
                }
            }
        }
        lastHeartbeatRecordSeq = proxy.recordSeq();
        return sent;
    }
}
