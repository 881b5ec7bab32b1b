package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.protocol.BookSink;
import io.xdpfeed.handler.protocol.DecodeState;
import io.xdpfeed.handler.protocol.DefinitionSink;
import io.xdpfeed.handler.protocol.EventSink;
import io.xdpfeed.handler.protocol.MessageSinks;
import io.xdpfeed.handler.protocol.OrderSink;
import io.xdpfeed.handler.protocol.SnapshotSink;

/**
 * The stages of one channel as a protocol's decoder sees them ({@link MessageSinks}): the {@link RptSeqGate} as the
 * decode state, the updaters and the snapshot recovery as sinks, and the packet's times for the records published.
 * Built once per channel by {@link ChannelPipeline}. Receive thread only; no allocation.
 */
final class ChannelSinks implements MessageSinks
{
    private final RptSeqGate gate;
    private final boolean marketByOrder;
    private final int depth;
    private final PacketInfo packetInfo;
    private final ReceiveClock clock;
    private final MbpBookUpdater books;
    private final OrderBookUpdater orders;
    private final EventUpdater events;
    private final DefinitionUpdater definitions;
    private final SnapshotRecovery snapshots;

    /**
     * @param parts the channel's stages.
     */
    ChannelSinks(final ChannelPipeline parts)
    {
        this.gate = parts.gate;
        this.marketByOrder = parts.options.mbo();
        this.depth = parts.options.defaultDepth();
        this.packetInfo = parts.packetInfo;
        this.clock = parts.clock;
        this.books = parts.mbp;
        this.orders = parts.orderBooks;
        this.events = parts.events;
        this.definitions = parts.definitions;
        this.snapshots = parts.recovery;
    }

    /**
     * {@inheritDoc}
     */
    public DecodeState decodeState()
    {
        return gate;
    }

    /**
     * {@inheritDoc}
     */
    public boolean marketByOrder()
    {
        return marketByOrder;
    }

    /**
     * {@inheritDoc}
     */
    public int bookDepth()
    {
        return depth;
    }

    /**
     * The packet's times, for the records its messages publish; a replay keeps those of the live packet that
     * triggered it.
     */
    public void packetStart(final long msgSeqNum, final long sendingTimeNs, final long receiveTimeNs)
    {
        if (!gate.isReplaying())
        {
            packetInfo.set(msgSeqNum, sendingTimeNs, receiveEpochNs(receiveTimeNs));
        }
    }

    /**
     * {@inheritDoc}
     */
    public long receiveEpochNs(final long receiveTimeNs)
    {
        return clock.epochNs(receiveTimeNs);
    }

    /**
     * {@inheritDoc}
     */
    public BookSink books()
    {
        return books;
    }

    /**
     * {@inheritDoc}
     */
    public OrderSink orders()
    {
        return orders;
    }

    /**
     * {@inheritDoc}
     */
    public EventSink events()
    {
        return events;
    }

    /**
     * {@inheritDoc}
     */
    public DefinitionSink definitions()
    {
        return definitions;
    }

    /**
     * {@inheritDoc}
     */
    public SnapshotSink snapshots()
    {
        return snapshots;
    }
}
