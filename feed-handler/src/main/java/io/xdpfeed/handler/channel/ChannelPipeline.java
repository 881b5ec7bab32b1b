package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.ChannelCounters;
import io.xdpfeed.handler.protocol.PacketDecoder;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.StreamRecovery;

/**
 * Composes the pipeline of one channel from outside, each stage handed what it needs; used by the
 * {@code FeedEngine} (live, replay, demo and benchmarks all run it) and the tests.
 * <pre>
 *   ChannelState.onIncrementalPacket -> PacketDecoder.validate -> PacketSequencer (A/B, reorder window, gaps)
 *     -> SequencedStream (late start, loss: SnapshotRecovery; queue while recovering; or, when the protocol has
 *        its own recovery ({@link Protocol#recovery}): GapFill, re-requests and snapshots from the exchange's servers)
 *     -> PacketDecoder.decode (the protocol's: framing walk, its messages by DecodeMode to the sinks)
 *     -> MbpBookUpdater | OrderBookUpdater | EventUpdater | DefinitionUpdater | SnapshotRecovery  (ChannelSinks)
 *     -> ChannelListener (publication)
 * </pre>
 * The protocol is chosen here, by the caller: a {@link Protocol} gives the channel its two decoders (live, and the
 * queued replay's) over the channel's {@link ChannelSinks}; nothing else in the channel knows the protocol.
 * Shared by the updaters: the {@link InstrumentDirectory}, the {@link RptSeqGate} (decode mode, MsgSeqNum, RptSeq
 * rules), the {@link MatchEvent}, the {@link PacketInfo} of the packet being decoded. Three links close a loop and are
 * set here once, after the part they point to is built: the directory tells the {@link RecoveryStates} of new
 * instruments, the gate tells the {@link SnapshotRecovery} of RptSeq gaps, and the recovery's {@link QueuedReplay}
 * decodes through a decoder of its own.
 * <p>
 * The channel's {@link ChannelCounters} are handed out here too, each to the stage that writes it: the sequencer its
 * duplicates, gaps and lost packets; the gate its RptSeq gaps; the recovery state machine its recoveries, stale
 * instruments and state; the snapshot recovery its snapshots and tail losses and its queue the overflows; the
 * {@link ChannelState} front the packets, recovery-line datagrams and malformed ones.
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
    final ChannelSinks sinks;
    final PacketDecoder decoder;
    final SequencedStream stream;
    final PacketSequencer sequencer;
    final GapFill gapFill;
    final ChannelCounters counters;

    private ChannelPipeline(
        final Protocol protocol,
        final int channelId,
        final int channelIndex,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl,
        final ChannelCounters counters)
    {
        this.counters = counters;
        this.channelId = channelId;
        this.channelIndex = channelIndex;
        this.options = options;
        clock = new ReceiveClock(options.receiveTimeOffsetNs());
        instruments = new InstrumentDirectory(channelId, options);
        gate = new RptSeqGate(options, instruments, counters.counter(ChannelCounter.RPTSEQ_GAPS));
        matchEvent = new MatchEvent(gate, listener, packetInfo);
        // the fused BookUpdate path for market-by-price channels: an MBO channel publishes OrderUpdates inside the
        // same messages, which would take the stage back every time
        mbp = new MbpBookUpdater(gate, matchEvent, listener, options.mbo() ? null : listener.bookUpdateStage(),
            packetInfo);
        orderBooks = new OrderBookUpdater(instruments, gate, matchEvent, options, listener, packetInfo,
            counters.counter(ChannelCounter.ORDER_OVERFLOWS));
        events = new EventUpdater(channelId, instruments, gate, matchEvent, listener, packetInfo);
        replay = new QueuedReplay(gate);
        states = new RecoveryStates(channelId, instruments, gate, listener, packetInfo, counters);
        instruments.newInstrumentListener(states);
        recovery = new SnapshotRecovery(channelIndex, instruments, gate, states, replay, orderBooks, options,
            listener, feedControl, packetInfo, counters);
        gate.gapListener(recovery);
        definitions = new DefinitionUpdater(channelIndex, instruments, recovery, options, listener, feedControl,
            packetInfo);
        sinks = new ChannelSinks(this);
        replay.decodeWith(protocol.decoder(sinks));
        decoder = protocol.decoder(sinks);
        stream = new SequencedStream(instruments, gate, states, recovery, decoder, packetInfo, clock);
        final StreamRecovery streamRecovery = protocol.recovery(channelId, decoder);
        gapFill = streamRecovery == null ? null :
            new GapFill(streamRecovery, decoder, gate, states, recovery, options, counters);
        if (gapFill != null)
        {
            gapFill.applyWith(stream);
            stream.gapFill(gapFill);
        }
        sequencer = new PacketSequencer(stream, options.reorderWindow(), options.slotLength(), options.gapWaitNs(),
            counters);
    }

    /**
     * Build the pipeline of one channel.
     *
     * @param protocol     of the channel's packets.
     * @param channelId    CME channel id.
     * @param channelIndex dense index of the channel in the line map.
     * @param options      depths, sequencing and recovery settings.
     * @param listener     receives the records to publish.
     * @param feedControl  joins and leaves the recovery lines.
     * @return the channel's entry points and queries.
     */
    public static ChannelState channel(
        final Protocol protocol,
        final int channelId,
        final int channelIndex,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl)
    {
        return channel(protocol, channelId, channelIndex, options, listener, feedControl,
            ChannelCounters.onHeap(channelId));
    }

    /**
     * Build the pipeline of one channel.
     *
     * @param protocol     of the channel's packets.
     * @param channelId    CME channel id.
     * @param channelIndex dense index of the channel in the line map.
     * @param options      depths, sequencing and recovery settings.
     * @param listener     receives the records to publish.
     * @param feedControl  joins and leaves the recovery lines.
     * @param counters     the channel's counters, handed to the stages that write them.
     * @return the channel's entry points and queries.
     */
    public static ChannelState channel(
        final Protocol protocol,
        final int channelId,
        final int channelIndex,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl,
        final ChannelCounters counters)
    {
        return new ChannelState(new ChannelPipeline(protocol, channelId, channelIndex, options, listener, feedControl,
            counters));
    }
}
