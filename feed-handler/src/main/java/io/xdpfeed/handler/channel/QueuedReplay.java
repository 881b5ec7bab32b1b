package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.protocol.DecodeMode;
import io.xdpfeed.handler.protocol.PacketDecoder;

/**
 * The replay of the recovery queue after a snapshot: the queued packets after the snapshot's LastMsgSeqNumProcessed
 * are decoded again in {@link DecodeMode#REPLAY}, for one instrument only (RptSeq must continue exactly; nothing is
 * published), stopping at the first RptSeq gap. Receive thread only; no allocation.
 */
final class QueuedReplay
{
    private final RptSeqGate gate;
    private PacketDecoder decoder;
    private long replayedPackets;

    /**
     * @param gate sets the mode, the MsgSeqNum and the instrument of the replay for the updaters.
     */
    QueuedReplay(final RptSeqGate gate)
    {
        this.gate = gate;
    }

    /**
     * Set once by the composition: a decoder of its own (its counts are not the live ones) whose messages go to the
     * same dispatcher as the live ones, which is built after the recovery that replays.
     *
     * @param decoder decodes the queued packets.
     */
    void decodeWith(final PacketDecoder decoder)
    {
        this.decoder = decoder;
    }

    /**
     * Decode the queued packets {@code fromSeqNum..toSeqNum} for one instrument only.
     *
     * @param instrument recovering.
     * @param queue      holding the packets.
     * @param fromSeqNum first MsgSeqNum to replay.
     * @param toSeqNum   last MsgSeqNum to replay.
     */
    void replay(final Instrument instrument, final PacketQueue queue, final long fromSeqNum, final long toSeqNum)
    {
        final DecodeMode savedMode = gate.mode();
        final long savedSeqNum = gate.currentSeqNum();
        gate.mode(DecodeMode.REPLAY);
        gate.replayTarget(instrument);
        for (long seqNum = fromSeqNum; seqNum <= toSeqNum && !instrument.replayFailed; seqNum++)
        {
            final int index = queue.index(seqNum);
            gate.currentSeqNum(seqNum);
            replayedPackets++;
            decoder.decode(queue.line(index), queue.buffer(), queue.offset(index), queue.length(index),
                queue.receiveTimeNs(index), queue.messageCount(index));
        }
        gate.replayTarget(null);
        gate.currentSeqNum(savedSeqNum);
        gate.mode(savedMode);
    }

    /**
     * @return queued packets replayed after snapshots.
     */
    long replayedPackets()
    {
        return replayedPackets;
    }
}
