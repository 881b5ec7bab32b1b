package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.config.Line;

/**
 * The packet a message came in, passed with every {@link Mdp3Listener} call: which line and channel, the packet
 * header (MsgSeqNum, SendingTime) and when it was received. One instance per {@link Mdp3PacketAdapter}, refilled
 * for every packet: read it during the call, do not keep it.
 */
public final class Mdp3PacketContext
{
    Line line;
    long msgSeqNum;
    long sendingTimeNs;
    long receiveTimeNs;
    int messageCount;
    int messageIndex;

    /**
     * @return the line the packet came on.
     */
    public Line line()
    {
        return line;
    }

    /**
     * @return CME channel id of the line (negative for an unconfigured line).
     */
    public int channelId()
    {
        return line.channelId();
    }

    /**
     * @return dense channel index of the line, for per-channel arrays.
     */
    public int channelIndex()
    {
        return line.channelIndex();
    }

    /**
     * @return the packet's MsgSeqNum (uint32).
     */
    public long msgSeqNum()
    {
        return msgSeqNum;
    }

    /**
     * @return the packet's SendingTime, ns since the Unix epoch.
     */
    public long sendingTimeNs()
    {
        return sendingTimeNs;
    }

    /**
     * @return when the datagram was received, as given by the {@link io.xdpfeed.ingress.PacketSource}.
     */
    public long receiveTimeNs()
    {
        return receiveTimeNs;
    }

    /**
     * @return number of messages in the packet.
     */
    public int messageCount()
    {
        return messageCount;
    }

    /**
     * @return index of the current message in the packet, 0..messageCount-1.
     */
    public int messageIndex()
    {
        return messageIndex;
    }

    /**
     * @return true when the current message is the last of its packet.
     */
    public boolean isLastMessage()
    {
        return messageIndex == messageCount - 1;
    }
}
