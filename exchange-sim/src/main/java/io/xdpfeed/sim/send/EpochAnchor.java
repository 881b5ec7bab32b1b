package io.xdpfeed.sim.send;

/**
 * The same instant on {@link System#nanoTime()} and on the epoch: a run's wall clock read without a system call,
 * monotonic (an NTP step during the run does not move it). What the unpaced live sender stamps as SendingTime and
 * the send log records as the time a packet was taken.
 *
 * @param nanoBase  {@link System#nanoTime()} at the instant.
 * @param epochBase epoch ns of the instant.
 */
public record EpochAnchor(long nanoBase, long epochBase)
{
    /**
     * @return the epoch ns now, from {@link System#nanoTime()}.
     */
    public long epochNowNs()
    {
        return epochBase + (System.nanoTime() - nanoBase);
    }
}
