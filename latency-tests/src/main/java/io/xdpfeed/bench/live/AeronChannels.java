package io.xdpfeed.bench.live;

/**
 * The Aeron channel URIs of the distribution layout (docs/distribution.md): one market-data publication on UDP
 * multi-destination-cast with dynamic control, which remote subscribers join by naming the handler's control
 * address, and which local subscribers read through a spy of the same publication (shared memory, as IPC); snapshot
 * requests go to a UDP control endpoint on the handler host from local and remote subscribers alike.
 */
public final class AeronChannels
{
    /** Prefix of a spy subscription: reads a network publication's log buffers on the publisher's driver. */
    public static final String SPY_PREFIX = "aeron-spy:";

    private AeronChannels()
    {
    }

    /**
     * Datagram size of the publication: 8 KiB frames on the lab's jumbo-frame link. Aeron repairs one gap per NAK
     * round trip, so under random loss a stream moves at most {@code mtu / loss} bytes per round trip: 8 KiB
     * datagrams carry 5.8 times what the default 1,408 bytes do (docs/distribution.md). Needs a link MTU of at least
     * 8,220 (scripts/lab sets 9,000).
     */
    public static final String MTU = "mtu=8k";
    /**
     * Receiver window and socket buffer of a remote subscriber: 2 MiB, so that the sender does not stall behind a
     * gap whose retransmission was lost (10 ms of retransmit linger plus a round trip at ~6 MB/s is more than Aeron's
     * 128 KiB default) and catches up at once after a pause.
     */
    public static final String RECEIVER_WINDOW = "rcv-wnd=2m|so-rcvbuf=2m";

    /**
     * @param handlerAddress address the handler's driver listens for subscribers' status messages on.
     * @param port           that port.
     * @return the handler's market-data publication: MDC, destinations added by the subscribers themselves.
     */
    public static String publication(final String handlerAddress, final int port)
    {
        return "aeron:udp?control=" + handlerAddress + ":" + port + "|control-mode=dynamic|fc=max|" + MTU;
    }

    /**
     * @param subscriberAddress address the remote subscriber receives on.
     * @param subscriberPort    its port.
     * @param handlerAddress    the handler's control address ({@link #publication}).
     * @param port              its port.
     * @return the remote subscriber's market-data channel.
     */
    public static String remoteSubscription(
        final String subscriberAddress, final int subscriberPort, final String handlerAddress, final int port)
    {
        return "aeron:udp?endpoint=" + subscriberAddress + ":" + subscriberPort + "|control=" + handlerAddress + ":" +
            port + "|control-mode=dynamic|" + RECEIVER_WINDOW;
    }

    /**
     * @param publicationChannel the handler's market-data channel.
     * @return the channel a subscriber on the handler's host (and driver) reads it by.
     */
    public static String spy(final String publicationChannel)
    {
        return SPY_PREFIX + publicationChannel;
    }

    /**
     * @param handlerAddress address of the handler's host.
     * @param port           control port.
     * @return the control channel: the handler subscribes to it, every subscriber publishes snapshot requests to it.
     */
    public static String control(final String handlerAddress, final int port)
    {
        return "aeron:udp?endpoint=" + handlerAddress + ":" + port;
    }
}
