package io.xdpfeed.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the benchmark thread itself over JMH iterations, beside JMH's {@code gc.alloc.rate.norm}, which
 * sums every thread of the fork (the embedded media driver, Aeron's client conductor, JMH's own threads).
 */
final class ThreadAllocation
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private long startBytes;
    private long startOps;
    private long lastBytes;
    private long lastOps;

    void start(final long ops)
    {
        startOps = ops;
        startBytes = THREADS.getCurrentThreadAllocatedBytes();
    }

    void end(final long ops)
    {
        lastBytes = THREADS.getCurrentThreadAllocatedBytes() - startBytes;
        lastOps = ops - startOps;
    }

    public String toString()
    {
        return "benchmark thread, last iteration: " + lastBytes + " bytes over " + lastOps + " ops";
    }
}
