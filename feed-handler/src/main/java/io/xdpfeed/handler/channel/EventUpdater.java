package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshDailyStatistics49Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshSessionStatistics51Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;

/**
 * The non-book incremental messages of a channel: trades (TradeSummary 48 and the legacy 42), cleared volume (37),
 * daily and session statistics (49, 51: they only advance RptSeq) and security status (30, for one instrument or a
 * whole security group).
 * <p>
 * Every entry goes through the {@link RptSeqGate} (instrument lookup and RptSeq check), so that a replay after a
 * snapshot continues RptSeq exactly, but only the sequenced stream publishes: trades and volume of STALE instruments
 * are still published (they are facts). Each published trade or volume tells the {@link MatchEvent} whether it ended
 * the match event; a message with EndOfEvent that published nothing closes the event left open. One thread; no
 * allocation.
 */
final class EventUpdater
{
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;
    private static final int LEGACY_PRICE_FACTOR = 100;
    private static final short END_OF_EVENT = 0x80;

    private final int channelId;
    private final InstrumentDirectory instruments;
    private final RptSeqGate gate;
    private final MatchEvent matchEvent;
    private final ChannelListener listener;
    private final PacketInfo packetInfo;
    private final byte[] groupScratch = new byte[Instrument.GROUP_LENGTH];
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

    /**
     * Apply a TradeSummary 48.
     *
     * @param decoder wrapped on the message.
     * @param live    true for the sequenced stream (trades are published), false for a replay.
     */
    void onTradeSummary48(final MDIncrementalRefreshTradeSummary48Decoder decoder, final boolean live)
    {
        final boolean endOfEvent = (decoder.matchEventIndicator().getRaw() & END_OF_EVENT) != 0;
        final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int count = entries.count();
        for (int i = 0; i < count; i++)
        {
            final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entry = entries.next();
            final long tradeEntryId = entry.mDTradeEntryID();
            onTradeEntry(entry.securityID(), entry.rptSeq(), entry.mDUpdateActionRaw(), entry.mDEntryPx().mantissa(),
                entry.mDEntrySize(), entry.numberOfOrders(), entry.aggressorSideRaw(),
                tradeEntryId == UINT32_NULL ? 0 : tradeEntryId, endOfEvent && i == count - 1, live);
        }
        matchEvent.closeIfOpen(endOfEvent, decoder.matchEventIndicator().getRaw());
    }

    /**
     * Apply a legacy TradeSummary 42 (prices scaled to the 46/48 exponent).
     *
     * @param decoder wrapped on the message.
     * @param live    true for the sequenced stream (trades are published), false for a replay.
     */
    void onTradeSummary42(final MDIncrementalRefreshTradeSummary42Decoder decoder, final boolean live)
    {
        final boolean endOfEvent = (decoder.matchEventIndicator().getRaw() & END_OF_EVENT) != 0;
        final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int count = entries.count();
        for (int i = 0; i < count; i++)
        {
            final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder entry = entries.next();
            final long tradeEntryId = entry.mDTradeEntryID();
            onTradeEntry(entry.securityID(), entry.rptSeq(), entry.mDUpdateActionRaw(),
                entry.mDEntryPx().mantissa() * LEGACY_PRICE_FACTOR, entry.mDEntrySize(), entry.numberOfOrders(),
                entry.aggressorSideRaw(), tradeEntryId == UINT32_NULL ? 0 : tradeEntryId,
                endOfEvent && i == count - 1, live);
        }
        matchEvent.closeIfOpen(endOfEvent, decoder.matchEventIndicator().getRaw());
    }

    private void onTradeEntry(
        final int securityId,
        final long rptSeq,
        final short action,
        final long price,
        final int size,
        final int orderCount,
        final short aggressorSide,
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
            if (action != 0)
            {
                tradeCancels++;
                return;
            }
            instrument.trades++;
            final AggressorSide aggressor = switch (aggressorSide)
            {
                case 1 -> AggressorSide.BUY;
                case 2 -> AggressorSide.SELL;
                default -> AggressorSide.NONE;
            };
            listener.onTrade(instrument, price, size, orderCount == INT32_NULL ? 0 : orderCount, aggressor, tradeId,
                endOfEvent, rptSeq, packetInfo);
            matchEvent.published(instrument, endOfEvent);
        }
    }

    /**
     * Apply a Volume 37.
     *
     * @param decoder wrapped on the message.
     * @param live    true for the sequenced stream (volumes are published), false for a replay.
     */
    void onVolume37(final MDIncrementalRefreshVolume37Decoder decoder, final boolean live)
    {
        final boolean endOfEvent = (decoder.matchEventIndicator().getRaw() & END_OF_EVENT) != 0;
        final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int count = entries.count();
        for (int i = 0; i < count; i++)
        {
            final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder entry = entries.next();
            final Instrument instrument = gate.entryInstrument(entry.securityID());
            if (instrument == null)
            {
                continue;
            }
            final long rptSeq = entry.rptSeq();
            gate.accept(instrument, rptSeq);
            if (live)
            {
                instrument.totalVolume = entry.mDEntrySize();
                listener.onVolume(instrument, instrument.totalVolume, rptSeq, endOfEvent && i == count - 1,
                    packetInfo);
                matchEvent.published(instrument, endOfEvent && i == count - 1);
            }
        }
        matchEvent.closeIfOpen(endOfEvent, decoder.matchEventIndicator().getRaw());
    }

    /**
     * Apply a DailyStatistics 49: nothing is kept, but RptSeq advances.
     *
     * @param decoder wrapped on the message.
     */
    void onDailyStatistics49(final MDIncrementalRefreshDailyStatistics49Decoder decoder)
    {
        for (final MDIncrementalRefreshDailyStatistics49Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            final Instrument instrument = gate.entryInstrument(entry.securityID());
            if (instrument != null)
            {
                gate.accept(instrument, entry.rptSeq());
            }
        }
    }

    /**
     * Apply a SessionStatistics 51: nothing is kept, but RptSeq advances.
     *
     * @param decoder wrapped on the message.
     */
    void onSessionStatistics51(final MDIncrementalRefreshSessionStatistics51Decoder decoder)
    {
        for (final MDIncrementalRefreshSessionStatistics51Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            final Instrument instrument = gate.entryInstrument(entry.securityID());
            if (instrument != null)
            {
                gate.accept(instrument, entry.rptSeq());
            }
        }
    }

    /**
     * Apply a SecurityStatus 30 of the sequenced stream: to its instrument, or without a SecurityID to every defined
     * instrument of its security group (a group with none of them known is published as a group status).
     *
     * @param decoder wrapped on the message.
     */
    void onSecurityStatus30(final SecurityStatus30Decoder decoder)
    {
        final int securityId = decoder.securityID();
        final short tradingStatus = decoder.securityTradingStatusRaw();
        final short haltReason = decoder.haltReasonRaw();
        final short tradingEvent = decoder.securityTradingEventRaw();
        if (securityId != INT32_NULL)
        {
            final Instrument instrument = instruments.instrumentFor(securityId);
            if (gate.currentSeqNum() > instrument.appliedThroughSeqNum)
            {
                setStatus(instrument, tradingStatus, haltReason, tradingEvent);
            }
            return;
        }

        for (int i = 0; i < Instrument.GROUP_LENGTH; i++)
        {
            groupScratch[i] = decoder.securityGroup(i);
        }
        int matched = 0;
        for (int i = 0; i < instruments.count(); i++)
        {
            final Instrument instrument = instruments.instrument(i);
            if (instrument.hasDefinition && instrument.isInGroup(groupScratch))
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
