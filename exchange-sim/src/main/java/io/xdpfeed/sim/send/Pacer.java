package io.xdpfeed.sim.send;

/**
 * Busy-spin pacing on {@link System#nanoTime()}: tick {@code n} is due at {@code start + n * interval}.
 * <p>
 * The simulator stamps each packet with the intended send time of its tick before waiting, so a tick sent late
 * shows up as latency downstream instead of silently moving the schedule (no coordinated omission). Lateness is
 * recorded here: how late each tick's send started.
 */
public final class Pacer
{
    private final long startNanos;
    private final double intervalNs;
    private long lateOver1us;
    private long lateOver10us;
    private long lateOver100us;
    private long maxLatenessNs;

    /** Ticks due every intervalNs from startNanos (System.nanoTime()). */
    public Pacer(final long startNanos, final double intervalNs)
    {
        this.startNanos = startNanos;
        this.intervalNs = intervalNs;
    }

    /** When a tick is due, in System.nanoTime() terms. */
    public long deadline(final long tick)
    {
        return startNanos + (long)(tick * intervalNs);
    }

    /**
     * Spin until the tick is due.
     *
     * @return how late the tick is, in ns (0 when on time).
     */
    public long await(final long tick)
    {
        final long deadline = deadline(tick);
        long now = System.nanoTime();
        while (now < deadline)
        {
            Thread.onSpinWait();
            now = System.nanoTime();
        }
        final long lateness = now - deadline;
        if (lateness > 1_000)
        {
            lateOver1us++;
            if (lateness > 10_000)
            {
                lateOver10us++;
                if (lateness > 100_000)
                {
                    lateOver100us++;
                }
            }
        }
        maxLatenessNs = Math.max(maxLatenessNs, lateness);
        return lateness;
    }

    /**
     * @return how late the ticks went out so far.
     */
    public Lateness lateness()
    {
        return new Lateness(lateOver1us, lateOver10us, lateOver100us, maxLatenessNs);
    }
}
