package io.xdpfeed.client;

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

/**
 * Callbacks per normalized record type, called on the polling thread by {@link MarketDataAdapter}.
 * <p>
 * Each callback receives a flyweight decoder wrapped over the record in the Aeron term buffer: nothing is copied or
 * allocated, and the decoder is only valid for the duration of the callback (copy out what you keep). When the
 * listener sits behind a {@link BookMirror}, the mirror has already applied the record when the callback runs, so
 * {@link BookMirror#book(int, int)} shows the book after it. Every method has an empty default: implement what you
 * need.
 */
public interface MarketDataListener
{
    /**
     * An instrument definition (symbol, depth, tick).
     *
     * @param decoder wrapped over the record.
     */
    default void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
    {
    }

    /**
     * The levels changed by one MDP book message for one instrument.
     *
     * @param decoder wrapped over the record; {@code levels()} iterates the changed levels.
     */
    default void onBookUpdate(final BookUpdateDecoder decoder)
    {
    }

    /**
     * A full book of one instrument: the answer to a snapshot request (requestId != 0) or a periodic snapshot.
     *
     * @param decoder wrapped over the record.
     */
    default void onBookSnapshot(final BookSnapshotDecoder decoder)
    {
    }

    /**
     * One trade.
     *
     * @param decoder wrapped over the record.
     */
    default void onTrade(final TradeDecoder decoder)
    {
    }

    /**
     * A trade the exchange cancelled (broke) after it was published: the Trade record of the same {@code tradeId}
     * (and channel and instrument) no longer stands.
     *
     * @param decoder positioned on the record; valid during the call only.
     */
    default void onTradeCancel(final TradeCancelDecoder decoder)
    {
    }

    /**
     * The imbalance of an instrument's coming auction (opening, closing, halt or IPO cross), as the exchange
     * disseminates it before the auction (Nasdaq ITCH's Net Order Imbalance Indicator).
     *
     * @param decoder positioned on the record; valid during the call only.
     */
    default void onAuctionImbalance(final AuctionImbalanceDecoder decoder)
    {
    }

    /**
     * Trading status of an instrument or security group.
     *
     * @param decoder wrapped over the record.
     */
    default void onInstrumentStatus(final InstrumentStatusDecoder decoder)
    {
    }

    /**
     * The handler's view of a channel: live, stale or recovering, or silent (an incremental line delivered nothing
     * for the handler's silence time; the books are still live from the other line, every line silent is stale).
     *
     * @param decoder wrapped over the record.
     */
    default void onChannelStatus(final ChannelStatusDecoder decoder)
    {
    }

    /**
     * Liveness of a stream with nothing else to say.
     *
     * @param decoder wrapped over the record.
     */
    default void onHeartbeat(final HeartbeatDecoder decoder)
    {
    }

    /**
     * Cumulative session volume of an instrument.
     *
     * @param decoder wrapped over the record.
     */
    default void onVolume(final VolumeDecoder decoder)
    {
    }

    /**
     * One order event of a market-by-order book (channels the handler keeps MBO for).
     *
     * @param decoder wrapped over the record.
     */
    default void onOrderUpdate(final OrderUpdateDecoder decoder)
    {
    }

    /**
     * One chunk of the full market-by-order book of an instrument (after a recovery, a channel reset, or for a
     * snapshot request); the chunks of one book are consecutive records.
     *
     * @param decoder wrapped over the record.
     */
    default void onOrderBookSnapshot(final OrderBookSnapshotDecoder decoder)
    {
    }

    /**
     * Every BookSnapshot of a snapshot request has been sent.
     *
     * @param decoder wrapped over the record.
     */
    default void onSnapshotComplete(final SnapshotCompleteDecoder decoder)
    {
    }
}
