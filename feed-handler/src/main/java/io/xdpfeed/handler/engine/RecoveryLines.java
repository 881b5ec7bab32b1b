package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The recovery lines of the channels: which snapshot (S, SMBO) and definition (N) line each channel uses (the
 * configured copy, A or B, else the other one), and which of them it wants now, written by the receive thread when a
 * channel's recovery joins or leaves a line and read by the conductor, which joins and leaves them
 * ({@link FeedEngine#desiredFeeds(int)}). No allocation.
 */
final class RecoveryLines
{
    private final LineMap lineMap;
    private final Feed snapshotFeed;
    private final AtomicIntegerArray desiredFeeds;
    private final AtomicLongArray desiredSinceNs;

    /**
     * @param lineMap      the lines.
     * @param snapshotFeed which copy (A or B) of the snapshot and definition lines to use.
     * @param maxChannels  channels the wishes cover.
     */
    RecoveryLines(final LineMap lineMap, final Feed snapshotFeed, final int maxChannels)
    {
        this.lineMap = lineMap;
        this.snapshotFeed = snapshotFeed;
        this.desiredFeeds = new AtomicIntegerArray(maxChannels);
        this.desiredSinceNs = new AtomicLongArray(maxChannels);
    }

    static Feed feedOf(final Line line)
    {
        return line == null ? null : line.feed();
    }

    /**
     * @param channelIndex dense channel index.
     * @return the snapshot (S) line used for the channel: the configured feed, else the other one, else null.
     */
    Line snapshotLine(final int channelIndex)
    {
        return chosenLine(channelIndex, FeedType.SNAPSHOT);
    }

    /**
     * @param channelIndex dense channel index.
     * @param mbo          true when the channel is subscribed and keeps MBO books.
     * @return the market-by-order snapshot (SMBO) line used with the snapshot line, on the same feed, when the channel
     * keeps MBO books and its config has one; else null (the 53s then come on the S line, or not at all).
     */
    Line snapshotMboLine(final int channelIndex, final boolean mbo)
    {
        final Line snapshotLine = snapshotLine(channelIndex);
        if (!mbo || snapshotLine == null)
        {
            return null;
        }
        for (int lineId = 0; lineId < lineMap.lineCount(); lineId++)
        {
            final Line line = lineMap.line(lineId);
            if (line.channelIndex() == channelIndex && line.feedType() == FeedType.SNAPSHOT_MBO &&
                line.feed() == snapshotLine.feed())
            {
                return line;
            }
        }
        return null;
    }

    /**
     * @param channelIndex dense channel index.
     * @return the definition (N) line used for the channel, or null.
     */
    Line definitionLine(final int channelIndex)
    {
        return chosenLine(channelIndex, FeedType.INSTRUMENT_REPLAY);
    }

    private Line chosenLine(final int channelIndex, final FeedType feedType)
    {
        Line other = null;
        for (int lineId = 0; lineId < lineMap.lineCount(); lineId++)
        {
            final Line line = lineMap.line(lineId);
            if (line.channelIndex() == channelIndex && line.feedType() == feedType)
            {
                if (line.feed() == snapshotFeed)
                {
                    return line;
                }
                other = line;
            }
        }
        return other;
    }

    /**
     * A channel's recovery joins or leaves a line; receive thread.
     *
     * @param channelIndex  dense channel index.
     * @param bit           {@link FeedEngine#SNAPSHOT_FEED} or {@link FeedEngine#DEFINITION_FEED}.
     * @param set           true to want the line.
     * @param receiveTimeNs receive time of the datagram being processed (source clock).
     */
    void want(final int channelIndex, final int bit, final boolean set, final long receiveTimeNs)
    {
        final int current = desiredFeeds.get(channelIndex);
        desiredSinceNs.lazySet(channelIndex, receiveTimeNs);
        desiredFeeds.lazySet(channelIndex, set ? current | bit : current & ~bit);
    }

    /**
     * When the desired feeds of a channel last changed: the receive time of the datagram being processed then
     * (source clock), so that the conductor can tell how long a join or leave waited for it.
     *
     * @param channelIndex dense channel index.
     * @return receive time, source clock; 0 before the first datagram.
     */
    long desiredSinceNs(final int channelIndex)
    {
        return channelIndex < desiredSinceNs.length() ? desiredSinceNs.get(channelIndex) : 0;
    }

    /**
     * The recovery lines a channel wants now; readable from any thread (the conductor).
     *
     * @param channelIndex dense channel index.
     * @return bits {@link #SNAPSHOT_FEED} and {@link #DEFINITION_FEED}.
     */
    int desiredFeeds(final int channelIndex)
    {
        return channelIndex < desiredFeeds.length() ? desiredFeeds.get(channelIndex) : 0;
    }
}
