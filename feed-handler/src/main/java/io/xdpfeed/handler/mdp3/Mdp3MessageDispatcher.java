package io.xdpfeed.handler.mdp3;

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
import io.xdpfeed.handler.protocol.BookSink;
import io.xdpfeed.handler.protocol.DecodeMode;
import io.xdpfeed.handler.protocol.DecodeState;
import io.xdpfeed.handler.protocol.MessageSinks;
import io.xdpfeed.handler.protocol.SnapshotSink;

/**
 * The decoded MDP 3.0 messages of a channel, sent by {@link DecodeMode} to the reader that turns them into calls on
 * the channel's {@link MessageSinks}: {@link Mdp3BookReader} (46, 32), {@link Mdp3OrderReader} (47, the MBO part of
 * 46, 53), {@link Mdp3EventReader} (48, 42, 37, 49, 51, 30), {@link Mdp3DefinitionReader} (54) and
 * {@link Mdp3SnapshotReader} (52); ChannelReset4 goes to the snapshot sink.
 * <pre>
 *   LIVE        incremental messages: apply and publish; 54 applies; ChannelReset4 resets the channel
 *   REPLAY      incremental messages of the replay's instrument: apply, publish nothing; ChannelReset4 clears it
 *   SNAPSHOT    52 (and 53 for market-by-order channels) go to the recovery
 *   DEFINITION  54 counts towards the definition loop
 * </pre>
 * Receive thread only; no allocation.
 */
final class Mdp3MessageDispatcher implements Mdp3Listener
{
    private static final short END_OF_EVENT = 0x80;

    private final boolean mbo;
    private final DecodeState gate;
    private final MessageSinks sinks;
    private final BookSink books;
    private final SnapshotSink snapshots;
    private final Mdp3BookReader bookReader;
    private final Mdp3OrderReader orderReader;
    private final Mdp3EventReader eventReader;
    private final Mdp3DefinitionReader definitionReader;
    private final Mdp3SnapshotReader snapshotReader;

    /**
     * @param sinks of the channel.
     */
    Mdp3MessageDispatcher(final MessageSinks sinks)
    {
        this.mbo = sinks.marketByOrder();
        this.gate = sinks.decodeState();
        this.sinks = sinks;
        this.books = sinks.books();
        this.snapshots = sinks.snapshots();
        this.bookReader = new Mdp3BookReader(books);
        this.orderReader = new Mdp3OrderReader(sinks.orders(), snapshots);
        this.eventReader = new Mdp3EventReader(sinks.events());
        this.definitionReader = new Mdp3DefinitionReader(sinks.definitions());
        this.snapshotReader = new Mdp3SnapshotReader(snapshots);
    }

    /**
     * {@inheritDoc}
     */
    public void onPacketStart(final Mdp3PacketContext context)
    {
        sinks.packetStart(context.msgSeqNum(), context.sendingTimeNs(), context.receiveTimeNs());
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshBook46(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook46Decoder decoder)
    {
        if (!gate.isIncremental())
        {
            return;
        }
        // validated: the root block holds the flags (Mdp3Templates), so they are read without a bounds check
        final short matchEventIndicator = (short)Mdp3Framing.u8(
            decoder.buffer(), decoder.offset() + MDIncrementalRefreshBook46Decoder.matchEventIndicatorEncodingOffset());
        final int entriesOffset = decoder.limit();
        books.startMessage(gate.isLive());
        bookReader.book46(decoder);
        if (mbo)
        {
            orderReader.book46(decoder, entriesOffset);
        }
        books.endMessage(matchEventIndicator, (matchEventIndicator & END_OF_EVENT) != 0);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshBook32(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook32Decoder decoder)
    {
        if (!gate.isIncremental())
        {
            return;
        }
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        books.startMessage(gate.isLive());
        bookReader.book32(decoder);
        books.endMessage(matchEventIndicator, (matchEventIndicator & END_OF_EVENT) != 0);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshTradeSummary48(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary48Decoder decoder)
    {
        if (gate.isIncremental())
        {
            eventReader.tradeSummary48(decoder, gate.isLive());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshTradeSummary42(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary42Decoder decoder)
    {
        if (gate.isIncremental())
        {
            eventReader.tradeSummary42(decoder, gate.isLive());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshVolume37(
        final Mdp3PacketContext context, final MDIncrementalRefreshVolume37Decoder decoder)
    {
        if (gate.isIncremental())
        {
            eventReader.volume37(decoder, gate.isLive());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshDailyStatistics49(
        final Mdp3PacketContext context, final MDIncrementalRefreshDailyStatistics49Decoder decoder)
    {
        if (gate.isIncremental())
        {
            eventReader.dailyStatistics49(decoder);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshSessionStatistics51(
        final Mdp3PacketContext context, final MDIncrementalRefreshSessionStatistics51Decoder decoder)
    {
        if (gate.isIncremental())
        {
            eventReader.sessionStatistics51(decoder);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshOrderBook47(
        final Mdp3PacketContext context, final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
        if (mbo && gate.isIncremental())
        {
            orderReader.orderBook47(decoder);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSecurityStatus30(final Mdp3PacketContext context, final SecurityStatus30Decoder decoder)
    {
        if (gate.isLive())
        {
            eventReader.securityStatus30(decoder);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelReset4(final Mdp3PacketContext context, final ChannelReset4Decoder decoder)
    {
        if (gate.isIncremental())
        {
            snapshots.channelReset();
        }
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
        definitionReader.definition54(decoder, mode == DecodeMode.DEFINITION);
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotFullRefresh52(final Mdp3PacketContext context, final SnapshotFullRefresh52Decoder decoder)
    {
        if (gate.mode() == DecodeMode.SNAPSHOT)
        {
            snapshotReader.snapshot52(context, decoder);
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
            orderReader.snapshot53(decoder);
        }
    }
}
