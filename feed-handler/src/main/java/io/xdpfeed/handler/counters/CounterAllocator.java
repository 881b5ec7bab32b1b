package io.xdpfeed.handler.counters;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * Where counters are allocated: the media driver's CnC file ({@link AeronCounterAllocator}) or a heap
 * {@link org.agrona.concurrent.status.CountersManager} ({@link HeapCounterAllocator}).
 */
public interface CounterAllocator
{
    /** Channel id of a counter that belongs to no channel: its key is empty. */
    int NO_CHANNEL = -1;

    /**
     * Allocate one counter, value 0.
     *
     * @param typeId    the counter's type id (AeronStat and {@code feed-stat} select by it).
     * @param channelId CME channel id written as a 4-byte little-endian key, or {@link #NO_CHANNEL} for no key.
     * @param label     the label AeronStat shows.
     * @return the counter.
     */
    AtomicCounter allocate(int typeId, int channelId, String label);
}
