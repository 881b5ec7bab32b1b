package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.ingress.Arbitration;
import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.Transport;
import io.xdpfeed.transport.PacketSources;
import io.xdpfeed.xdp.ArbitrationTable;

import java.util.List;

/**
 * The default {@link PacketSourceFactory}: the native module's live sources ({@link PacketSources}) for
 * {@code xdpfeed.transport} = {@code xdp} (AF_XDP), {@code udp} (kernel sockets) or {@code auto}, on
 * {@code xdpfeed.interface} and RX queue {@code xdpfeed.queue}, subscribed to the lines it is given.
 * <p>
 * With {@code xdpfeed.recovery.lines=on-demand} (the default) the handler gives only the incremental A/B lines: both
 * sources are {@link io.xdpfeed.ingress.SubscriptionControl}s, and the conductor joins the snapshot and definition
 * lines through a {@link SourceLineControl} while a channel needs them. With {@code always} it gives every line,
 * and the engine drops the recovery packets it does not use after one lookup. {@code xdpfeed.udp.checksum=false}
 * turns off the UDP checksum check of the AF_XDP source. The incremental lines are marked for A/B arbitration in the
 * XDP program with their channel's index ({@code xdpfeed.arbitration=kernel}, docs/arbitration.md); channels past
 * the program's 64 slot tables are arbitrated in user space.
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
            throw new ConfigurationException(Configuration.INTERFACE_PROP_NAME + " is not set: give the network " +
                "interface the feed arrives on (e.g. xfh0 in the lab)");
        }
        final IngressContext ingress = new IngressContext()
            .transport(Transport.parse(context.transport()))
            .interfaceName(context.interfaceName())
            .queues(context.queue())
            .udpChecksum(Configuration.udpChecksum())
            .arbitration(arbitration(context.protocol()));
        int beyondSlots = 0;
        for (final Line line : lines)
        {
            final Subscription subscription = new Subscription(line.groupAddress(), line.port());
            if (!ingress.subscriptions().contains(subscription))
            {
                ingress.subscribe(subscription);
            }
            if (line.isArbitrated() && line.channelIndex() < ArbitrationTable.CHANNELS)
            {
                ingress.arbitrate(subscription, line.channelIndex());
            }
            else if (line.isArbitrated())
            {
                beyondSlots++;
            }
        }
        if (beyondSlots > 0 && Arbitration.KERNEL == ingress.arbitration())
        {
            System.getLogger(TransportSources.class.getName()).log(System.Logger.Level.WARNING,
                "{0,number,#} incremental lines of channels past the first {1,number,#} are arbitrated in user space",
                beyondSlots, ArbitrationTable.CHANNELS);
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

    /**
     * The XDP program's in-kernel A/B arbitration reads MDP 3.0 framing (a 4-byte sequence number at the start of
     * the payload): another protocol is arbitrated in user space by the engine's sequencer, said in one line.
     */
    private static Arbitration arbitration(final String protocol)
    {
        final Arbitration configured = Configuration.arbitration();
        if (Arbitration.KERNEL == configured && !Protocols.MDP3.equals(protocol))
        {
            System.getLogger(TransportSources.class.getName()).log(System.Logger.Level.INFO,
                "{0}=kernel reads MDP 3.0 framing: protocol {1} is arbitrated in user space",
                Configuration.ARBITRATION_PROP_NAME, protocol);
            return Arbitration.USER;
        }
        return configured;
    }
}
