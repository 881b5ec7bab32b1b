package io.xdpfeed.ingress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multicast group memberships held on ordinary sockets for as long as an AF_XDP source receives: AF_XDP does not
 * join groups, and without a membership a real NIC filters the group's MAC address and IGMP snooping switches stop
 * forwarding it. One socket per group (the kernel allows 20 memberships per socket by default), bound to the group
 * on an ephemeral port so that it never receives the feed itself.
 * <p>
 * Memberships may also change while the source runs ({@link #join(Subscription)}, {@link #leave(Subscription)}):
 * counted per group, so that two lines on one group (different ports) hold it until both are left. These calls and
 * {@link #close()} are for one thread at a time (the source serialises them); the receiving thread never calls them.
 */
public final class MulticastMembership implements AutoCloseable
{
    private final Map<Integer, DatagramChannel> channels = new HashMap<>();
    private final Map<Integer, Integer> users = new HashMap<>();
    private final String interfaceName;
    private final NetworkInterface networkInterface;

    /**
     * Join every distinct group of the subscriptions on an interface.
     *
     * @param interfaceName to join on.
     * @param subscriptions whose groups to join.
     * @throws IngressException when the interface is missing or a join fails.
     */
    public MulticastMembership(final String interfaceName, final List<Subscription> subscriptions)
    {
        this.interfaceName = interfaceName;
        this.networkInterface = networkInterface(interfaceName);
        warmUpClose();
        try
        {
            for (final Subscription subscription : subscriptions)
            {
                join(subscription);
            }
        }
        catch (final IngressException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Hold the group of a subscription (IGMP join on the first user of the group).
     *
     * @param subscription whose group to join.
     * @throws IngressException when the kernel refuses the join; nothing is held for it then.
     */
    public void join(final Subscription subscription)
    {
        final int group = subscription.groupAddress();
        final Integer count = users.get(group);
        if (null != count)
        {
            users.put(group, count + 1);
            return;
        }
        DatagramChannel channel = null;
        try
        {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(subscription.group(), 0));
            channel.join(subscription.group(), networkInterface);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new IngressException("cannot join " + Subscription.formatAddress(group) + " on " + interfaceName +
                ": " + ex.getMessage() + " (does the interface have an IPv4 address and the MULTICAST flag?)", ex);
        }
        channels.put(group, channel);
        users.put(group, 1);
    }

    /**
     * Release the group of a subscription (IGMP leave when its last user leaves).
     *
     * @param subscription whose group to release.
     * @return true when the group was held for it.
     */
    public boolean leave(final Subscription subscription)
    {
        final int group = subscription.groupAddress();
        final Integer count = users.get(group);
        if (null == count)
        {
            return false;
        }
        if (count > 1)
        {
            users.put(group, count - 1);
            return true;
        }
        users.remove(group);
        closeQuietly(channels.remove(group));
        return true;
    }

    /**
     * Whether a group is held.
     *
     * @param groupAddress read big-endian.
     * @return true when joined.
     */
    public boolean isJoined(final int groupAddress)
    {
        return channels.containsKey(groupAddress);
    }

    /**
     * Open and close a throwaway socket at set-up: the first close in a JVM loads the close path (about 20 ms
     * measured), which would otherwise delay the first line left at run time.
     */
    static void warmUpClose()
    {
        try
        {
            DatagramChannel.open(StandardProtocolFamily.INET).close();
        }
        catch (final IOException ignore)
        {
            // only a warm-up
        }
    }

    private static void closeQuietly(final DatagramChannel channel)
    {
        if (null != channel)
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
        for (final DatagramChannel channel : channels.values())
        {
            closeQuietly(channel);
        }
        channels.clear();
        users.clear();
    }
}
