package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntPredicate;

/**
 * The receive thread's side of line silence: a datagram count per incremental line, and the silent lines the
 * conductor found, applied to the channels at the receive thread's timers.
 * <pre>
 *   receive thread   count(line) per incremental datagram: a plain add and an opaque store (no fence, no clock)
 *   conductor        datagrams(channel, feed) over time with its own clock -> silentLines(channel, mask), publish()
 *   receive thread   apply(...) at its timers when the conductor published: ChannelStatus SILENT, or STALE when
 *                    every incremental line of the channel is silent
 * </pre>
 * A line that counted a datagram after the conductor's judgement (the channel already heard it speak) is not told
 * silent: the judgement is stale for it, and telling it would flap the channel SILENT and back to LIVE at the
 * conductor's next check.
 * The counts need no ordering with anything else (the conductor only asks whether one changed), so an opaque store
 * is enough: it cannot be torn or left in a register, and it does not hold back the stores and loads around it as an
 * ordered (release) store would. No allocation.
 */
final class LineSilence
{
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int[] incrementalLines;
    private final long[] counts;
    private final AtomicIntegerArray silentLines;
    private final AtomicLongArray judgedCounts;
    private final AtomicInteger version = new AtomicInteger();
    private final int[] appliedSilentLines;
    private int appliedVersion;

    /**
     * @param lineMap    the incremental lines (A or B) of each channel.
     * @param channels   channels the counts cover (dense indexes 0..channels-1).
     * @param subscribed whether the engine handles a channel (by dense index).
     */
    LineSilence(final LineMap lineMap, final int channels, final IntPredicate subscribed)
    {
        incrementalLines = new int[channels];
        counts = new long[channels * 2];
        silentLines = new AtomicIntegerArray(channels);
        judgedCounts = new AtomicLongArray(channels * 2);
        appliedSilentLines = new int[channels];
        for (int lineId = 0; lineId < lineMap.lineCount(); lineId++)
        {
            final Line line = lineMap.line(lineId);
            final int channelIndex = line.channelIndex();
            if (line.feedType() == FeedType.INCREMENTAL && line.feed() != null && channelIndex < channels &&
                subscribed.test(channelIndex))
            {
                incrementalLines[channelIndex] |= ChannelState.lineBit(line.feed().ordinal());
            }
        }
    }

    /**
     * An incremental datagram arrived; receive thread.
     *
     * @param line it came on.
     */
    void count(final Line line)
    {
        final int index = line.channelIndex() * 2 + (line.feed() == Feed.B ? 1 : 0);
        final long[] counts = this.counts;
        if (index < counts.length)
        {
            COUNTS.setOpaque(counts, index, counts[index] + 1);
        }
    }

    /**
     * Apply what the conductor published since the last call; receive thread.
     *
     * @param engine whose channels are told.
     * @param nowNs  source clock.
     * @return channels told.
     */
    int apply(final FeedEngine engine, final long nowNs)
    {
        final int published = version.get();
        if (published == appliedVersion)
        {
            return 0;
        }
        appliedVersion = published;
        int work = 0;
        for (int channelIndex = 0; channelIndex < appliedSilentLines.length; channelIndex++)
        {
            final int mask = silentLines.get(channelIndex);
            if (mask != appliedSilentLines[channelIndex])
            {
                appliedSilentLines[channelIndex] = mask;
                final ChannelState channel = engine.channel(channelIndex);
                if (channel != null)
                {
                    channel.onLineSilence(mask & ~spokeSinceJudged(channelIndex), incrementalLines[channelIndex],
                        nowNs);
                    work++;
                }
            }
        }
        return work;
    }

    private int spokeSinceJudged(final int channelIndex)
    {
        int spoke = 0;
        for (int feed = 0; feed < 2; feed++)
        {
            final int index = channelIndex * 2 + feed;
            if (index < counts.length && counts[index] != judgedCounts.get(index))
            {
                spoke |= ChannelState.lineBit(feed);
            }
        }
        return spoke;
    }

    /**
     * @param channelIndex dense channel index.
     * @return bits of the channel's incremental lines: 1 feed A, 2 feed B.
     */
    int incrementalLines(final int channelIndex)
    {
        return channelIndex < incrementalLines.length ? incrementalLines[channelIndex] : 0;
    }

    /**
     * @param channelIndex dense channel index.
     * @param feedOrdinal  0 feed A, 1 feed B.
     * @return datagrams counted on the line so far; any thread.
     */
    long datagrams(final int channelIndex, final int feedOrdinal)
    {
        final int index = channelIndex * 2 + feedOrdinal;
        return index < counts.length ? (long)COUNTS.getOpaque(counts, index) : 0;
    }

    /**
     * @param channelIndex dense channel index.
     * @param mask         bits of the silent lines; conductor thread.
     * @param datagramsA   line A's count the judgement saw.
     * @param datagramsB   line B's count the judgement saw.
     */
    void silentLines(final int channelIndex, final int mask, final long datagramsA, final long datagramsB)
    {
        if (channelIndex < appliedSilentLines.length)
        {
            judgedCounts.lazySet(channelIndex * 2, datagramsA);
            judgedCounts.lazySet(channelIndex * 2 + 1, datagramsB);
            silentLines.lazySet(channelIndex, mask);
        }
    }

    /**
     * Hand the masks written since the last call to the receive thread; conductor thread.
     */
    void publish()
    {
        version.lazySet(version.get() + 1);
    }
}
