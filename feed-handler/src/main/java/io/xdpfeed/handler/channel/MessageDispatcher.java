package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.mdp3.ChannelReset4Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshDailyStatistics49Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshSessionStatistics51Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Decoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;
import io.xdpfeed.handler.mdp3.Mdp3Listener;
import io.xdpfeed.handler.mdp3.Mdp3PacketContext;

/**
 * The decoded messages of a channel, sent by {@link DecodeMode} to the updater that applies them:
 * {@link MbpBookUpdater} (46, 32), {@link OrderBookUpdater} (47, the MBO part of 46), {@link EventUpdater} (48, 42,
 * 37, 49, 51, 30), {@link DefinitionUpdater} (54) and {@link SnapshotRecovery} (52, 53, ChannelReset4).
 * <pre>
 *   LIVE        incremental messages: apply and publish; 54 applies; ChannelReset4 resets the channel
 *   REPLAY      incremental messages of the replay's instrument: apply, publish nothing; ChannelReset4 clears it
 *   SNAPSHOT    52 (and 53 for market-by-order channels) go to the recovery
 *   DEFINITION  54 counts towards the definition loop
 * </pre>
 * It keeps the match event of the book messages (the {@link MatchEvent} the trade messages share) and nothing else;
 * the updaters are handed what they need and never call back here. Receive thread only; no allocation.
 */
final class MessageDispatcher implements Mdp3Listener
{
    private static final short END_OF_EVENT = 0x80;

    private final boolean mbo;
    private final RptSeqGate gate;
    private final MatchEvent matchEvent;
    private final MbpBookUpdater mbp;
    private final OrderBookUpdater orderBooks;
    private final EventUpdater events;
    private final DefinitionUpdater definitions;
    private final SnapshotRecovery recovery;
    private final PacketInfo packetInfo;
    private final ReceiveClock clock;
    private long channelResets;

    /**
     * @param options     whether the channel keeps market-by-order books.
     * @param gate        the decode mode and the MsgSeqNum of the packet being decoded.
     * @param matchEvent  the open match event.
     * @param mbp         applies 46 and 32.
     * @param orderBooks  applies 47 and the order part of 46.
     * @param events      applies 48, 42, 37, 49, 51 and 30.
     * @param definitions applies 54.
     * @param recovery    takes 52, 53 and ChannelReset4.
     * @param packetInfo  stamped at the start of each packet.
     * @param clock       source clock to epoch.
     */
    MessageDispatcher(
        final ChannelOptions options,
        final RptSeqGate gate,
        final MatchEvent matchEvent,
        final MbpBookUpdater mbp,
        final OrderBookUpdater orderBooks,
        final EventUpdater events,
        final DefinitionUpdater definitions,
        final SnapshotRecovery recovery,
        final PacketInfo packetInfo,
        final ReceiveClock clock)
    {
        this.mbo = options.mbo();
        this.gate = gate;
        this.matchEvent = matchEvent;
        this.mbp = mbp;
        this.orderBooks = orderBooks;
        this.events = events;
        this.definitions = definitions;
        this.recovery = recovery;
        this.packetInfo = packetInfo;
        this.clock = clock;
    }

    private boolean isIncremental()
    {
        return gate.isIncremental();
    }

    /**
     * {@inheritDoc}
     */
    public void onPacketStart(final Mdp3PacketContext context)
    {
        if (!gate.isReplaying())
        {
            packetInfo.set(context.msgSeqNum(), context.sendingTimeNs(), clock.epochNs(context.receiveTimeNs()));
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshBook46(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook46Decoder decoder)
    {
        if (!isIncremental())
        {
            return;
        }
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final int entriesOffset = decoder.limit();
        mbp.startMessage(gate.isLive());
        mbp.applyBook46(decoder);
        if (mbo)
        {
            orderBooks.onBook46(decoder, entriesOffset);
        }
        closeBookMessage(matchEventIndicator);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshBook32(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook32Decoder decoder)
    {
        if (!isIncremental())
        {
            return;
        }
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        mbp.startMessage(gate.isLive());
        mbp.applyBook32(decoder);
        closeBookMessage(matchEventIndicator);
    }

    /**
     * End a book message and keep track of the open match event: when the message closes the event but published
     * nothing (no entries, or none applied: duplicates, stale instruments), the subscribers still waiting for the end
     * of the event get an empty BookUpdate with EndOfEvent for the instrument of the event's last record. When no
     * event is open (the last record already closed one), nothing is published: nobody waits.
     */
    private void closeBookMessage(final short matchEventIndicator)
    {
        final Instrument last = mbp.endMessage(matchEventIndicator);
        if (last != null)
        {
            matchEvent.open((matchEventIndicator & END_OF_EVENT) != 0 ? null : last);
        }
        else
        {
            matchEvent.closeIfOpen((matchEventIndicator & END_OF_EVENT) != 0, matchEventIndicator);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshTradeSummary48(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary48Decoder decoder)
    {
        if (isIncremental())
        {
            events.onTradeSummary48(decoder, gate.isLive());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshTradeSummary42(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary42Decoder decoder)
    {
        if (isIncremental())
        {
            events.onTradeSummary42(decoder, gate.isLive());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshVolume37(
        final Mdp3PacketContext context, final MDIncrementalRefreshVolume37Decoder decoder)
    {
        if (isIncremental())
        {
            events.onVolume37(decoder, gate.isLive());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshDailyStatistics49(
        final Mdp3PacketContext context, final MDIncrementalRefreshDailyStatistics49Decoder decoder)
    {
        if (isIncremental())
        {
            events.onDailyStatistics49(decoder);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshSessionStatistics51(
        final Mdp3PacketContext context, final MDIncrementalRefreshSessionStatistics51Decoder decoder)
    {
        if (isIncremental())
        {
            events.onSessionStatistics51(decoder);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshOrderBook47(
        final Mdp3PacketContext context, final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
        if (mbo && isIncremental())
        {
            final Instrument last = orderBooks.onOrderBook47(decoder);
            final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
            final boolean endOfEvent = (matchEventIndicator & END_OF_EVENT) != 0;
            if (last != null && (orderBooks.lastRecordEndsEvent() || !endOfEvent))
            {
                matchEvent.open(orderBooks.lastRecordEndsEvent() ? null : last);
            }
            else
            {
                if (last != null)
                {
                    matchEvent.open(last);
                }
                matchEvent.closeIfOpen(endOfEvent, matchEventIndicator);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSecurityStatus30(final Mdp3PacketContext context, final SecurityStatus30Decoder decoder)
    {
        if (gate.isLive())
        {
            events.onSecurityStatus30(decoder);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelReset4(final Mdp3PacketContext context, final ChannelReset4Decoder decoder)
    {
        if (gate.isReplaying())
        {
            final Instrument target = gate.replayTarget();
            target.book().clear();
            OrderBookUpdater.reset(target, gate.currentSeqNum() - 1);
            target.rptSeq = 0;
            return;
        }
        if (!gate.isLive())
        {
            return;
        }
        channelResets++;
        recovery.onChannelReset(gate.currentSeqNum());
    }

    /**
     * {@inheritDoc}
     */
    public void onMDInstrumentDefinitionFuture54(
        final Mdp3PacketContext context, final MDInstrumentDefinitionFuture54Decoder decoder)
    {
        final DecodeMode mode = gate.mode();
        if (mode == DecodeMode.REPLAY || mode == DecodeMode.SNAPSHOT)
        {
            return;
        }
        definitions.onDefinition(decoder, mode == DecodeMode.DEFINITION);
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotFullRefresh52(final Mdp3PacketContext context, final SnapshotFullRefresh52Decoder decoder)
    {
        if (gate.mode() == DecodeMode.SNAPSHOT)
        {
            recovery.onSnapshot52(context, decoder);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotFullRefreshOrderBook53(
        final Mdp3PacketContext context, final SnapshotFullRefreshOrderBook53Decoder decoder)
    {
        if (gate.mode() == DecodeMode.SNAPSHOT && mbo)
        {
            recovery.onSnapshot53(decoder);
        }
    }

    /**
     * @return ChannelReset4 messages applied.
     */
    long channelResets()
    {
        return channelResets;
    }
}
