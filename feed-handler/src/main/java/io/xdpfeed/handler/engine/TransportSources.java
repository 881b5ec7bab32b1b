package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.ConfigurationException;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.ingress.PacketSource;

import java.util.List;

/**
 * The default {@link PacketSourceFactory}: the transports {@code xdp}, {@code udp} and {@code auto}.
 * <p>
 * The live sources ({@code io.xdpfeed.ingress.UdpPacketSource}, {@code io.xdpfeed.xdp.XdpPacketSource}, opened by
 * {@code io.xdpfeed.ingress.PacketSources}) belong to the native module; until this build carries them, opening a
 * live transport stops start-up with a message saying so, and a caller can still hand the handler any source with
 * {@link FeedHandler.Context#packetSource}.
 */
public final class TransportSources implements PacketSourceFactory
{
    /** The one instance. */
    public static final TransportSources INSTANCE = new TransportSources();

    private TransportSources()
    {
    }

    /**
     * {@inheritDoc}
     */
    public PacketSource open(final FeedHandler.Context context, final List<Line> lines)
    {
        throw new ConfigurationException(Configuration.TRANSPORT_PROP_NAME + "=" + context.transport() +
            ": the live packet sources (io.xdpfeed.ingress.PacketSources of the native module) are not in this " +
            "build; build it with the native module merged, or give FeedHandler.Context.packetSource(...)");
    }
}
