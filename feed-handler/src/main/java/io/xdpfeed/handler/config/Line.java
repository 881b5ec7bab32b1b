package io.xdpfeed.handler.config;

/**
 * One multicast line: a (group, port) carrying one feed type of one channel on feed A or B.
 *
 * @param lineId       dense index of the line in its {@link LineMap}, 0..lineCount-1.
 * @param channelIndex dense index of the channel in its {@link LineMap}, 0..channelCount-1, for per-channel arrays.
 * @param channelId    CME channel id, e.g. 310; for an unconfigured line, -1 - lineId.
 * @param feedType     what the line carries.
 * @param feed         A or B.
 * @param groupAddress IPv4 group as an int read big-endian (224.0.28.1 is 0xE0001C01).
 * @param port         UDP port.
 * @param connectionId CME's connection id, e.g. {@code 310IA}, or a generated name for an unconfigured line.
 */
public record Line(
    int lineId,
    int channelIndex,
    int channelId,
    FeedType feedType,
    Feed feed,
    int groupAddress,
    int port,
    String connectionId)
{
    /**
     * @return true when packets on this line go through A/B arbitration by MsgSeqNum.
     */
    public boolean isArbitrated()
    {
        return feedType == FeedType.INCREMENTAL;
    }

    /**
     * @return the group as dotted quad and port, e.g. {@code 224.0.31.11:14320}.
     */
    public String endpoint()
    {
        return LineMap.formatAddress(groupAddress) + ":" + port;
    }
}
