package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.Line;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.SubscriptionControl;

/**
 * The {@link LineControl} of a live source that changes its subscriptions while running (AF_XDP: subscription map
 * entry and IGMP membership; kernel UDP: a socket per line): a join or leave is done on the calling (conductor)
 * thread, and a failure is counted and logged, never thrown, so that the conductor tries again later.
 */
public final class SourceLineControl implements LineControl
{
    private static final System.Logger LOGGER = System.getLogger(SourceLineControl.class.getName());

    private final SubscriptionControl source;
    private long joinFailures;
    private long leaveFailures;

    /**
     * @param source whose subscriptions to change.
     */
    public SourceLineControl(final SubscriptionControl source)
    {
        this.source = source;
    }

    /**
     * {@inheritDoc}
     */
    public boolean join(final Line line)
    {
        try
        {
            source.subscribe(subscription(line));
            LOGGER.log(System.Logger.Level.DEBUG, "joined {0}", line);
            return true;
        }
        catch (final IngressException ex)
        {
            joinFailures++;
            LOGGER.log(System.Logger.Level.WARNING, "cannot join line " + line.connectionId() + " " +
                subscription(line) + " (will try again): " + ex.getMessage());
            return false;
        }
    }

    /**
     * {@inheritDoc}
     */
    public void leave(final Line line)
    {
        try
        {
            source.unsubscribe(subscription(line));
        }
        catch (final IngressException ex)
        {
            leaveFailures++;
            LOGGER.log(System.Logger.Level.WARNING, "cannot leave line " + line.connectionId() + " " +
                subscription(line) + ": " + ex.getMessage());
        }
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return source.reclaim();
    }

    /**
     * {@inheritDoc}
     */
    public long joinFailures()
    {
        return joinFailures;
    }

    /**
     * @return leaves that failed so far.
     */
    public long leaveFailures()
    {
        return leaveFailures;
    }

    /**
     * @param line of the line map.
     * @return its (group, port).
     */
    public static Subscription subscription(final Line line)
    {
        return new Subscription(line.groupAddress(), line.port());
    }
}
