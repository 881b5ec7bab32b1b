package io.xdpfeed.handler.config;

import io.xdpfeed.common.config.ConfigurationException;

import java.util.Map;
import java.util.TreeMap;

/**
 * A channel/line map given as properties rather than CME's config.xml (the Nasdaq ITCH feed): per line kind one
 * value listing every channel's endpoint, {@code CHANNEL@ADDRESS:PORT}, comma separated.
 * <pre>
 *   xdpfeed.itch.lines.a=1@239.77.18.1:26400,2@239.77.18.3:26402     incremental line A of channels 1 and 2
 *   xdpfeed.itch.lines.b=1@239.77.18.2:26401,2@239.77.18.4:26403     incremental line B
 *   xdpfeed.itch.retransmission=1@10.77.18.1:26410                   MoldUDP64 re-request server (unicast UDP)
 *   xdpfeed.itch.snapshot=1@10.77.18.1:26420                         Glimpse snapshot server (SoupBinTCP)
 * </pre>
 * Lines A and B are multicast groups, each (group, port) one line; a channel has a line A, and line B is optional
 * (no A/B arbitration without it). The retransmission and snapshot servers are read and checked (an address and a
 * port, a channel that has lines) for the ITCH protocol's recovery (re-requests, snapshots; docs/itch.md).
 * A bad value throws a {@link ConfigurationException} naming the key and the value.
 */
public final class PropertiesLineMap
{
    /** ITCH: line A of every channel, {@code CHANNEL@GROUP:PORT}, comma separated. */
    public static final String ITCH_LINES_A_PROP_NAME = "xdpfeed.itch.lines.a";
    /** ITCH: line B of every channel, {@code CHANNEL@GROUP:PORT}, comma separated (optional). */
    public static final String ITCH_LINES_B_PROP_NAME = "xdpfeed.itch.lines.b";
    /** ITCH: MoldUDP64 re-request server of every channel, {@code CHANNEL@ADDRESS:PORT}. */
    public static final String ITCH_RETRANSMISSION_PROP_NAME = "xdpfeed.itch.retransmission";
    /** ITCH: GLIMPSE snapshot server of every channel, {@code CHANNEL@ADDRESS:PORT}. */
    public static final String ITCH_SNAPSHOT_PROP_NAME = "xdpfeed.itch.snapshot";
    /** ITCH: re-requests outstanding at once per channel, 1..64 (default 8). */
    public static final String ITCH_RETRANSMISSION_REQUESTS_PROP_NAME = "xdpfeed.itch.retransmission.requests";
    /** ITCH: messages asked for in one re-request, 1..65534 (default 256). */
    public static final String ITCH_RETRANSMISSION_MESSAGES_PROP_NAME = "xdpfeed.itch.retransmission.messages";
    /** ITCH: wait for a re-request's answer before it is sent again, 1ms..60s (default 100ms). */
    public static final String ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME = "xdpfeed.itch.retransmission.timeout";
    /** ITCH: sends of one re-request before it is given up for the snapshot, 1..100 (default 3). */
    public static final String ITCH_RETRANSMISSION_ATTEMPTS_PROP_NAME = "xdpfeed.itch.retransmission.attempts";
    /** ITCH: the SoupBinTCP username of the GLIMPSE login (up to 6 letters or digits; blank when not set). */
    public static final String ITCH_SNAPSHOT_USERNAME_PROP_NAME = "xdpfeed.itch.snapshot.username";
    /** ITCH: the SoupBinTCP password of the GLIMPSE login (up to 10 letters or digits; blank when not set). */
    public static final String ITCH_SNAPSHOT_PASSWORD_PROP_NAME = "xdpfeed.itch.snapshot.password";
    /** ITCH: most orders live at once per channel, 1..16777216 (default 65536; the order store, sized at start-up). */
    public static final String ITCH_MAX_ORDERS_PROP_NAME = "xdpfeed.itch.max.orders";
    /** ITCH: most instruments (stock locates) with a book per channel, 1..65536 (default 1024), sized at start-up. */
    public static final String ITCH_MAX_INSTRUMENTS_PROP_NAME = "xdpfeed.itch.max.instruments";

    /**
     * What the properties give.
     *
     * @param lineMap        the incremental lines A and B of every channel.
     * @param retransmission channel id -> re-request server {@code address:port}.
     * @param snapshot       channel id -> snapshot server {@code address:port}.
     */
    public record Result(LineMap lineMap, Map<Integer, String> retransmission, Map<Integer, String> snapshot)
    {
    }

    private PropertiesLineMap()
    {
    }

    /**
     * The ITCH keys of a configuration ({@link #ITCH_LINES_A_PROP_NAME} and the others).
     *
     * @param properties e.g. the system properties, or a properties file.
     * @return the line map and the servers.
     * @throws ConfigurationException naming the key and the value when one is bad.
     */
    public static Result itch(final java.util.Properties properties)
    {
        return parse(
            ITCH_LINES_A_PROP_NAME, properties.getProperty(ITCH_LINES_A_PROP_NAME),
            ITCH_LINES_B_PROP_NAME, properties.getProperty(ITCH_LINES_B_PROP_NAME),
            ITCH_RETRANSMISSION_PROP_NAME, properties.getProperty(ITCH_RETRANSMISSION_PROP_NAME),
            ITCH_SNAPSHOT_PROP_NAME, properties.getProperty(ITCH_SNAPSHOT_PROP_NAME));
    }

    /**
     * @param linesAKey         name of the line A key, for messages.
     * @param linesA            its value (required).
     * @param linesBKey         name of the line B key.
     * @param linesB            its value, or null/empty for none.
     * @param retransmissionKey name of the retransmission key.
     * @param retransmission    its value, or null/empty.
     * @param snapshotKey       name of the snapshot key.
     * @param snapshot          its value, or null/empty.
     * @return the line map and the servers.
     * @throws ConfigurationException naming the key and the value when one is bad.
     */
    public static Result parse(
        final String linesAKey,
        final String linesA,
        final String linesBKey,
        final String linesB,
        final String retransmissionKey,
        final String retransmission,
        final String snapshotKey,
        final String snapshot)
    {
        if (linesA == null || linesA.isBlank())
        {
            throw new ConfigurationException(linesAKey + " is not set: give CHANNEL@GROUP:PORT for every channel's " +
                "line A, comma separated");
        }
        final LineMap lineMap = LineMap.configured();
        final Map<Integer, String> a = endpoints(linesAKey, linesA, true);
        final Map<Integer, String> b = endpoints(linesBKey, linesB, true);
        for (final int channelId : b.keySet())
        {
            if (!a.containsKey(channelId))
            {
                throw new ConfigurationException(linesBKey + "=" + linesB + ": channel " + channelId +
                    " has no line A in " + linesAKey);
            }
        }
        for (final Map.Entry<Integer, String> entry : a.entrySet())
        {
            addLine(lineMap, linesAKey, linesA, entry.getKey(), Feed.A, entry.getValue());
            final String lineB = b.get(entry.getKey());
            if (lineB != null)
            {
                addLine(lineMap, linesBKey, linesB, entry.getKey(), Feed.B, lineB);
            }
        }
        final Map<Integer, String> retransmissionServers = endpoints(retransmissionKey, retransmission, false);
        final Map<Integer, String> snapshotServers = endpoints(snapshotKey, snapshot, false);
        for (final int channelId : retransmissionServers.keySet())
        {
            requireChannel(retransmissionKey, retransmission, a, channelId);
        }
        for (final int channelId : snapshotServers.keySet())
        {
            requireChannel(snapshotKey, snapshot, a, channelId);
        }
        return new Result(lineMap, retransmissionServers, snapshotServers);
    }

    private static void requireChannel(
        final String key, final String value, final Map<Integer, String> lines, final int channelId)
    {
        if (!lines.containsKey(channelId))
        {
            throw new ConfigurationException(key + "=" + value + ": channel " + channelId + " has no lines");
        }
    }

    private static void addLine(
        final LineMap lineMap, final String key, final String value, final int channelId, final Feed feed,
        final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        final int group = LineMap.parseAddress(endpoint.substring(0, colon));
        final int port = Integer.parseInt(endpoint.substring(colon + 1));
        try
        {
            lineMap.addLine(channelId, FeedType.INCREMENTAL, feed, group, port, channelId + "I" + feed.name());
        }
        catch (final ConfigurationException ex)
        {
            throw new ConfigurationException(key + "=" + value + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return channel id -> {@code address:port}, in channel order; empty for an empty value.
     */
    private static Map<Integer, String> endpoints(final String key, final String value, final boolean multicast)
    {
        final Map<Integer, String> endpoints = new TreeMap<>();
        if (value == null || value.isBlank())
        {
            return endpoints;
        }
        for (final String item : value.split(","))
        {
            final String entry = item.trim();
            final int at = entry.indexOf('@');
            final int colon = entry.lastIndexOf(':');
            if (at <= 0 || colon < at)
            {
                throw bad(key, value, "'" + entry + "' is not CHANNEL@ADDRESS:PORT");
            }
            final int channelId;
            final int port;
            try
            {
                channelId = Integer.parseInt(entry.substring(0, at));
                port = Integer.parseInt(entry.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw bad(key, value, "'" + entry + "' is not CHANNEL@ADDRESS:PORT");
            }
            if (channelId < 0 || port < 1 || port > 65_535)
            {
                throw bad(key, value, "'" + entry + "': channel >= 0 and port 1..65535");
            }
            final String address = entry.substring(at + 1, colon);
            final int parsed;
            try
            {
                parsed = LineMap.parseAddress(address);
            }
            catch (final ConfigurationException ex)
            {
                throw bad(key, value, ex.getMessage());
            }
            if (multicast != LineMap.isMulticast(parsed))
            {
                throw bad(key, value, address + (multicast ? " is not a multicast group" :
                    " is a multicast group, the server is a unicast address"));
            }
            if (endpoints.put(channelId, address + ":" + port) != null)
            {
                throw bad(key, value, "channel " + channelId + " given twice");
            }
        }
        return endpoints;
    }

    private static ConfigurationException bad(final String key, final String value, final String why)
    {
        return new ConfigurationException(key + "=" + value + ": " + why);
    }
}
