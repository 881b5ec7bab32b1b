package io.xdpfeed.common.latency;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * The offset from a monotonic clock (System.nanoTime, the clock of the receive stamps and of
 * {@code bpf_ktime_get_ns}) to an epoch clock (CLOCK_REALTIME, the clock of the exchange's SendingTime), measured
 * precisely: the epoch clock is read between two monotonic reads many times, and the pair closest together wins,
 * so the offset is good to a few tens of ns instead of the millisecond of {@code System.currentTimeMillis()}.
 */
public final class EpochOffset
{
    private static final int SAMPLES = 1_000;

    private EpochOffset()
    {
    }

    /**
     * @param epochClock epoch ns clock.
     * @param nanoClock  monotonic clock.
     * @return add to a monotonic time to get epoch ns.
     */
    public static long measure(final EpochNanoClock epochClock, final NanoClock nanoClock)
    {
        long bestWindowNs = Long.MAX_VALUE;
        long offsetNs = 0;
        for (int i = 0; i < SAMPLES; i++)
        {
            final long beforeNs = nanoClock.nanoTime();
            final long epochNs = epochClock.nanoTime();
            final long afterNs = nanoClock.nanoTime();
            final long windowNs = afterNs - beforeNs;
            if (windowNs < bestWindowNs)
            {
                bestWindowNs = windowNs;
                offsetNs = epochNs - (beforeNs + (windowNs >> 1));
            }
        }
        return offsetNs;
    }
}
