package io.xdpfeed.ingress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Multicast group memberships held on ordinary sockets for as long as an AF_XDP source receives: AF_XDP does not
 * join groups, and without a membership a real NIC filters the group's MAC address and IGMP snooping switches stop
 * forwarding it. One socket per group (the kernel allows 20 memberships per socket by default), bound to the group
 * on an ephemeral port so that it never receives the feed itself.
 */
public final class MulticastMembership implements AutoCloseable
{
    private final List<DatagramChannel> channels = new ArrayList<>();

    /**
     * Join every distinct group of the subscriptions on an interface.
     *
     * @param interfaceName to join on.
     * @param subscriptions whose groups to join.
     * @throws IngressException when the interface is missing or a join fails.
     */
    public MulticastMembership(final String interfaceName, final List<Subscription> subscriptions)
    {
        final NetworkInterface networkInterface = networkInterface(interfaceName);
        final Set<Integer> groups = new LinkedHashSet<>();
        for (final Subscription subscription : subscriptions)
        {
            if (groups.add(subscription.groupAddress()))
            {
                try
                {
                    final DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                    channels.add(channel);
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    channel.bind(new InetSocketAddress(subscription.group(), 0));
                    channel.join(subscription.group(), networkInterface);
                }
                catch (final IOException ex)
                {
                    close();
                    throw new IngressException("cannot join " +
                        Subscription.formatAddress(subscription.groupAddress()) +
                        " on " + interfaceName + ": " + ex.getMessage() + " (does the interface have an IPv4 address " +
                        "and the MULTICAST flag?)", ex);
                }
            }
        }
    }

    /**
     * The Java view of an interface, failing with a clear message.
     *
     * @param interfaceName e.g. {@code eth1}.
     * @return the interface.
     */
    static NetworkInterface networkInterface(final String interfaceName)
    {
        try
        {
            final NetworkInterface networkInterface = NetworkInterface.getByName(interfaceName);
            if (null == networkInterface)
            {
                throw new IngressException("no interface " + interfaceName + " in this network namespace: " +
                    "check the name with 'ip link'");
            }
            return networkInterface;
        }
        catch (final SocketException ex)
        {
            throw new IngressException("cannot look up interface " + interfaceName + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Groups joined.
     *
     * @return the number of memberships held.
     */
    public int size()
    {
        return channels.size();
    }

    /**
     * Leave every group. Idempotent.
     */
    @Override
    public void close()
    {
        for (final DatagramChannel channel : channels)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // leaving a group cannot usefully fail
            }
        }
        channels.clear();
    }
}
