package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.stats.HandlerCounter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The handler's Aeron counters. The receive thread keeps plain fields on the hot path and copies them here in a
 * batch from its duty cycle ({@link #update}), so the hot path never touches shared memory for statistics.
 */
public final class HandlerCounters implements AutoCloseable
{
    private final Counter[] counters = new Counter[HandlerCounter.values().length];
    private final Counter[] channelStates;
    private final Aeron aeron;

    /**
     * @param aeron  client to allocate the counters with.
     * @param engine whose channels get a state counter each.
     */
    public HandlerCounters(final Aeron aeron, final FeedEngine engine)
    {
        this.aeron = aeron;
        for (final HandlerCounter counter : HandlerCounter.values())
        {
            counters[counter.id()] = aeron.addCounter(counter.typeId(), counter.label());
        }
        channelStates = new Counter[engine.channelCount()];
        for (int i = 0; i < channelStates.length; i++)
        {
            final ChannelState channel = engine.channel(i);
            if (channel != null)
            {
                channelStates[i] = aeron.addCounter(HandlerCounter.CHANNEL_STATE_TYPE_ID,
                    "xdpfeed channel " + channel.channelId() + " state (0 LIVE, 1 STALE, 2 RECOVERING, 3 SILENT)");
            }
        }
    }

    /**
     * @param counter which.
     * @return the Aeron counter.
     */
    public AtomicCounter counter(final HandlerCounter counter)
    {
        return counters[counter.id()];
    }

    /**
     * @param channelIndex dense channel index.
     * @return the channel's state counter, or null when the channel is not subscribed.
     */
    public AtomicCounter channelState(final int channelIndex)
    {
        return channelIndex < channelStates.length ? channelStates[channelIndex] : null;
    }

    /**
     * Copy the receive thread's plain fields into the counters. Receive thread only.
     *
     * @param engine the engine.
     * @param proxy  the publisher, or null.
     */
    public void update(final FeedEngine engine, final MarketDataProxy proxy)
    {
        set(HandlerCounter.PACKETS, engine.packets());
        set(HandlerCounter.DUPLICATES, engine.duplicates());
        set(HandlerCounter.GAPS, engine.gaps());
        set(HandlerCounter.LOST_PACKETS, engine.lostPackets());
        set(HandlerCounter.RECOVERIES, engine.recoveries());
        set(HandlerCounter.SNAPSHOTS_APPLIED, engine.snapshotsApplied());
        set(HandlerCounter.SNAPSHOTS_REFUSED, engine.snapshotsRefused());
        set(HandlerCounter.QUEUE_OVERFLOWS, engine.queueOverflows());
        set(HandlerCounter.RPTSEQ_GAPS, engine.rptSeqGaps());
        set(HandlerCounter.MALFORMED, engine.malformed());
        set(HandlerCounter.SNAPSHOT_REQUESTS, engine.snapshotRequests());
        set(HandlerCounter.UNCONFIGURED_DATAGRAMS, engine.unconfiguredDatagrams());
        set(HandlerCounter.STALE_INSTRUMENTS, engine.staleInstruments());
        set(HandlerCounter.RECOVERY_DATAGRAMS, engine.recoveryDatagrams());
        set(HandlerCounter.UNWANTED_RECOVERY_DATAGRAMS, engine.unwantedRecoveryDatagrams());
        set(HandlerCounter.TAIL_LOSSES, engine.tailLosses());
        if (proxy != null)
        {
            set(HandlerCounter.RECORDS_PUBLISHED, proxy.published());
            set(HandlerCounter.BACK_PRESSURE_DROPS, proxy.backPressured());
            set(HandlerCounter.NOT_CONNECTED_DROPS, proxy.notConnected());
        }
        for (int i = 0; i < channelStates.length; i++)
        {
            final Counter counter = channelStates[i];
            if (counter != null)
            {
                counter.setRelease(engine.channel(i).channelStatus().value());
            }
        }
    }

    private void set(final HandlerCounter counter, final long value)
    {
        counters[counter.id()].setRelease(value);
    }

    /**
     * Free the counters (unless the client is already closed).
     */
    public void close()
    {
        if (!aeron.isClosed())
        {
            CloseHelper.closeAll(counters);
            CloseHelper.closeAll(channelStates);
        }
    }
}
