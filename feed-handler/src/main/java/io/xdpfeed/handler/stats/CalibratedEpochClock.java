package io.xdpfeed.handler.stats;

import io.xdpfeed.common.latency.EpochOffset;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Epoch ns as cheap as {@link System#nanoTime()}: the monotonic clock plus an offset to CLOCK_REALTIME measured once,
 * precisely, with {@link EpochOffset} (to a few tens of ns, unlike Agrona's {@code OffsetEpochNanoClock}, whose
 * offset comes from {@code System.currentTimeMillis()} and can be a millisecond off). Reading CLOCK_REALTIME itself
 * ({@link SystemEpochNanoClock}, through {@code Instant.now()}) is not intrinsified and costs several times more per
 * record on the receive thread.
 * <p>
 * The receive stamps are converted with the same offset ({@link #offsetNs()}), so receive and publish times share one
 * timeline. NTP frequency corrections apply to both clocks alike; a step of the system clock (settimeofday, a leap
 * second) is not followed until the handler restarts.
 */
public final class CalibratedEpochClock implements EpochNanoClock
{
    private final long offsetNs;

    /**
     * @param offsetNs added to {@link System#nanoTime()}.
     */
    public CalibratedEpochClock(final long offsetNs)
    {
        this.offsetNs = offsetNs;
    }

    /**
     * @return a clock calibrated now against CLOCK_REALTIME.
     */
    public static CalibratedEpochClock calibrate()
    {
        return new CalibratedEpochClock(EpochOffset.measure(SystemEpochNanoClock.INSTANCE, SystemNanoClock.INSTANCE));
    }

    /**
     * @return ns since the epoch.
     */
    public long nanoTime()
    {
        return System.nanoTime() + offsetNs;
    }

    /**
     * @return what is added to {@link System#nanoTime()}.
     */
    public long offsetNs()
    {
        return offsetNs;
    }
}
