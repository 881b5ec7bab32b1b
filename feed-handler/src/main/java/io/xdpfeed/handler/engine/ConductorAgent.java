package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.stats.HandlerCounter;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * Work off the critical path: joins and leaves the recovery lines the channels ask for (snapshot while recovering,
 * definitions until a whole loop was seen) through a {@link LineControl}. Reads the engine's desired feeds, which
 * the receive thread publishes with ordered writes; never touches the books.
 * <p>
 * A join that fails stays wanted and is tried again after {@link #RETRY_INTERVAL_NS}; joins, leaves and failed
 * joins go to the handler's counters when given (none with {@link LineControl#NONE}: nothing is joined or left).
 * <p>
 * Also judges the incremental lines ({@link #lineSilenceNs(long)}): every {@link #SILENCE_CHECK_INTERVAL_NS} it
 * compares each line's datagram count with the last one it saw; a line whose count has not moved for the silence
 * time, on this agent's clock, is silent, and so is every line while the interface's link is down
 * ({@link #linkState(LinkState)}, read every {@link #LINK_CHECK_INTERVAL_NS}). Changes go to the engine, which the
 * receive thread applies (ChannelStatus SILENT, or STALE when every line of a channel is silent). Counting on the
 * receive side means no clock read there, and the judgement does not depend on which clock stamped the frames.
 * <p>
 * And, every {@link #TOTALS_INTERVAL_NS}, sums the channels' counters into the handler-wide totals
 * ({@link HandlerCounters#sumChannels()}): the receive thread only ever writes its own per-channel counters.
 */
public final class ConductorAgent implements Agent
{
    /** Wait before trying a failed join again. */
    public static final long RETRY_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** How often the incremental lines are judged when line silence is on. */
    public static final long SILENCE_CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often the interface's link state is read. */
    public static final long LINK_CHECK_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** How often the handler-wide totals of the per-channel counters are summed. */
    public static final long TOTALS_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FeedEngine engine;
    private final LineControl lineControl;
    private final NanoClock clock;
    private final HandlerCounters counters;
    private final boolean counting;
    private final int[] applied;
    private final long[] retryAtNs;
    private long joins;
    private long leaves;
    private long maxLagNs;
    private long lineSilenceNs;
    private LinkState linkState;
    private final long[] seenDatagrams;
    private final long[] changedAtNs;
    private final int[] silentMasks;
    private boolean linesSeen;
    private boolean linkDown;
    private long nextSilenceCheckNs;
    private long nextLinkCheckNs;
    private long lineSilences;
    private int silentLines;
    private long linkDowns;
    private long nextTotalsNs;

    /**
     * @param engine      whose channels ask for lines.
     * @param lineControl joins and leaves them.
     */
    public ConductorAgent(final FeedEngine engine, final LineControl lineControl)
    {
        this(engine, lineControl, SystemNanoClock.INSTANCE, null);
    }

    /**
     * @param engine      whose channels ask for lines.
     * @param lineControl joins and leaves them.
     * @param clock       for retries of failed joins.
     * @param counters    where joins, leaves and failed joins are shown, and the totals summed, or null.
     */
    public ConductorAgent(
        final FeedEngine engine, final LineControl lineControl, final NanoClock clock, final HandlerCounters counters)
    {
        this.engine = engine;
        this.lineControl = lineControl;
        this.clock = clock;
        this.counters = counters;
        this.counting = lineControl != LineControl.NONE;
        this.applied = new int[engine.channelCount()];
        this.retryAtNs = new long[engine.channelCount()];
        this.seenDatagrams = new long[engine.channelCount() * 2];
        this.changedAtNs = new long[engine.channelCount() * 2];
        this.silentMasks = new int[engine.channelCount()];
    }

    /**
     * Judge the incremental lines: one that delivers nothing for this long is silent. Choose it above the
     * exchange's heartbeat interval on idle channels (CME: 30 s), or every quiet channel is reported.
     *
     * @param silenceNs the silence time, 0 for off (the default; captures are replayed without it).
     * @return this.
     */
    public ConductorAgent lineSilenceNs(final long silenceNs)
    {
        this.lineSilenceNs = Math.max(0, silenceNs);
        return this;
    }

    /**
     * Read the link state of the interface the lines arrive on: while it is down every line is silent.
     *
     * @param linkState of the interface, or null for none.
     * @return this.
     */
    public ConductorAgent linkState(final LinkState linkState)
    {
        this.linkState = linkState;
        return this;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int work = 0;
        long nowNs = 0;
        for (int channelIndex = 0; channelIndex < applied.length; channelIndex++)
        {
            final int desired = engine.desiredFeeds(channelIndex);
            final int current = applied[channelIndex];
            if (desired != current)
            {
                if (retryAtNs[channelIndex] != 0)
                {
                    nowNs = nowNs == 0 ? clock.nanoTime() : nowNs;
                    if (nowNs - retryAtNs[channelIndex] < 0)
                    {
                        continue;
                    }
                    retryAtNs[channelIndex] = 0;
                }
                final long sinceNs = engine.desiredSinceNs(channelIndex);
                if (counting && sinceNs != 0)
                {
                    maxLagNs = Math.max(maxLagNs, clock.nanoTime() - sinceNs);
                }
                int now = apply(current, desired, FeedEngine.SNAPSHOT_FEED,
                    engine.snapshotLine(channelIndex), engine.snapshotMboLine(channelIndex));
                now = apply(now, desired, FeedEngine.DEFINITION_FEED, engine.definitionLine(channelIndex), null);
                applied[channelIndex] = now;
                if (now != desired)
                {
                    retryAtNs[channelIndex] = clock.nanoTime() + RETRY_INTERVAL_NS;
                }
                work++;
            }
        }
        if (lineSilenceNs > 0 || linkState != null)
        {
            work += checkLines(clock.nanoTime());
        }
        work += lineControl.doWork();
        if (counters != null)
        {
            work += sumTotals();
        }
        if (work > 0 && counters != null)
        {
            counters.counter(HandlerCounter.LINE_JOINS).setRelease(joins);
            counters.counter(HandlerCounter.LINE_LEAVES).setRelease(leaves);
            counters.counter(HandlerCounter.LINE_JOIN_FAILURES).setRelease(lineControl.joinFailures());
            counters.counter(HandlerCounter.LINE_CHANGE_LAG_MAX_US).setRelease(maxLagNs / 1000);
        }
        return work;
    }

    private int sumTotals()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - nextTotalsNs < 0)
        {
            return 0;
        }
        nextTotalsNs = nowNs + TOTALS_INTERVAL_NS;
        counters.sumChannels();
        return 1;
    }

    private int checkLines(final long nowNs)
    {
        boolean force = false;
        if (linkState != null && nowNs - nextLinkCheckNs >= 0)
        {
            nextLinkCheckNs = nowNs + LINK_CHECK_INTERVAL_NS;
            final boolean down = linkState.isDown();
            if (down != linkDown)
            {
                linkDown = down;
                linkDowns += down ? 1 : 0;
                force = true;
            }
        }
        if (!force && linesSeen && nowNs - nextSilenceCheckNs < 0)
        {
            return 0;
        }
        nextSilenceCheckNs = nowNs + SILENCE_CHECK_INTERVAL_NS;
        boolean changed = false;
        int silentNow = 0;
        for (int channelIndex = 0; channelIndex < silentMasks.length; channelIndex++)
        {
            final int lines = engine.incrementalLines(channelIndex);
            if (lines == 0)
            {
                continue;
            }
            int mask = 0;
            for (int feed = 0; feed < 2; feed++)
            {
                final int bit = 1 << feed;
                if ((lines & bit) == 0)
                {
                    continue;
                }
                final int index = channelIndex * 2 + feed;
                final long datagrams = engine.incrementalDatagrams(channelIndex, feed);
                if (!linesSeen || datagrams != seenDatagrams[index])
                {
                    seenDatagrams[index] = datagrams;
                    changedAtNs[index] = nowNs;
                }
                if (linkDown || lineSilenceNs > 0 && nowNs - changedAtNs[index] >= lineSilenceNs)
                {
                    mask |= bit;
                }
            }
            final int before = silentMasks[channelIndex];
            if (mask != before)
            {
                lineSilences += Integer.bitCount(mask & ~before);
                silentMasks[channelIndex] = mask;
                engine.silentLines(
                    channelIndex, mask, seenDatagrams[channelIndex * 2], seenDatagrams[channelIndex * 2 + 1]);
                changed = true;
            }
            silentNow += Integer.bitCount(mask);
        }
        linesSeen = true;
        silentLines = silentNow;
        if (changed)
        {
            engine.publishSilence();
        }
        if ((changed || force) && counters != null)
        {
            counters.counter(HandlerCounter.LINE_SILENCES).setRelease(lineSilences);
            counters.counter(HandlerCounter.SILENT_LINES).setRelease(silentLines);
            counters.counter(HandlerCounter.LINK_DOWN).setRelease(linkDown ? 1 : 0);
        }
        return changed ? 1 : 0;
    }

    /**
     * @return times an incremental line went silent (for the silence time, or with the link down).
     */
    public long lineSilences()
    {
        return lineSilences;
    }

    /**
     * @return incremental lines silent now.
     */
    public int silentLines()
    {
        return silentLines;
    }

    /**
     * @return true while the interface's link was down at the last read.
     */
    public boolean isLinkDown()
    {
        return linkDown;
    }

    /**
     * @return times the link was seen going down.
     */
    public long linkDowns()
    {
        return linkDowns;
    }

    /**
     * @return {@code current} with {@code bit} as wanted when the join or leave of both lines was done (a line that
     * does not exist counts as done; a failed join leaves nothing half joined).
     */
    private int apply(final int current, final int desired, final int bit, final Line line, final Line companion)
    {
        if ((current & bit) == (desired & bit))
        {
            return current;
        }
        if ((desired & bit) != 0)
        {
            if (!join(line))
            {
                return current;
            }
            if (!join(companion))
            {
                leave(line);
                return current;
            }
            return current | bit;
        }
        leave(line);
        leave(companion);
        return current & ~bit;
    }

    private boolean join(final Line line)
    {
        if (line == null)
        {
            return true;
        }
        if (!lineControl.join(line))
        {
            return false;
        }
        joins += counting ? 1 : 0;
        return true;
    }

    private void leave(final Line line)
    {
        if (line != null)
        {
            leaves += counting ? 1 : 0;
            lineControl.leave(line);
        }
    }

    /**
     * @param channelIndex dense channel index.
     * @return the recovery lines joined now for the channel (bits of {@link FeedEngine#desiredFeeds(int)}).
     */
    public int joinedFeeds(final int channelIndex)
    {
        return channelIndex < applied.length ? applied[channelIndex] : 0;
    }

    /**
     * @return the longest wait so far between a channel changing the lines it wants (receive time of the datagram that
     * caused it) and the conductor acting on it, ns.
     */
    public long maxLagNs()
    {
        return maxLagNs;
    }

    /**
     * @return lines joined so far.
     */
    public long joins()
    {
        return joins;
    }

    /**
     * @return lines left so far.
     */
    public long leaves()
    {
        return leaves;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "xdpfeed-conductor";
    }
}
