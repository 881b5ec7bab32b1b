package io.xdpfeed.transport;

import io.xdpfeed.ingress.Arbitration;
import io.xdpfeed.ingress.IngressConfiguration;
import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.UdpPacketSource;
import io.xdpfeed.xdp.XdpPacketSource;
import io.xdpfeed.xdp.XdpSupport;

/**
 * Opens the {@link PacketSource} a configuration asks for: {@code transport=xdp} (AF_XDP or a failure saying why),
 * {@code udp} (kernel sockets), or {@code auto} (AF_XDP when it can be set up, else kernel UDP with the reason
 * logged: not root, no libxdp, no such interface, attach refused).
 */
public final class PacketSources
{
    private static final System.Logger LOGGER = System.getLogger(PacketSources.class.getName());

    private PacketSources()
    {
    }

    /**
     * Open the configured source.
     *
     * @param context what to receive and how; concluded here.
     * @return an open source; the caller closes it.
     * @throws IngressException when the source cannot be set up, with one line saying what to do.
     */
    public static PacketSource open(final IngressContext context)
    {
        context.conclude();
        final PacketSource source = switch (context.transport())
        {
            case XDP -> new XdpPacketSource(context);
            case UDP -> new UdpPacketSource(context);
            case AUTO -> openAuto(context);
        };
        LOGGER.log(System.Logger.Level.INFO, "ingress on {0}: transport={1} subscriptions={2}",
            context.interfaceName(), source.transport(), context.subscriptions());
        if (Arbitration.KERNEL == context.arbitration() && !context.arbitratedLines().isEmpty() &&
            !(source instanceof XdpPacketSource))
        {
            LOGGER.log(System.Logger.Level.INFO, "{0}=kernel needs transport xdp: arbitrating A/B in user space",
                IngressConfiguration.ARBITRATION_PROP_NAME);
        }
        return source;
    }

    private static PacketSource openAuto(final IngressContext context)
    {
        String reason = XdpSupport.unavailableReason(context.interfaceName());
        if (null == reason)
        {
            try
            {
                return new XdpPacketSource(context);
            }
            catch (final IngressException ex)
            {
                if (XdpSupport.isOwnedByAnotherHandler(ex))
                {
                    // its program redirects the groups away from the kernel: kernel UDP would receive nothing
                    throw ex;
                }
                reason = ex.getMessage();
            }
        }
        LOGGER.log(System.Logger.Level.WARNING, "transport=auto: AF_XDP not used ({0}); using kernel UDP", reason);
        return new UdpPacketSource(context);
    }
}
