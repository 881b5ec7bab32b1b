package io.xdpfeed.bench;

import io.xdpfeed.handler.channel.PacketSequencer;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.mdp3.Mdp3PacketAdapter;
import org.agrona.DirectBuffer;

/**
 * The benchmarks' end of the engine's {@link PacketSequencer}: counts the packets it delivers in sequence and, when
 * given an adapter, decodes each of them; losses and resets are counted (a benchmark whose input must not lose a
 * packet checks {@link #losses()}). Allocation-free.
 */
final class SequencedPacketCounter implements PacketSequencer.Handler
{
    private final Mdp3PacketAdapter adapter;
    private long delivered;
    private long losses;

    /**
     * @param adapter decodes every delivered packet, or null to count them only.
     */
    SequencedPacketCounter(final Mdp3PacketAdapter adapter)
    {
        this.adapter = adapter;
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
        delivered++;
        if (null != adapter)
        {
            adapter.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onLoss(final long fromSeqNum, final long toSeqNum, final long nowNs)
    {
        losses++;
    }

    /**
     * {@inheritDoc}
     */
    public void onSequenceReset(final long nowNs)
    {
    }

    /**
     * @return packets delivered in sequence.
     */
    long delivered()
    {
        return delivered;
    }

    /**
     * @return losses declared by the sequencer.
     */
    long losses()
    {
        return losses;
    }
}
