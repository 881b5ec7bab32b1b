package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.mdp3.Mdp3PacketAdapter;

/**
 * Composes the pipeline of one channel from outside, each stage handed what it needs; used by the
 * {@code FeedEngine} (live, replay, demo and benchmarks all run it) and the tests.
 * <pre>
 *   ChannelState.onIncrementalPacket -> Mdp3PacketAdapter.validate -> PacketSequencer (A/B, reorder window, gaps)
 *     -> SequencedStream (late start, loss: SnapshotRecovery; queue while recovering)
 *     -> Mdp3PacketAdapter.decode -> MessageDispatcher (by DecodeMode)
 *     -> MbpBookUpdater | OrderBookUpdater | EventUpdater | DefinitionUpdater | SnapshotRecovery
 *     -> ChannelListener (publication)
 * </pre>
 * Shared by the updaters: the {@link InstrumentDirectory}, the {@link RptSeqGate} (decode mode, MsgSeqNum, RptSeq
 * rules), the {@link MatchEvent}, the {@link PacketInfo} of the packet being decoded. Three links close a loop and are
 * set here once, after the part they point to is built: the directory tells the {@link RecoveryStates} of new
 * instruments, the gate tells the {@link SnapshotRecovery} of RptSeq gaps, and the recovery's {@link QueuedReplay}
 * decodes through the dispatcher.
 */
public final class ChannelPipeline
{
    final int channelId;
    final int channelIndex;
    final ChannelOptions options;
    final PacketInfo packetInfo = new PacketInfo();
    final ReceiveClock clock;
    final InstrumentDirectory instruments;
    final RptSeqGate gate;
    final RecoveryStates states;
    final MatchEvent matchEvent;
    final MbpBookUpdater mbp;
    final OrderBookUpdater orderBooks;
    final EventUpdater events;
    final QueuedReplay replay;
    final SnapshotRecovery recovery;
    final DefinitionUpdater definitions;
    final MessageDispatcher dispatcher;
    final Mdp3PacketAdapter adapter;
    final SequencedStream stream;
    final PacketSequencer sequencer;

    private ChannelPipeline(
        final int channelId,
        final int channelIndex,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl)
    {
        this.channelId = channelId;
        this.channelIndex = channelIndex;
        this.options = options;
        clock = new ReceiveClock(options.receiveTimeOffsetNs());
        instruments = new InstrumentDirectory(channelId, options);
        gate = new RptSeqGate(options, instruments);
        matchEvent = new MatchEvent(gate, listener, packetInfo);
        mbp = new MbpBookUpdater(gate, listener, packetInfo);
        orderBooks = new OrderBookUpdater(instruments, gate, options, listener, packetInfo);
        events = new EventUpdater(channelId, instruments, gate, matchEvent, listener, packetInfo);
        replay = new QueuedReplay(gate);
        states = new RecoveryStates(channelId, instruments, gate, listener, packetInfo);
        instruments.newInstrumentListener(states);
        recovery = new SnapshotRecovery(channelIndex, instruments, gate, states, replay, orderBooks, options,
            listener, feedControl, packetInfo);
        gate.gapListener(recovery);
        definitions = new DefinitionUpdater(channelIndex, instruments, recovery, options, listener, feedControl,
            packetInfo);
        dispatcher = new MessageDispatcher(options, gate, matchEvent, mbp, orderBooks, events, definitions, recovery,
            packetInfo, clock);
        replay.decodeWith(new Mdp3PacketAdapter(dispatcher));
        adapter = new Mdp3PacketAdapter(dispatcher);
        stream = new SequencedStream(instruments, gate, states, recovery, adapter, packetInfo, clock);
        sequencer = new PacketSequencer(stream, options.reorderWindow(), options.slotLength(), options.gapWaitNs());
    }

    /**
     * Build the pipeline of one channel.
     *
     * @param channelId    CME channel id.
     * @param channelIndex dense index of the channel in the line map.
     * @param options      depths, sequencing and recovery settings.
     * @param listener     receives the records to publish.
     * @param feedControl  joins and leaves the recovery lines.
     * @return the channel's entry points and queries.
     */
    public static ChannelState channel(
        final int channelId,
        final int channelIndex,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl)
    {
        return new ChannelState(new ChannelPipeline(channelId, channelIndex, options, listener, feedControl));
    }
}
