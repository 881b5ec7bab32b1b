package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.Line;

/**
 * Joins and leaves multicast lines on behalf of the conductor: the snapshot and definition lines a channel needs
 * only while it recovers or learns its instruments. Called on the conductor thread, never on the receive thread
 * (in the SHARED threading mode, on the receive thread between two polls). A source that receives every configured
 * line from the start (and lets the engine ignore what it does not use) needs no line control: {@link #NONE}.
 * Live sources that can change their subscriptions while running use {@link SourceLineControl}.
 */
public interface LineControl
{
    /** Every line is received all the time; the engine ignores the packets it does not want. */
    LineControl NONE = new LineControl()
    {
        public boolean join(final Line line)
        {
            return true;
        }

        public void leave(final Line line)
        {
        }
    };

    /**
     * Start receiving a line (IGMP join, subscription map entry).
     *
     * @param line to receive.
     * @return true when the line is received now; false when the join failed (counted and reported by the
     * implementation; the conductor tries again later).
     */
    boolean join(Line line);

    /**
     * Stop receiving a line. A failure is counted and reported by the implementation, never thrown.
     *
     * @param line to drop.
     */
    void leave(Line line);

    /**
     * Deferred work, e.g. closing the sockets of lines left once the receive thread has moved past them.
     *
     * @return work done.
     */
    default int doWork()
    {
        return 0;
    }

    /**
     * @return joins that failed so far.
     */
    default long joinFailures()
    {
        return 0;
    }
}
