package io.xdpfeed.handler.channel;

/**
 * The MDP packet a record comes from: its MsgSeqNum, the exchange SendingTime and the receive time, all a record's
 * common block needs. Refilled per packet by the channel's pipeline ({@link ChannelPipeline}): read it during the
 * listener call.
 */
public final class PacketInfo
{
    long msgSeqNum;
    long sendingTimeNs;
    long receiveTimeNs;

    /**
     * @return MsgSeqNum of the packet, 0 when the record comes from no packet (a timer).
     */
    public long msgSeqNum()
    {
        return msgSeqNum;
    }

    /**
     * @return exchange SendingTime, ns since the epoch.
     */
    public long sendingTimeNs()
    {
        return sendingTimeNs;
    }

    /**
     * @return when the packet was received, ns since the epoch.
     */
    public long receiveTimeNs()
    {
        return receiveTimeNs;
    }

    void set(final long msgSeqNum, final long sendingTimeNs, final long receiveTimeNs)
    {
        this.msgSeqNum = msgSeqNum;
        this.sendingTimeNs = sendingTimeNs;
        this.receiveTimeNs = receiveTimeNs;
    }

    /**
     * @return for tests and logs.
     */
    public String toString()
    {
        return "PacketInfo{msgSeqNum=" + msgSeqNum + ", sendingTimeNs=" + sendingTimeNs + ", receiveTimeNs=" +
            receiveTimeNs + '}';
    }
}
