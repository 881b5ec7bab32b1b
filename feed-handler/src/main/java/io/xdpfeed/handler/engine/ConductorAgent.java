package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.Line;
import org.agrona.concurrent.Agent;

/**
 * Work off the critical path: joins and leaves the recovery lines the channels ask for (snapshot while recovering,
 * definitions until a whole loop was seen) through a {@link LineControl}. Reads the engine's desired feeds, which
 * the receive thread publishes with ordered writes; never touches the books.
 */
public final class ConductorAgent implements Agent
{
    private final FeedEngine engine;
    private final LineControl lineControl;
    private final int[] applied;
    private long joins;
    private long leaves;

    /**
     * @param engine      whose channels ask for lines.
     * @param lineControl joins and leaves them.
     */
    public ConductorAgent(final FeedEngine engine, final LineControl lineControl)
    {
        this.engine = engine;
        this.lineControl = lineControl;
        this.applied = new int[engine.channelCount()];
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int work = 0;
        for (int channelIndex = 0; channelIndex < applied.length; channelIndex++)
        {
            final int desired = engine.desiredFeeds(channelIndex);
            final int current = applied[channelIndex];
            if (desired != current)
            {
                apply(channelIndex, current, desired, FeedEngine.SNAPSHOT_FEED, engine.snapshotLine(channelIndex));
                apply(channelIndex, current, desired, FeedEngine.DEFINITION_FEED,
                    engine.definitionLine(channelIndex));
                applied[channelIndex] = desired;
                work++;
            }
        }
        return work;
    }

    private void apply(final int channelIndex, final int current, final int desired, final int bit, final Line line)
    {
        if (line == null || (current & bit) == (desired & bit))
        {
            return;
        }
        if ((desired & bit) != 0)
        {
            joins++;
            lineControl.join(line);
        }
        else
        {
            leaves++;
            lineControl.leave(line);
        }
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
