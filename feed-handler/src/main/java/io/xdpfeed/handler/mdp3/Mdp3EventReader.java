package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshDailyStatistics49Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshSessionStatistics51Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;
import io.xdpfeed.handler.protocol.DefinitionSink;
import io.xdpfeed.handler.protocol.EventSink;

/**
 * Reads the non-book incremental messages of MDP 3.0 and hands them to the channel's {@link EventSink}: trades
 * (TradeSummary 48 and the legacy 42, prices scaled to the 46/48 exponent), cleared volume (37), daily and session
 * statistics (49, 51: they only advance RptSeq) and security status (30, for one instrument or, without a
 * SecurityID, a whole security group). Null order counts and trade ids are 0. One thread; no allocation.
 */
final class Mdp3EventReader
{
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;
    private static final int LEGACY_PRICE_FACTOR = 100;
    private static final short END_OF_EVENT = 0x80;
    private static final short NEW = 0;

    private final EventSink events;
    private final byte[] groupScratch = new byte[DefinitionSink.GROUP_LENGTH];

    /**
     * @param events the channel's trade, volume, statistics and status sink.
     */
    Mdp3EventReader(final EventSink events)
    {
        this.events = events;
    }

    /**
     * A TradeSummary 48.
     *
     * @param decoder wrapped on the message.
     * @param live    true for the sequenced stream (trades are published), false for a replay.
     */
    void tradeSummary48(final MDIncrementalRefreshTradeSummary48Decoder decoder, final boolean live)
    {
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final boolean endOfEvent = (matchEventIndicator & END_OF_EVENT) != 0;
        final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int count = entries.count();
        for (int i = 0; i < count; i++)
        {
            final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entry = entries.next();
            final long tradeEntryId = entry.mDTradeEntryID();
            final int orders = entry.numberOfOrders();
            events.trade(entry.securityID(), entry.rptSeq(), entry.mDUpdateActionRaw() != NEW,
                entry.mDEntryPx().mantissa(), entry.mDEntrySize(), orders == INT32_NULL ? 0 : orders,
                entry.aggressorSideRaw(), tradeEntryId == UINT32_NULL ? 0 : tradeEntryId,
                endOfEvent && i == count - 1, live);
        }
        events.endMessage(endOfEvent, matchEventIndicator);
    }

    /**
     * A legacy TradeSummary 42 (prices scaled to the 46/48 exponent).
     *
     * @param decoder wrapped on the message.
     * @param live    true for the sequenced stream (trades are published), false for a replay.
     */
    void tradeSummary42(final MDIncrementalRefreshTradeSummary42Decoder decoder, final boolean live)
    {
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final boolean endOfEvent = (matchEventIndicator & END_OF_EVENT) != 0;
        final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int count = entries.count();
        for (int i = 0; i < count; i++)
        {
            final MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder entry = entries.next();
            final long tradeEntryId = entry.mDTradeEntryID();
            final int orders = entry.numberOfOrders();
            events.trade(entry.securityID(), entry.rptSeq(), entry.mDUpdateActionRaw() != NEW,
                entry.mDEntryPx().mantissa() * LEGACY_PRICE_FACTOR, entry.mDEntrySize(),
                orders == INT32_NULL ? 0 : orders, entry.aggressorSideRaw(),
                tradeEntryId == UINT32_NULL ? 0 : tradeEntryId, endOfEvent && i == count - 1, live);
        }
        events.endMessage(endOfEvent, matchEventIndicator);
    }

    /**
     * A Volume 37.
     *
     * @param decoder wrapped on the message.
     * @param live    true for the sequenced stream (volumes are published), false for a replay.
     */
    void volume37(final MDIncrementalRefreshVolume37Decoder decoder, final boolean live)
    {
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final boolean endOfEvent = (matchEventIndicator & END_OF_EVENT) != 0;
        final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder entries = decoder.noMDEntries();
        final int count = entries.count();
        for (int i = 0; i < count; i++)
        {
            final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder entry = entries.next();
            events.volume(entry.securityID(), entry.rptSeq(), entry.mDEntrySize(), endOfEvent && i == count - 1,
                live);
        }
        events.endMessage(endOfEvent, matchEventIndicator);
    }

    /**
     * A DailyStatistics 49: nothing is kept, but RptSeq advances.
     *
     * @param decoder wrapped on the message.
     */
    void dailyStatistics49(final MDIncrementalRefreshDailyStatistics49Decoder decoder)
    {
        for (final MDIncrementalRefreshDailyStatistics49Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            events.sequenceOnly(entry.securityID(), entry.rptSeq());
        }
    }

    /**
     * A SessionStatistics 51: nothing is kept, but RptSeq advances.
     *
     * @param decoder wrapped on the message.
     */
    void sessionStatistics51(final MDIncrementalRefreshSessionStatistics51Decoder decoder)
    {
        for (final MDIncrementalRefreshSessionStatistics51Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            events.sequenceOnly(entry.securityID(), entry.rptSeq());
        }
    }

    /**
     * A SecurityStatus 30 of the sequenced stream: to its instrument, or without a SecurityID to its security group.
     *
     * @param decoder wrapped on the message.
     */
    void securityStatus30(final SecurityStatus30Decoder decoder)
    {
        final int securityId = decoder.securityID();
        final short tradingStatus = decoder.securityTradingStatusRaw();
        final short haltReason = decoder.haltReasonRaw();
        final short tradingEvent = decoder.securityTradingEventRaw();
        if (securityId != INT32_NULL)
        {
            events.instrumentStatus(securityId, tradingStatus, haltReason, tradingEvent);
            return;
        }
        for (int i = 0; i < groupScratch.length; i++)
        {
            groupScratch[i] = decoder.securityGroup(i);
        }
        events.groupStatus(groupScratch, tradingStatus, haltReason, tradingEvent);
    }
}
