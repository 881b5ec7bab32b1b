package io.xdpfeed.handler.engine;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures the bytes the current thread allocates in windows of work, for the steady-state allocation tests of the
 * receive thread ({@link ReceiveAgentAllocationTest}, {@link MboAllocationTest}).
 * <p>
 * Windows are measured until one allocates nothing, {@link #MAX_WINDOWS} at most. On a loaded machine the JIT may
 * still finish a compilation, or deoptimize a rare branch, inside the first window: that re-materializes a few
 * scalar-replaced objects once (tens to hundreds of bytes). An allocation per packet would show in every window as
 * at least 16 MB.
 */
final class AllocationWindows
{
    static final int MAX_WINDOWS = 3;
    static final long MAX_ONE_OFF_BYTES = 4096;

    private AllocationWindows()
    {
    }

    /**
     * @return the thread MX bean, asserted to measure the current thread's allocated bytes.
     */
    static com.sun.management.ThreadMXBean threads()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        return threads;
    }

    /**
     * Run windows of work until one allocates nothing or {@link #MAX_WINDOWS} have run.
     *
     * @param threads     from {@link #threads()}.
     * @param calibration bytes the measurement itself allocates, subtracted from each window.
     * @param window      one window of work on the current thread.
     * @return bytes allocated by each window, in order: the last is 0 unless every window allocated.
     */
    static List<Long> measure(
        final com.sun.management.ThreadMXBean threads, final long calibration, final Runnable window)
    {
        final List<Long> windows = new ArrayList<>();
        long allocated;
        do
        {
            final long start = threads.getCurrentThreadAllocatedBytes();
            window.run();
            allocated = threads.getCurrentThreadAllocatedBytes() - start - calibration;
            windows.add(allocated);
        }
        while (allocated != 0 && windows.size() < MAX_WINDOWS);

        return windows;
    }

    /**
     * Assert that the last window allocated exactly nothing and that every window stayed under
     * {@link #MAX_ONE_OFF_BYTES}.
     *
     * @param windows from {@link #measure}.
     * @param what    what a window is, for the message: "1000000 packets".
     */
    static void assertAllocationFree(final List<Long> windows, final String what)
    {
        final long allocated = windows.getLast();
        assertEquals(0, allocated, "bytes allocated on the receive thread per window of " + what + ": " + windows);
        for (final long window : windows)
        {
            assertTrue(window < MAX_ONE_OFF_BYTES, "a window allocated " + window + " bytes: " + windows);
        }
    }
}
