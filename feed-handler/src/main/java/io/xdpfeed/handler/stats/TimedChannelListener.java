package io.xdpfeed.handler.stats;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.BookUpdateStage;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;

/**
 * Times every record the channels hand to the publisher while a {@link PacketTimer} datagram is open (records from
 * timers pass through untimed). Sits between {@code ChannelState} and {@code MarketDataProxy}.
 */
public final class TimedChannelListener implements ChannelListener
{
    private final ChannelListener delegate;
    private final PacketTimer timer;

    /**
     * @param delegate the publisher.
     * @param timer    the datagram timer shared with the {@link TimedDatagramHandler} around the engine.
     */
    public TimedChannelListener(final ChannelListener delegate, final PacketTimer timer)
    {
        this.delegate = delegate;
        this.timer = timer;
    }

    /**
     * {@inheritDoc}
     * <p>
     * None: the publish tier is timed around each {@link #onBookUpdate} call, so every BookUpdate goes through it.
     */
    public BookUpdateStage bookUpdateStage()
    {
        return null;
    }

    /**
     * {@inheritDoc}
     */
    public void onPacketStart()
    {
        delegate.onPacketStart();
    }

    /**
     * {@inheritDoc}
     * <p>
     * The publisher sends the datagram's records here (one batch): timed as publish when the datagram published.
     */
    public void onPacketEnd()
    {
        if (!timer.isOpen())
        {
            delegate.onPacketEnd();
            return;
        }
        final long startNs = timer.flushStart();
        delegate.onPacketEnd();
        timer.flushEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentDefinition(final Instrument instrument, final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onInstrumentDefinition(instrument, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onInstrumentDefinition(instrument, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookUpdate(
        final Instrument instrument,
        final BookChanges changes,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onBookUpdate(instrument, changes, endOfEvent, matchEventIndicator, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onBookUpdate(instrument, changes, endOfEvent, matchEventIndicator, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderUpdate(
        final Instrument instrument,
        final Side side,
        final OrderAction action,
        final long orderId,
        final long priority,
        final long price,
        final long displayQty,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onOrderUpdate(instrument, side, action, orderId, priority, price, displayQty, endOfEvent,
                matchEventIndicator, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onOrderUpdate(instrument, side, action, orderId, priority, price, displayQty, endOfEvent,
            matchEventIndicator, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onOrderBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onOrderBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(
        final Instrument instrument,
        final long price,
        final long size,
        final int orderCount,
        final AggressorSide aggressorSide,
        final long tradeId,
        final boolean endOfEvent,
        final long rptSeq,
        final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onTrade(instrument, price, size, orderCount, aggressorSide, tradeId, endOfEvent, rptSeq, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onTrade(instrument, price, size, orderCount, aggressorSide, tradeId, endOfEvent, rptSeq, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onVolume(
        final Instrument instrument,
        final long totalVolume,
        final long rptSeq,
        final boolean endOfEvent,
        final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onVolume(instrument, totalVolume, rptSeq, endOfEvent, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onVolume(instrument, totalVolume, rptSeq, endOfEvent, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onInstrumentStatus(instrument, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onInstrumentStatus(instrument, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onGroupStatus(
        final int channelId,
        final short tradingStatus,
        final short haltReason,
        final short tradingEvent,
        final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onGroupStatus(channelId, tradingStatus, haltReason, tradingEvent, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onGroupStatus(channelId, tradingStatus, haltReason, tradingEvent, packet);
        timer.recordEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelStatus(
        final int channelId,
        final FeedStatus feedStatus,
        final long gapFrom,
        final long gapTo,
        final long recoveries,
        final PacketInfo packet)
    {
        final PacketTimer timer = this.timer;
        if (!timer.isOpen())
        {
            delegate.onChannelStatus(channelId, feedStatus, gapFrom, gapTo, recoveries, packet);
            return;
        }
        final long startNs = timer.recordStart(packet);
        delegate.onChannelStatus(channelId, feedStatus, gapFrom, gapTo, recoveries, packet);
        timer.recordEnd(startNs);
    }
}
