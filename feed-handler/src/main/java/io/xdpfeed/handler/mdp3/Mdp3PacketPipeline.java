package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.arbitration.LineArbiter;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.DirectBuffer;

/**
 * The packet path from a {@link io.xdpfeed.ingress.PacketSource} to a {@link Mdp3Listener}:
 * <pre>
 *   (group, port) -> LineMap -> line?  no: counted as unconfigured
 *   Mdp3Framing.validate            malformed: counted, dropped whole, MsgSeqNum not consumed
 *   LineArbiter (incremental lines)  duplicate: counted, dropped; gap: Mdp3Listener.onSequenceGap, then applied
 *   Mdp3PacketAdapter.decode         one listener call per message
 * </pre>
 * Snapshot and definition lines (loops that restart their MsgSeqNum) and unconfigured lines are not arbitrated.
 * This is the reference composition used by the replay tool; an engine that queues packets during recovery
 * composes the same parts itself. One thread; never throws on bad input, never allocates in steady state.
 */
public final class Mdp3PacketPipeline implements DatagramHandler
{
    private final LineMap lineMap;
    private final LineArbiter arbiter;
    private final Mdp3PacketAdapter adapter;
    private final Mdp3Listener listener;
    private final Mdp3PacketContext gapContext = new Mdp3PacketContext();

    private long datagrams;
    private long unconfiguredDatagrams;
    private long packets;
    private long acceptedPackets;

    /**
     * @param lineMap  which (group, port) is which line.
     * @param listener receives the messages of accepted packets and the gaps.
     */
    public Mdp3PacketPipeline(final LineMap lineMap, final Mdp3Listener listener)
    {
        this.lineMap = lineMap;
        this.listener = listener;
        this.arbiter = new LineArbiter(Math.max(1, lineMap.channelCount()));
        this.adapter = new Mdp3PacketAdapter(listener);
    }

    /**
     * {@inheritDoc}
     */
    public void onDatagram(
        final int groupAddress,
        final int port,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs)
    {
        datagrams++;
        final int lineId = lineMap.lineId(groupAddress, port);
        if (lineId == LineMap.NO_LINE)
        {
            unconfiguredDatagrams++;
            return;
        }
        packets++;

        final int messageCount = adapter.validate(buffer, offset, length);
        if (messageCount <= 0)
        {
            return;
        }

        final Line line = lineMap.line(lineId);
        if (line.isArbitrated())
        {
            final long msgSeqNum = Mdp3Framing.msgSeqNum(buffer, offset);
            final int decision = arbiter.onPacket(line.channelIndex(), msgSeqNum);
            if (decision == LineArbiter.DUPLICATE)
            {
                return;
            }
            if (decision == LineArbiter.GAP)
            {
                final Mdp3PacketContext context = gapContext;
                context.line = line;
                context.msgSeqNum = msgSeqNum;
                context.sendingTimeNs = Mdp3Framing.sendingTimeNs(buffer, offset);
                context.receiveTimeNs = receiveTimeNs;
                context.messageCount = messageCount;
                context.messageIndex = 0;
                listener.onSequenceGap(context, arbiter.gapFromSeqNum(), arbiter.gapToSeqNum());
            }
        }

        acceptedPackets++;
        adapter.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
    }

    /**
     * @return the line map.
     */
    public LineMap lineMap()
    {
        return lineMap;
    }

    /**
     * @return the arbiter (duplicates, gaps, expected MsgSeqNum per channel).
     */
    public LineArbiter arbiter()
    {
        return arbiter;
    }

    /**
     * @return the adapter (malformed, messages, template counts).
     */
    public Mdp3PacketAdapter adapter()
    {
        return adapter;
    }

    /**
     * @return every datagram handed to this pipeline.
     */
    public long datagrams()
    {
        return datagrams;
    }

    /**
     * @return datagrams on a (group, port) that is not a line of the map.
     */
    public long unconfiguredDatagrams()
    {
        return unconfiguredDatagrams;
    }

    /**
     * @return datagrams on the map's lines, before validation and arbitration.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * @return packets valid and accepted by arbitration (or not arbitrated), hence decoded.
     */
    public long acceptedPackets()
    {
        return acceptedPackets;
    }
}
