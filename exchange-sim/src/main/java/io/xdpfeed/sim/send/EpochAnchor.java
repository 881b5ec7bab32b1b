package io.xdpfeed.sim.send;

import java.time.Instant;

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
     * The same instant on {@link System#nanoTime()} (the pacer's clock) and on the wall clock (SendingTime), read as
     * a close pair: a thread descheduled between the two reads would otherwise put every SendingTime later than the
     * pacer sends it, by as long as it was away, and receivers would see packets before their SendingTime.
     *
     * @return the tightest pair of a few tries.
     */
    public static EpochAnchor now()
    {
        long bestGapNs = Long.MAX_VALUE;
        long nanoBase = 0;
        long epochBase = 0;
        for (int i = 0; i < 100 && bestGapNs > 2_000; i++)
        {
            final long before = System.nanoTime();
            final Instant epoch = Instant.now();
            final long after = System.nanoTime();
            if (after - before < bestGapNs)
            {
                bestGapNs = after - before;
                nanoBase = before + (after - before) / 2;
                epochBase = epoch.getEpochSecond() * 1_000_000_000L + epoch.getNano();
            }
        }
        return new EpochAnchor(nanoBase, epochBase);
    }

    /**
     * @return the epoch ns now, from {@link System#nanoTime()}.
     */
    public long epochNowNs()
    {
        return epochBase + (System.nanoTime() - nanoBase);
    }
}
