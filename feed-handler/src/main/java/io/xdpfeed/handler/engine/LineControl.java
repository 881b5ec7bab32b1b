package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.Line;

/**
 * Joins and leaves multicast lines on behalf of the conductor: the snapshot and definition lines a channel needs
 * only while it recovers or learns its instruments. Called on the conductor thread, never on the receive thread.
 * A source that receives every configured line from the start (and lets the engine ignore what it does not use)
 * needs no line control: {@link #NONE}.
 */
public interface LineControl
{
    /** Every line is received all the time; the engine ignores the packets it does not want. */
    LineControl NONE = new LineControl()
    {
        public void join(final Line line)
        {
        }

        public void leave(final Line line)
        {
        }
    };

    /**
     * Start receiving a line (IGMP join, subscription map entry).
     *
     * @param line to receive.
     */
    void join(Line line);

    /**
     * Stop receiving a line.
     *
     * @param line to drop.
     */
    void leave(Line line);
}
