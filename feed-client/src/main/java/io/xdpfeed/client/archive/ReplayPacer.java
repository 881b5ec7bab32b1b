package io.xdpfeed.client.archive;

import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.codecs.md.AuctionImbalanceDecoder;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.ChannelStatusDecoder;
import io.xdpfeed.codecs.md.HeartbeatDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.InstrumentStatusDecoder;
import io.xdpfeed.codecs.md.OrderBookSnapshotDecoder;
import io.xdpfeed.codecs.md.OrderUpdateDecoder;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.codecs.md.TradeCancelDecoder;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.codecs.md.VolumeDecoder;
import org.agrona.concurrent.NanoClock;

import java.util.function.LongConsumer;

/**
 * A paced replay: holds each exchange-event record (BookUpdate, Trade, Volume) until its SendingTime's distance from
 * the first one, divided by the speed, has passed on the wall clock, then hands every record on to the strategy's
 * listener. Speed 1 replays a session in the time it took; 10 ten times faster. The archive replays as fast as it is
 * read, so holding the polling thread is all pacing takes.
 */
public final class ReplayPacer implements MarketDataListener
{
    private final MarketDataListener delegate;
    private final double speed;
    private final NanoClock clock;
    private final LongConsumer sleepNs;
    private boolean started;
    private long firstSendingTimeNs;
    private long firstWallNs;
    private long waits;

    /**
     * @param delegate the strategy's listener (may be a no-op one).
     * @param speed    replay speed, above 0: 1 is real time.
     * @param clock    the wall clock paced against.
     * @param sleepNs  how to wait that many ns (e.g. {@code LockSupport::parkNanos}).
     */
    public ReplayPacer(
        final MarketDataListener delegate, final double speed, final NanoClock clock, final LongConsumer sleepNs)
    {
        if (!(speed > 0))
        {
            throw new IllegalArgumentException("replay speed " + speed + " must be above 0");
        }
        this.delegate = delegate;
        this.speed = speed;
        this.clock = clock;
        this.sleepNs = sleepNs;
    }

    /**
     * Wait, when needed, until a record of this SendingTime is due.
     *
     * @param sendingTimeNs the record's SendingTime, ns since the epoch.
     */
    public void pace(final long sendingTimeNs)
    {
        if (sendingTimeNs <= 0)
        {
            return;
        }
        final long nowNs = clock.nanoTime();
        if (!started)
        {
            started = true;
            firstSendingTimeNs = sendingTimeNs;
            firstWallNs = nowNs;
            return;
        }
        final long dueNs = firstWallNs + (long)((sendingTimeNs - firstSendingTimeNs) / speed);
        if (dueNs > nowNs)
        {
            waits++;
            sleepNs.accept(dueNs - nowNs);
        }
    }

    /**
     * @return records held back so far.
     */
    public long waits()
    {
        return waits;
    }

    /**
     * {@inheritDoc}
     */
    public void onBookUpdate(final BookUpdateDecoder decoder)
    {
        pace(decoder.sendingTimeNs());
        delegate.onBookUpdate(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(final TradeDecoder decoder)
    {
        pace(decoder.sendingTimeNs());
        delegate.onTrade(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onTradeCancel(final TradeCancelDecoder decoder)
    {
        pace(decoder.sendingTimeNs());
        delegate.onTradeCancel(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onAuctionImbalance(final AuctionImbalanceDecoder decoder)
    {
        pace(decoder.sendingTimeNs());
        delegate.onAuctionImbalance(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onVolume(final VolumeDecoder decoder)
    {
        pace(decoder.sendingTimeNs());
        delegate.onVolume(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
    {
        delegate.onInstrumentDefinition(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookSnapshot(final BookSnapshotDecoder decoder)
    {
        delegate.onBookSnapshot(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final InstrumentStatusDecoder decoder)
    {
        delegate.onInstrumentStatus(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelStatus(final ChannelStatusDecoder decoder)
    {
        delegate.onChannelStatus(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onHeartbeat(final HeartbeatDecoder decoder)
    {
        delegate.onHeartbeat(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderUpdate(final OrderUpdateDecoder decoder)
    {
        delegate.onOrderUpdate(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderBookSnapshot(final OrderBookSnapshotDecoder decoder)
    {
        delegate.onOrderBookSnapshot(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotComplete(final SnapshotCompleteDecoder decoder)
    {
        delegate.onSnapshotComplete(decoder);
    }
}
