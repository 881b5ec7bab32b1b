package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.ConfigurationException;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.PacketSources;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.Transport;

import java.util.List;

/**
 * The default {@link PacketSourceFactory}: the transports {@code xdp}, {@code udp} and {@code auto} of the native
 * module ({@link PacketSources}: AF_XDP, kernel UDP, or AF_XDP when it can be set up with the reason logged when
 * not). Every line given is subscribed from the start (incremental, snapshot and definition); the engine ignores the
 * recovery lines while it does not need them.
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
        if (context.interfaceName() == null || context.interfaceName().isEmpty())
        {
            throw new ConfigurationException(Configuration.INTERFACE_PROP_NAME +
                " is not set: name the interface the feed arrives on (xfh0 in the lab)");
        }
        final IngressContext ingress = new IngressContext()
            .transport(Transport.parse(context.transport()))
            .interfaceName(context.interfaceName())
            .queues(context.queue());
        for (final Line line : lines)
        {
            final Subscription subscription = new Subscription(line.groupAddress(), line.port());
            if (!ingress.subscriptions().contains(subscription))
            {
                ingress.subscribe(subscription);
            }
        }
        try
        {
            return PacketSources.open(ingress);
        }
        catch (final IngressException ex)
        {
            throw new ConfigurationException(Configuration.TRANSPORT_PROP_NAME + "=" + context.transport() + " on " +
                Configuration.INTERFACE_PROP_NAME + "=" + context.interfaceName() + ": " + ex.getMessage(), ex);
        }
    }
}
