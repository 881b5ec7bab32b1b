package io.xdpfeed.sim.wire;

import io.xdpfeed.sim.market.MarketModel;
import org.agrona.MutableDirectBuffer;

import java.util.SplittableRandom;

/**
 * Packs the model's events into incremental packets as CME does: several messages per packet, events that continue
 * in the next packet, every packet at most {@link Mdp3Packet#MAX_PAYLOAD} bytes.
 * <p>
 * Each packet gets a random byte budget; messages are appended while they fit it, and a message that does not fit
 * starts the next packet (the rest of its event follows there). A packet may also close early at the end of an
 * event. The last packet of the session, and the packet before a ChannelReset4, take only whole small events so that
 * no event is left open; the reset packet carries the ChannelReset4 alone. Every message placed is applied to the
 * {@link FeedState} at once.
 * <p>
 * With market by order an event may span several packets; then the last {@code drainPackets} packets before each
 * such boundary take full budgets and only small events, so that every open event is finished by the boundary.
 */
public final class IncrementalPacketAssembler
{
    private static final int MIN_BUDGET = 96;
    private static final double CLOSE_AFTER_EVENT_PROBABILITY = 0.35;
    private static final long EXCHANGE_LATENCY_NS = 1_500;

    /**
     * Packets before a boundary that drain open events in market-by-order mode: a full packet holds at least
     * {@code MAX_PAYLOAD - HEADER_LENGTH - MAX_MBO_MESSAGE_LENGTH + 1} bytes of messages, so the longest event
     * is finished within this many packets.
     */
    public static final int MBO_DRAIN_PACKETS = 2 + IncrementalProxy.MAX_MBO_EVENT_LENGTH /
        (Mdp3Packet.MAX_PAYLOAD - Mdp3Packet.HEADER_LENGTH - IncrementalProxy.MAX_MBO_MESSAGE_LENGTH + 1);

    private final MarketModel model;
    private final IncrementalProxy proxy;
    private final FeedState state;
    private final SplittableRandom random;
    private final long[] resetAt;
    private final long lastMsgSeqNum;
    private final int drainPackets;
    private final long[] messagesByTemplate = new long[64];
    private int pendingIndex;
    private int pendingCount;
    private long lastTransactTimeNs;

    /**
     * Packets of the model's events, encoded by the proxy and recorded in the feed state.
     *
     * @param model         generates the events.
     * @param proxy         encodes them.
     * @param state         records every message placed in a packet.
     * @param random        the market's random stream (each packet's byte budget).
     * @param resetAt       MsgSeqNums of the packets that carry a ChannelReset4.
     * @param lastMsgSeqNum the last packet's MsgSeqNum.
     * @param drainPackets  packets before a boundary (the last packet, a reset) that only finish open events and add
     *                      small ones; 0 when every event fits one packet.
     */
    public IncrementalPacketAssembler(
        final MarketModel model,
        final IncrementalProxy proxy,
        final FeedState state,
        final SplittableRandom random,
        final long[] resetAt,
        final long lastMsgSeqNum,
        final int drainPackets)
    {
        this.drainPackets = drainPackets;
        this.model = model;
        this.proxy = proxy;
        this.state = state;
        this.random = random;
        this.resetAt = resetAt;
        this.lastMsgSeqNum = lastMsgSeqNum;
    }

    /**
     * Whether the packet with this MsgSeqNum carries a ChannelReset4.
     */
    public boolean isReset(final long msgSeqNum)
    {
        for (final long seq : resetAt)
        {
            if (seq == msgSeqNum)
            {
                return true;
            }
        }
        return false;
    }

    /** Messages sent so far with this template id. */
    public long messages(final int templateId)
    {
        return messagesByTemplate[templateId];
    }

    /**
     * Write the incremental packet with this MsgSeqNum.
     *
     * @return its length.
     */
    public int nextPacket(
        final long msgSeqNum, final MutableDirectBuffer buffer, final int offset, final long sendingTimeNs)
    {
        state.packetStarted(msgSeqNum);
        Mdp3Packet.writeHeader(buffer, offset, msgSeqNum, sendingTimeNs);
        int used = Mdp3Packet.HEADER_LENGTH;

        if (isReset(msgSeqNum))
        {
            if (pendingIndex != pendingCount)
            {
                throw new IllegalStateException("simulator bug: event open across a channel reset");
            }
            model.channelReset(transactTime(sendingTimeNs));
            pendingIndex = 0;
            pendingCount = proxy.messageCount();
            return place(buffer, offset, used, Mdp3Packet.MAX_PAYLOAD);
        }

        final boolean boundary = msgSeqNum == lastMsgSeqNum || isReset(msgSeqNum + 1) ||
            (drainPackets > 0 && packetsToBoundary(msgSeqNum) < drainPackets);
        final int budget = boundary ? Mdp3Packet.MAX_PAYLOAD :
            MIN_BUDGET + random.nextInt(Mdp3Packet.MAX_PAYLOAD - MIN_BUDGET + 1);
        while (true)
        {
            if (pendingIndex == pendingCount)
            {
                if (boundary)
                {
                    if (Mdp3Packet.MAX_PAYLOAD - used < MarketModel.SMALL_EVENT_MAX_LENGTH)
                    {
                        break;
                    }
                    model.nextEvent(transactTime(sendingTimeNs), true);
                }
                else
                {
                    if (used > Mdp3Packet.HEADER_LENGTH && random.nextDouble() < CLOSE_AFTER_EVENT_PROBABILITY)
                    {
                        break;
                    }
                    model.nextEvent(transactTime(sendingTimeNs), false);
                }
                pendingIndex = 0;
                pendingCount = proxy.messageCount();
            }

            final int before = used;
            used = place(buffer, offset, used, budget);
            if (pendingIndex != pendingCount || used == before)
            {
                break;
            }
        }

        if (boundary && pendingIndex != pendingCount && (msgSeqNum == lastMsgSeqNum || isReset(msgSeqNum + 1)))
        {
            throw new IllegalStateException("simulator bug: event left open in boundary packet " + msgSeqNum);
        }
        if (used == Mdp3Packet.HEADER_LENGTH)
        {
            throw new IllegalStateException("simulator bug: packet " + msgSeqNum + " has no message");
        }
        return used;
    }

    /**
     * Packets from this one to the next boundary: the last packet, or the packet before a reset.
     */
    private long packetsToBoundary(final long msgSeqNum)
    {
        long boundary = lastMsgSeqNum;
        for (final long seq : resetAt)
        {
            if (seq > msgSeqNum && seq - 1 < boundary)
            {
                boundary = seq - 1;
            }
        }
        return boundary - msgSeqNum;
    }

    /**
     * Place pending messages while they fit the budget (a packet with only its header takes the next one anyway).
     */
    private int place(final MutableDirectBuffer buffer, final int offset, final int usedBefore, final int budget)
    {
        int used = usedBefore;
        while (pendingIndex < pendingCount)
        {
            final int length = proxy.messageLength(pendingIndex);
            if (used + length > budget && used > Mdp3Packet.HEADER_LENGTH)
            {
                break;
            }
            buffer.putBytes(offset + used, proxy.buffer(), proxy.messageOffset(pendingIndex), length);
            state.apply(buffer, offset + used);
            messagesByTemplate[proxy.templateId(pendingIndex)]++;
            used += length;
            pendingIndex++;
        }
        return used;
    }

    private long transactTime(final long sendingTimeNs)
    {
        lastTransactTimeNs = Math.max(lastTransactTimeNs + 1, sendingTimeNs - EXCHANGE_LATENCY_NS);
        return lastTransactTimeNs;
    }
}
