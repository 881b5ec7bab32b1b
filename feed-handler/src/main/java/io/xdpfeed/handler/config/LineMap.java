package io.xdpfeed.handler.config;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.net.Ipv4;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Maps a datagram's (group, port) to its {@link Line}: channel, feed type and feed A/B.
 * <p>
 * {@link #lineId(int, int)} is the hot-path lookup: the last two lines it found compared first (a channel's A and B),
 * then an Agrona primitive map; O(1), no allocation. It remembers what it found, so it is for one thread: the
 * engine's receive thread (the config parser uses it before the map is handed over). Lines and channels have dense
 * indexes so that per-line and per-channel state lives in plain arrays.
 * <p>
 * A map built by {@link #unconfigured(int)} has no config: every (group, port) seen becomes its own line and its
 * own channel, with feed type {@link FeedType#UNCONFIGURED} and no arbitration. Such a line is created (allocating
 * once) the first time its (group, port) is looked up, up to a fixed number of lines; past that, lookups miss.
 */
public final class LineMap
{
    /** Returned by {@link #lineId(int, int)} when the (group, port) is not a line of this map. */
    public static final int NO_LINE = -1;

    /** No endpoint: a key is 48 bits (group and port), so it never equals this. */
    private static final long NO_KEY = -1L;

    private final Long2LongHashMap lineIdByEndpoint = new Long2LongHashMap(64, 0.5f, NO_LINE);
    private final boolean configured;
    private final int maxLines;
    private Line[] lines;
    private int lineCount;
    private final IntArrayList channelIds = new IntArrayList();
    // the last two endpoints found and their lines (a channel's A and B), so that a datagram's line is found without
    // the hash; lines are never removed, so an entry stays true
    private long recentKey0 = NO_KEY;
    private long recentKey1 = NO_KEY;
    private int recentLine0;
    private int recentLine1;
    private boolean replaceRecent1;

    private LineMap(final boolean configured, final int maxLines)
    {
        this.configured = configured;
        this.maxLines = maxLines;
        this.lines = new Line[Math.min(16, maxLines)];
    }

    /**
     * A map of the lines of a config, for {@link CmeConfigParser}.
     *
     * @return an empty configured map to add lines to with {@link #addLine}.
     */
    static LineMap configured()
    {
        return new LineMap(true, Integer.MAX_VALUE);
    }

    /**
     * A map for running without a config: every (group, port) is its own line and channel, no arbitration.
     *
     * @param maxLines the most distinct (group, port) to track; further ones are not lines.
     * @return an empty map that grows on lookup.
     */
    public static LineMap unconfigured(final int maxLines)
    {
        if (maxLines < 1)
        {
            throw new ConfigurationException("maxLines must be at least 1, was " + maxLines);
        }
        return new LineMap(false, maxLines);
    }

    /**
     * @return true when built from a config, false when every (group, port) is its own line.
     */
    public boolean isConfigured()
    {
        return configured;
    }

    /**
     * The line of a datagram. Never allocates on a configured map, nor on an unconfigured one once the
     * (group, port) has been seen.
     *
     * @param groupAddress destination IPv4 address as an int read big-endian.
     * @param port         destination UDP port.
     * @return the line id, or {@link #NO_LINE}.
     */
    public int lineId(final int groupAddress, final int port)
    {
        final long key = key(groupAddress, port);
        if (key == recentKey0)
        {
            return recentLine0;
        }
        if (key == recentKey1)
        {
            return recentLine1;
        }
        final int lineId = (int)lineIdByEndpoint.get(key);
        if (lineId != NO_LINE)
        {
            remember(key, lineId);
            return lineId;
        }
        if (configured)
        {
            return NO_LINE;
        }
        if (lineCount >= maxLines)
        {
            return NO_LINE;
        }
        final int newLineId = lineCount;
        return addLine(-1 - newLineId, FeedType.UNCONFIGURED, Feed.A, groupAddress, port,
            formatAddress(groupAddress) + ":" + port).lineId();
    }

    /**
     * @param lineId from {@link #lineId(int, int)}.
     * @return the line.
     */
    public Line line(final int lineId)
    {
        return lines[lineId];
    }

    /**
     * @param lineId from {@link #lineId(int, int)}.
     * @return the dense channel index of the line, for per-channel arrays.
     */
    public int channelIndex(final int lineId)
    {
        return lines[lineId].channelIndex();
    }

    /**
     * @return the number of lines so far.
     */
    public int lineCount()
    {
        return lineCount;
    }

    /**
     * @return the number of channels so far.
     */
    public int channelCount()
    {
        return channelIds.size();
    }

    /**
     * @param channelIndex dense index.
     * @return the CME channel id.
     */
    public int channelId(final int channelIndex)
    {
        return channelIds.getInt(channelIndex);
    }

    /**
     * @param channelId CME channel id.
     * @return its dense index, or -1 when the map has no such channel.
     */
    public int channelIndexOf(final int channelId)
    {
        return channelIds.indexOf(channelId);
    }

    /**
     * @return the lines, in line id order (a copy).
     */
    public List<Line> lines()
    {
        return Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(lines, lineCount)));
    }

    Line addLine(
        final int channelId,
        final FeedType feedType,
        final Feed feed,
        final int groupAddress,
        final int port,
        final String connectionId)
    {
        final long key = key(groupAddress, port);
        final int existing = (int)lineIdByEndpoint.get(key);
        if (existing != NO_LINE)
        {
            final Line line = lines[existing];
            throw new ConfigurationException(
                "connection " + connectionId + " uses " + formatAddress(groupAddress) + ":" + port +
                " already used by connection " + line.connectionId() + ": fix the config so each (ip, port) is " +
                "one connection");
        }
        int channelIndex = channelIds.indexOf(channelId);
        if (channelIndex < 0)
        {
            channelIndex = channelIds.size();
            channelIds.addInt(channelId);
        }
        if (lineCount == lines.length)
        {
            lines = Arrays.copyOf(lines, Math.min(maxLines, lines.length * 2));
        }
        final Line line = new Line(lineCount, channelIndex, channelId, feedType, feed, groupAddress, port,
            connectionId);
        lines[lineCount++] = line;
        lineIdByEndpoint.put(key, line.lineId());
        return line;
    }

    private void remember(final long key, final int lineId)
    {
        if (replaceRecent1)
        {
            recentKey1 = key;
            recentLine1 = lineId;
        }
        else
        {
            recentKey0 = key;
            recentLine0 = lineId;
        }
        replaceRecent1 = !replaceRecent1;
    }

    private static long key(final int groupAddress, final int port)
    {
        return ((groupAddress & 0xFFFF_FFFFL) << 16) | (port & 0xFFFF);
    }

    /**
     * @param address IPv4 address as an int read big-endian.
     * @return dotted quad.
     */
    public static String formatAddress(final int address)
    {
        return Ipv4.format(address);
    }

    /**
     * @param address IPv4 address as an int read big-endian.
     * @return true when it is a multicast group: 224.0.0.0/4.
     */
    public static boolean isMulticast(final int address)
    {
        return Ipv4.isMulticast(address);
    }

    /**
     * @param dottedQuad e.g. {@code 224.0.31.11}.
     * @return the address as an int read big-endian.
     * @throws ConfigurationException when it is not a dotted-quad IPv4 address.
     */
    public static int parseAddress(final String dottedQuad)
    {
        return Ipv4.configured(dottedQuad);
    }
}
