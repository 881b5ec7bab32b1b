package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.Line;
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
 */
public final class ConductorAgent implements Agent
{
    /** Wait before trying a failed join again. */
    public static final long RETRY_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

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
     * @param counters    where joins, leaves and failed joins are shown, or null.
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
        work += lineControl.doWork();
        if (work > 0 && counters != null)
        {
            counters.counter(HandlerCounter.LINE_JOINS).setRelease(joins);
            counters.counter(HandlerCounter.LINE_LEAVES).setRelease(leaves);
            counters.counter(HandlerCounter.LINE_JOIN_FAILURES).setRelease(lineControl.joinFailures());
            counters.counter(HandlerCounter.LINE_CHANGE_LAG_MAX_US).setRelease(maxLagNs / 1000);
        }
        return work;
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
