package io.xdpfeed.handler.channel;

/**
 * The offset from the source's clock to the epoch, re-sampled by live sources (they give monotonic receive times),
 * shared by the stages that stamp {@link PacketInfo}. Receive thread only.
 */
final class ReceiveClock
{
    private long offsetNs;

    /**
     * @param offsetNs added to receive times to make them ns since the epoch.
     */
    ReceiveClock(final long offsetNs)
    {
        this.offsetNs = offsetNs;
    }

    /**
     * @param offsetNs added to receive times to make them ns since the epoch.
     */
    void offsetNs(final long offsetNs)
    {
        this.offsetNs = offsetNs;
    }

    /**
     * @param receiveTimeNs source clock.
     * @return ns since the epoch.
     */
    long epochNs(final long receiveTimeNs)
    {
        return receiveTimeNs + offsetNs;
    }
}
