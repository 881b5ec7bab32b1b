package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.send.EpochAnchor;
import io.xdpfeed.sim.send.Pacer;
import org.agrona.DirectBuffer;

/**
 * Where the simulation's tick loop puts its datagrams: each tick starts with {@link #startTick}, then its datagrams
 * are emitted in send order.
 */
interface TickOutput extends LineFaults.Emitter
{
    /**
     * A new tick begins.
     *
     * @param tick   index of the tick.
     * @param timeNs intended send time of the tick, ns since the epoch (SendingTime of its packets).
     */
    void startTick(long tick, long timeNs);

    /**
     * The run is over: nothing more will be emitted.
     */
    void finish();

    /**
     * Sends on the calling thread: synthetic clock, wall clock unpaced, or paced with a busy-spin {@link Pacer}.
     */
    final class Direct implements TickOutput
    {
        private final SinkFanOut fanOut;
        private final Pacer pacer;
        private final boolean wallClock;
        private final EpochAnchor start;
        private long timeNs;

        /**
         * @param fanOut    to the sinks.
         * @param pacer     to wait for each tick, or null.
         * @param wallClock stamp the current wall-clock time instead of the tick's time (unpaced live sending).
         * @param start     of the run, the wall clock's anchor.
         */
        Direct(final SinkFanOut fanOut, final Pacer pacer, final boolean wallClock, final EpochAnchor start)
        {
            this.fanOut = fanOut;
            this.pacer = pacer;
            this.wallClock = wallClock;
            this.start = start;
        }

        @Override
        public void startTick(final long tick, final long timeNs)
        {
            if (pacer != null)
            {
                fanOut.flush();
                pacer.await(tick);
            }
            this.timeNs = wallClock ? start.epochNowNs() : timeNs;
        }

        @Override
        public void emit(final SimLine line, final DirectBuffer buffer, final int offset, final int length)
        {
            fanOut.send(line, buffer, offset, length, timeNs);
        }

        @Override
        public void finish()
        {
            fanOut.flush();
        }
    }
}
