package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.handler.protocol.AuctionImbalance;
import io.xdpfeed.handler.protocol.EventSink;

/**
 * The non-book incremental messages of a channel, its {@link EventSink}: trades, cleared volume, entries that only
 * advance RptSeq (MDP 3.0's daily and session statistics), auction imbalances and trading status (for one instrument
 * or a whole security group).
 * <p>
 * Every entry goes through the {@link RptSeqGate} (instrument lookup and RptSeq check), so that a replay after a
 * snapshot continues RptSeq exactly, but only the sequenced stream publishes: trades and volume of STALE instruments
 * are still published (they are facts). Each published trade or volume tells the {@link MatchEvent} whether it ended
 * the match event; a message with EndOfEvent that published nothing closes the event left open. One thread; no
 * allocation.
 */
final class EventUpdater implements EventSink
{
    private final int channelId;
    private final InstrumentDirectory instruments;
    private final RptSeqGate gate;
    private final MatchEvent matchEvent;
    private final ChannelListener listener;
    private final PacketInfo packetInfo;
    private long tradeCancels;

    /**
     * @param channelId   CME channel id (group status records).
     * @param instruments of the channel.
     * @param gate        instrument lookup and RptSeq rules of the packet being decoded.
     * @param matchEvent  the open match event.
     * @param listener    receives the records to publish.
     * @param packetInfo  of the packet being decoded.
     */
    EventUpdater(
        final int channelId,
        final InstrumentDirectory instruments,
        final RptSeqGate gate,
        final MatchEvent matchEvent,
        final ChannelListener listener,
        final PacketInfo packetInfo)
    {
        this.channelId = channelId;
        this.instruments = instruments;
        this.gate = gate;
        this.matchEvent = matchEvent;
        this.listener = listener;
        this.packetInfo = packetInfo;
    }

    public void trade(
        final int securityId,
        final long rptSeq,
        final boolean cancel,
        final long price,
        final int size,
        final int orders,
        final int aggressorSide,
        final long tradeId,
        final boolean endOfEvent,
        final boolean live)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument == null)
        {
            return;
        }
        gate.accept(instrument, rptSeq);
        if (live)
        {
            if (cancel)
            {
                tradeCancels++;
                listener.onTradeCancel(instrument, price, size, tradeId, rptSeq, packetInfo);
                return;
            }
            instrument.trades++;
            final AggressorSide aggressor = switch (aggressorSide)
            {
                case BUY_AGGRESSOR -> AggressorSide.BUY;
                case SELL_AGGRESSOR -> AggressorSide.SELL;
                default -> AggressorSide.NONE;
            };
            listener.onTrade(instrument, price, size, orders, aggressor, tradeId, endOfEvent, rptSeq, packetInfo);
            matchEvent.published(instrument, endOfEvent);
        }
    }

    public void volume(
        final int securityId, final long rptSeq, final long volume, final boolean endOfEvent, final boolean live)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument == null)
        {
            return;
        }
        gate.accept(instrument, rptSeq);
        if (live)
        {
            instrument.totalVolume = volume;
            listener.onVolume(instrument, instrument.totalVolume, rptSeq, endOfEvent, packetInfo);
            matchEvent.published(instrument, endOfEvent);
        }
    }

    public void auctionImbalance(final int securityId, final AuctionImbalance imbalance)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument != null)
        {
            listener.onAuctionImbalance(instrument, imbalance, packetInfo);
        }
    }

    public void sequenceOnly(final int securityId, final long rptSeq)
    {
        final Instrument instrument = gate.entryInstrument(securityId);
        if (instrument != null)
        {
            gate.accept(instrument, rptSeq);
        }
    }

    public void endMessage(final boolean endOfEvent, final short matchEventIndicator)
    {
        matchEvent.closeIfOpen(endOfEvent, matchEventIndicator);
    }

    public void instrumentStatus(
        final int securityId, final short tradingStatus, final short haltReason, final short tradingEvent)
    {
        final Instrument instrument = instruments.instrumentFor(securityId);
        if (gate.currentSeqNum() > instrument.appliedThroughSeqNum)
        {
            setStatus(instrument, tradingStatus, haltReason, tradingEvent);
        }
    }

    public void groupStatus(
        final byte[] securityGroup, final short tradingStatus, final short haltReason, final short tradingEvent)
    {
        int matched = 0;
        for (int i = 0; i < instruments.count(); i++)
        {
            final Instrument instrument = instruments.instrument(i);
            if (instrument.hasDefinition && instrument.isInGroup(securityGroup))
            {
                matched++;
                if (gate.currentSeqNum() > instrument.appliedThroughSeqNum)
                {
                    setStatus(instrument, tradingStatus, haltReason, tradingEvent);
                }
            }
        }
        if (matched == 0)
        {
            listener.onGroupStatus(channelId, tradingStatus, haltReason, tradingEvent, packetInfo);
        }
    }

    private void setStatus(
        final Instrument instrument, final short tradingStatus, final short haltReason, final short tradingEvent)
    {
        instrument.tradingStatus = tradingStatus;
        instrument.haltReason = haltReason;
        instrument.tradingEvent = tradingEvent;
        listener.onInstrumentStatus(instrument, packetInfo);
    }

    /**
     * @return trade entries with an action other than New (cancels), not published.
     */
    long tradeCancels()
    {
        return tradeCancels;
    }
}
