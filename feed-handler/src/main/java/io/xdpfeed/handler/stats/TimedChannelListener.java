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
import io.xdpfeed.handler.protocol.AuctionImbalance;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Notes every record the channels hand to the publisher while a {@link PacketTimer} datagram is open, and times the
 * publisher's send of the datagram's batch ({@link #onPacketEnd}); records from timers pass through unnoted. Sits
 * between {@code ChannelState} and {@code MarketDataProxy}. A record costs no clock read here: the fused BookUpdate
 * stays fused (the publisher's stage, wrapped only to note the record), and its encoding counts as decode.
 */
public final class TimedChannelListener implements ChannelListener
{
    private final ChannelListener delegate;
    private final PacketTimer timer;
    private final BookUpdateStage stage;
    private final boolean sharesClockRead;
    private final long publisherOffsetNs;

    /**
     * @param delegate the publisher.
     * @param timer    the datagram timer shared with the {@link TimedDatagramHandler} around the engine.
     */
    public TimedChannelListener(final ChannelListener delegate, final PacketTimer timer)
    {
        this(delegate, timer, null);
    }

    /**
     * @param delegate       the publisher.
     * @param timer          the datagram timer shared with the {@link TimedDatagramHandler} around the engine.
     * @param publisherClock the publisher's clock: when it is a {@link CalibratedEpochClock} and the timer's clock
     *                       {@link SystemNanoClock}, the two read the same time up to a constant, so the timer's read
     *                       before the batch is handed to the publisher as its records' publish time (one clock read
     *                       fewer per datagram); otherwise the publisher reads its own.
     */
    public TimedChannelListener(
        final ChannelListener delegate, final PacketTimer timer, final EpochNanoClock publisherClock)
    {
        this.delegate = delegate;
        this.timer = timer;
        final BookUpdateStage publisherStage = delegate.bookUpdateStage();
        this.stage = publisherStage == null ? null : new NotedStage(publisherStage, timer);
        final boolean sameClock = publisherClock instanceof CalibratedEpochClock && timer.readsSystemClock();
        this.sharesClockRead = sameClock;
        this.publisherOffsetNs = sameClock ? ((CalibratedEpochClock)publisherClock).offsetNs() : 0;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The publisher's own, noting each BookUpdate it opens as a record of the datagram.
     */
    public BookUpdateStage bookUpdateStage()
    {
        return stage;
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
        final long startNs = timer.flushStart();
        if (sharesClockRead && timer.isFlushing())
        {
            delegate.onPacketEnd(startNs + publisherOffsetNs);
        }
        else
        {
            delegate.onPacketEnd();
        }
        timer.flushEnd(startNs);
    }

    /**
     * {@inheritDoc}
     * <p>
     * As {@link #onPacketEnd()}, the time given passed on.
     */
    public void onPacketEnd(final long publishTimeNs)
    {
        final long startNs = timer.flushStart();
        delegate.onPacketEnd(publishTimeNs);
        timer.flushEnd(startNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentDefinition(final Instrument instrument, final PacketInfo packet)
    {
        timer.record(packet);
        delegate.onInstrumentDefinition(instrument, packet);
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
        timer.record(packet);
        delegate.onBookUpdate(instrument, changes, endOfEvent, matchEventIndicator, packet);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        timer.record(packet);
        delegate.onBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet);
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
        timer.record(packet);
        delegate.onOrderUpdate(instrument, side, action, orderId, priority, price, displayQty, endOfEvent,
            matchEventIndicator, packet);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        timer.record(packet);
        delegate.onOrderBookSnapshot(instrument, requestId, lastMsgSeqNumProcessed, packet);
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
        timer.record(packet);
        delegate.onTrade(instrument, price, size, orderCount, aggressorSide, tradeId, endOfEvent, rptSeq, packet);
    }

    /**
     * {@inheritDoc}
     */
    public void onAuctionImbalance(
        final Instrument instrument, final AuctionImbalance imbalance, final PacketInfo packet)
    {
        timer.record(packet);
        delegate.onAuctionImbalance(instrument, imbalance, packet);
    }

    /**
     * {@inheritDoc}
     */
    public void onTradeCancel(
        final Instrument instrument,
        final long price,
        final long size,
        final long tradeId,
        final long rptSeq,
        final PacketInfo packet)
    {
        timer.record(packet);
        delegate.onTradeCancel(instrument, price, size, tradeId, rptSeq, packet);
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
        timer.record(packet);
        delegate.onVolume(instrument, totalVolume, rptSeq, endOfEvent, packet);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
    {
        timer.record(packet);
        delegate.onInstrumentStatus(instrument, packet);
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
        timer.record(packet);
        delegate.onGroupStatus(channelId, tradingStatus, haltReason, tradingEvent, packet);
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
        timer.record(packet);
        delegate.onChannelStatus(channelId, feedStatus, gapFrom, gapTo, recoveries, packet);
    }

    /**
     * The publisher's stage, telling the timer of each BookUpdate opened: the calls go straight through.
     */
    static final class NotedStage extends BookUpdateStage
    {
        private final BookUpdateStage delegate;
        private final PacketTimer timer;

        NotedStage(final BookUpdateStage delegate, final PacketTimer timer)
        {
            this.delegate = delegate;
            this.timer = timer;
        }

        public boolean open(final Instrument instrument, final PacketInfo packet, final BookChanges spillTo)
        {
            if (delegate.open(instrument, packet, spillTo))
            {
                timer.record(packet);
                return true;
            }
            return false;
        }

        public boolean isOpen()
        {
            return delegate.isOpen();
        }

        public boolean level(
            final int side, final int levelType, final int action, final int level, final long price, final long size,
            final int orderCount)
        {
            return delegate.level(side, levelType, action, level, price, size, orderCount);
        }

        public void close(final long rptSeq, final boolean endOfEvent, final short matchEventIndicator)
        {
            delegate.close(rptSeq, endOfEvent, matchEventIndicator);
        }

        public void spill()
        {
            delegate.spill();
        }
    }
}
