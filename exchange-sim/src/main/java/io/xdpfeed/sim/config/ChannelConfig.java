package io.xdpfeed.sim.config;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.net.Ipv4;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Identity and multicast addresses of the simulated channel.
 * <p>
 * Defaults are channel 1 with incremental A {@code 224.0.31.1:14310}, incremental B {@code 224.0.32.1:15310},
 * snapshot {@code 224.0.25.1:6310} and definitions {@code 224.0.26.1:7310}, sent from {@code 10.77.0.1}: the same
 * addresses {@code scripts/lab up} prepares. Addresses are ints in network order read big-endian
 * (224.0.31.1 is {@code 0xE0001F01}), as {@link io.xdpfeed.ingress.DatagramHandler} gives them.
 *
 * @param channelId     the MDP ApplID written in ChannelReset4 and MDInstrumentDefinitionFuture54, 1..32767.
 * @param label         of the channel in config.xml.
 * @param sourceAddress source IPv4 address of every datagram, network order read big-endian.
 * @param groups        multicast group of each line, network order read big-endian (copied, unmodifiable).
 * @param ports         destination UDP port of each line (copied, unmodifiable).
 */
public record ChannelConfig(
    int channelId,
    String label,
    int sourceAddress,
    Map<SimLine, Integer> groups,
    Map<SimLine, Integer> ports)
{
    /** Default channel id (MDP ApplID). */
    public static final int DEFAULT_CHANNEL_ID = 1;
    /** Default source address of every datagram: the exchange side of the lab. */
    public static final String DEFAULT_SOURCE_ADDRESS = "10.77.0.1";

    /**
     * Check the channel id and copy the maps.
     *
     * @throws ConfigurationException when the channel id is not in 1..32767.
     */
    public ChannelConfig
    {
        if (channelId < 1 || channelId > Short.MAX_VALUE)
        {
            throw new ConfigurationException("--channel " + channelId + " is not in 1..32767");
        }
        groups = Collections.unmodifiableMap(new EnumMap<>(groups));
        ports = Collections.unmodifiableMap(new EnumMap<>(ports));
    }

    /**
     * The default channel: id 1 on the lab addresses.
     *
     * @return the default channel.
     */
    public static ChannelConfig defaults()
    {
        return new ChannelConfig(
            DEFAULT_CHANNEL_ID,
            "xdpfeed simulated channel",
            parseAddress(DEFAULT_SOURCE_ADDRESS),
            Map.of(
                SimLine.INCREMENTAL_A, parseAddress("224.0.31.1"),
                SimLine.INCREMENTAL_B, parseAddress("224.0.32.1"),
                SimLine.SNAPSHOT_A, parseAddress("224.0.25.1"),
                SimLine.DEFINITION_A, parseAddress("224.0.26.1")),
            Map.of(
                SimLine.INCREMENTAL_A, 14310,
                SimLine.INCREMENTAL_B, 15310,
                SimLine.SNAPSHOT_A, 6310,
                SimLine.DEFINITION_A, 7310));
    }

    /**
     * A copy with another channel id.
     *
     * @param channelId MDP ApplID, 1..32767.
     * @return the new config.
     */
    public ChannelConfig withChannelId(final int channelId)
    {
        return new ChannelConfig(channelId, label, sourceAddress, groups, ports);
    }

    /**
     * A copy with another group and port for one line.
     *
     * @param line      to move.
     * @param groupPort {@code a.b.c.d:port} with a multicast group (224.0.0.0/4).
     * @return the new config.
     */
    public ChannelConfig withLine(final SimLine line, final String groupPort)
    {
        final int colon = groupPort.lastIndexOf(':');
        if (colon < 0)
        {
            throw new ConfigurationException(
                "line " + line + " address '" + groupPort + "' is not GROUP:PORT, e.g. 224.0.31.1:14310");
        }
        final int group = parseAddress(groupPort.substring(0, colon));
        if ((group >>> 28) != 0xE)
        {
            throw new ConfigurationException(
                "line " + line + " address '" + groupPort + "' is not a multicast group (224.0.0.0/4)");
        }
        final int port;
        try
        {
            port = Integer.parseInt(groupPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigurationException("line " + line + " port in '" + groupPort + "' is not a number");
        }
        if (port < 1 || port > 65535)
        {
            throw new ConfigurationException("line " + line + " port in '" + groupPort + "' is not in 1..65535");
        }
        final EnumMap<SimLine, Integer> newGroups = new EnumMap<>(groups);
        final EnumMap<SimLine, Integer> newPorts = new EnumMap<>(ports);
        newGroups.put(line, group);
        newPorts.put(line, port);
        return new ChannelConfig(channelId, label, sourceAddress, newGroups, newPorts);
    }

    /**
     * Multicast group of a line, network order read big-endian.
     *
     * @param line the line.
     * @return the group address.
     */
    public int groupAddress(final SimLine line)
    {
        return groups.get(line);
    }

    /**
     * Destination UDP port of a line.
     *
     * @param line the line.
     * @return the port.
     */
    public int port(final SimLine line)
    {
        return ports.get(line);
    }

    /**
     * The line a (group, port) belongs to.
     *
     * @param groupAddress network order read big-endian.
     * @param port         UDP destination port.
     * @return the line, or null when the pair is not one of this channel's.
     */
    public SimLine lineOf(final int groupAddress, final int port)
    {
        for (final SimLine line : SimLine.values())
        {
            if (groups.get(line) == groupAddress && ports.get(line) == port)
            {
                return line;
            }
        }
        return null;
    }

    /**
     * Dotted form of an address.
     *
     * @param address network order read big-endian.
     * @return e.g. {@code 224.0.31.1}.
     */
    public static String formatAddress(final int address)
    {
        return Ipv4.format(address);
    }

    /**
     * Parse a dotted IPv4 address.
     *
     * @param text e.g. {@code 224.0.31.1}.
     * @return the address in network order read big-endian.
     * @throws ConfigurationException when it is not a dotted-quad IPv4 address.
     */
    public static int parseAddress(final String text)
    {
        return Ipv4.configured(text);
    }
}
