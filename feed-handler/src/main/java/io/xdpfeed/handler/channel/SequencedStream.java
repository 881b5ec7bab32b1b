package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.protocol.DecodeMode;
import io.xdpfeed.handler.protocol.PacketDecoder;
import org.agrona.DirectBuffer;

/**
 * What the {@link PacketSequencer} delivers, in MsgSeqNum order and once: a late start or a declared loss starts a
 * channel recovery; each packet is offered to the recovery (queued while the snapshot line is joined) and then
 * decoded in {@link DecodeMode#LIVE} by the protocol's {@link PacketDecoder}, whose messages go to the dispatcher.
 * Receive thread only; no allocation.
 */
final class SequencedStream implements PacketSequencer.Handler
{
    private final InstrumentDirectory instruments;
    private final RptSeqGate gate;
    private final RecoveryStates states;
    private final SnapshotRecovery recovery;
    private final PacketDecoder decoder;
    private final PacketInfo packetInfo;
    private final ReceiveClock clock;
    private GapFill gapFill;
    private long lateStarts;

    /**
     * @param instruments of the channel (reset on a sequence reset).
     * @param gate        where the stream stands; set to each packet's MsgSeqNum and the live mode.
     * @param states      the recovery state machine (a packet in sequence ends a silence).
     * @param recovery    told of losses, late starts, resets, and each packet before it is decoded.
     * @param decoder     the protocol's decoder of the live packets (its counts are the channel's).
     * @param packetInfo  stamped with each packet.
     * @param clock       source clock to epoch.
     */
    SequencedStream(
        final InstrumentDirectory instruments,
        final RptSeqGate gate,
        final RecoveryStates states,
        final SnapshotRecovery recovery,
        final PacketDecoder decoder,
        final PacketInfo packetInfo,
        final ReceiveClock clock)
    {
        this.instruments = instruments;
        this.gate = gate;
        this.states = states;
        this.recovery = recovery;
        this.decoder = decoder;
        this.packetInfo = packetInfo;
        this.clock = clock;
    }

    /**
     * {@inheritDoc}
     */
    public void onSequencedPacket(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long msgSeqNum,
        final long receiveTimeNs)
    {
        onSequencedPacket(line, buffer, offset, length, messageCount, msgSeqNum, 0, receiveTimeNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onSequencedPacket(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long msgSeqNum,
        final int skipMessages,
        final long receiveTimeNs)
    {
        final long receiveEpochNs = clock.epochNs(receiveTimeNs);
        packetInfo.set(msgSeqNum, decoder.sendingTimeNs(buffer, offset, receiveEpochNs), receiveEpochNs);
        if (!gate.isStarted())
        {
            gate.started();
            if (msgSeqNum != 1)
            {
                lateStarts++;
                if (gapFill == null || !gapFill.onLateStart(msgSeqNum))
                {
                    recovery.startChannelRecovery(1, msgSeqNum - 1, msgSeqNum - 1);
                }
            }
        }
        if (states.isSilenceStale())
        {
            states.resumeAfterSilence();
        }
        int skip = skipMessages;
        if (gapFill != null)
        {
            skip = gapFill.onSequencedPacket(line, buffer, offset, length, messageCount, msgSeqNum, skipMessages,
                receiveTimeNs);
            if (skip < 0)
            {
                return;
            }
        }
        recovery.onSequencedPacket(msgSeqNum, line, buffer, offset, length, messageCount, receiveTimeNs);
        apply(line, buffer, offset, length, messageCount, msgSeqNum - skipMessages + skip, skip, receiveTimeNs);
    }

    /**
     * Decode a packet in sequence order, live: from the sequencer, or from the gap fill (queued and retransmitted
     * packets).
     *
     * @param line          it came on.
     * @param buffer        holding it.
     * @param offset        of the packet header.
     * @param length        of the packet.
     * @param messageCount  from framing validation.
     * @param msgSeqNum     sequence number of its first message to apply.
     * @param skipMessages  messages at its start not to apply.
     * @param receiveTimeNs source clock.
     */
    void apply(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long msgSeqNum,
        final int skipMessages,
        final long receiveTimeNs)
    {
        gate.currentSeqNum(msgSeqNum);
        gate.lastSeqNum(msgSeqNum);
        gate.mode(DecodeMode.LIVE);
        if (skipMessages == 0)
        {
            decoder.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
        }
        else
        {
            decoder.decode(line, buffer, offset, length, receiveTimeNs, messageCount, skipMessages);
        }
    }

    /**
     * @param gapFill the protocol's recovery of losses and late starts, when it has one (set once by the
     *                composition); null: the snapshot recovery's.
     */
    void gapFill(final GapFill gapFill)
    {
        this.gapFill = gapFill;
    }

    /**
     * {@inheritDoc}
     */
    public void onLoss(final long fromSeqNum, final long toSeqNum, final long nowNs)
    {
        packetInfo.set(0, 0, clock.epochNs(nowNs));
        if (!gate.isStarted())
        {
            gate.started();
            lateStarts++;
        }
        if (gapFill == null || !gapFill.onLoss(fromSeqNum, toSeqNum))
        {
            recovery.startChannelRecovery(fromSeqNum, toSeqNum, toSeqNum);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSequenceReset(final long nowNs)
    {
        gate.lastSeqNum(0);
        recovery.onSequenceReset();
        if (gapFill != null)
        {
            gapFill.onSequenceReset();
        }
        for (int i = 0; i < instruments.count(); i++)
        {
            final Instrument instrument = instruments.instrument(i);
            instrument.appliedThroughSeqNum = 0;
            instrument.floorSeqNum = 0;
            OrderBookUpdater.reset(instrument, 0);
        }
    }

    /**
     * @return starts that did not begin at MsgSeqNum 1.
     */
    long lateStarts()
    {
        return lateStarts;
    }
}
