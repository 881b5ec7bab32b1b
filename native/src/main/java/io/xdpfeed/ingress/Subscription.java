package io.xdpfeed.ingress;

import io.xdpfeed.common.net.Ipv4;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A multicast (group, port) to receive, e.g. an incremental feed's line A.
 *
 * @param groupAddress IPv4 multicast group as an int read big-endian (224.0.31.1 is 0xE0001F01), as a
 *                     {@link DatagramHandler} receives it.
 * @param port         UDP destination port, 1..65535.
 */
public record Subscription(int groupAddress, int port)
{
    /**
     * Validate the group and port.
     *
     * @param groupAddress IPv4 multicast group as an int read big-endian.
     * @param port         UDP destination port.
     */
    public Subscription
    {
        if ((groupAddress >>> 28) != 0xE)
        {
            throw new IngressException("not an IPv4 multicast group: " + formatAddress(groupAddress) +
                " (use 224.0.0.0 to 239.255.255.255)");
        }
        if (port < 1 || port > 65535)
        {
            throw new IngressException("UDP port out of range: " + port + " (use 1..65535)");
        }
    }

    /**
     * Parse a dotted-quad group.
     *
     * @param group e.g. {@code 224.0.31.1}.
     * @param port  e.g. 14310.
     * @return the subscription.
     */
    public static Subscription of(final String group, final int port)
    {
        return new Subscription(parseAddress(group), port);
    }

    /**
     * Parse {@code group:port}.
     *
     * @param groupAndPort e.g. {@code 224.0.31.1:14310}.
     * @return the subscription.
     */
    public static Subscription parse(final String groupAndPort)
    {
        final int colon = groupAndPort.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IngressException("subscription must be group:port, e.g. 224.0.31.1:14310, not " + groupAndPort);
        }
        try
        {
            return of(groupAndPort.substring(0, colon), Integer.parseInt(groupAndPort.substring(colon + 1)));
        }
        catch (final NumberFormatException ex)
        {
            throw new IngressException("subscription port is not a number: " + groupAndPort);
        }
    }

    /**
     * The group as a Java address.
     *
     * @return the group.
     */
    public Inet4Address group()
    {
        try
        {
            final byte[] octets = {
                (byte)(groupAddress >>> 24), (byte)(groupAddress >>> 16), (byte)(groupAddress >>> 8),
                (byte)groupAddress };

            return (Inet4Address)InetAddress.getByAddress(octets);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Dotted-quad form of an address int.
     *
     * @param address read big-endian.
     * @return e.g. {@code 224.0.31.1}.
     */
    public static String formatAddress(final int address)
    {
        return Ipv4.format(address);
    }

    /**
     * Parse a dotted-quad IPv4 address without a name lookup.
     *
     * @param address e.g. {@code 224.0.31.1}.
     * @return the address read big-endian.
     */
    public static int parseAddress(final String address)
    {
        final long value = Ipv4.parse(address);
        if (value == Ipv4.INVALID)
        {
            throw new IngressException("not a dotted-quad IPv4 address: " + address);
        }
        return (int)value;
    }

    /**
     * {@code group:port}.
     *
     * @return e.g. {@code 224.0.31.1:14310}.
     */
    @Override
    public String toString()
    {
        return formatAddress(groupAddress) + ":" + port;
    }
}
