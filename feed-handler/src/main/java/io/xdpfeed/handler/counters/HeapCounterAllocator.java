package io.xdpfeed.handler.counters;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Counters in the process's own memory (direct buffers, no media driver), for replays, tests and benchmarks that run the engine without a media driver: the stages
 * increment the same {@link AtomicCounter} type as live, so the engine has one code path. Counters are allocated
 * from {@link CountersManager}s of {@link #COUNTERS_PER_MANAGER} counters each, a new one when the last is full
 * (a replay without a configuration meets its channels as they come). Never freed: they live as long as the engine.
 */
public final class HeapCounterAllocator implements CounterAllocator
{
    /** Counters of one heap {@link CountersManager}. */
    public static final int COUNTERS_PER_MANAGER = 128;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[Integer.BYTES]);
    private CountersManager manager;

    /**
     * {@inheritDoc}
     */
    public AtomicCounter allocate(final int typeId, final int channelId, final String label)
    {
        if (manager == null || manager.available() == 0)
        {
            // direct and cache-line aligned, as a CnC file is: a byte[] is only sure to be 4-aligned (Agrona warns),
            // and a counter's word must not straddle a line
            manager = new CountersManager(
                new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                    COUNTERS_PER_MANAGER * CountersReader.METADATA_LENGTH, BitUtil.CACHE_LINE_LENGTH)),
                new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                    COUNTERS_PER_MANAGER * CountersReader.COUNTER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
        }
        key.putInt(0, channelId);
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(new byte[label.length()]);
        final int labelLength = labelBuffer.putStringWithoutLengthAscii(0, label);
        return manager.newCounter(typeId, key, 0, channelId == NO_CHANNEL ? 0 : Integer.BYTES,
            labelBuffer, 0, labelLength);
    }

    /**
     * @return the manager counters are being allocated from now (tests read it as AeronStat reads a CnC file).
     */
    public CountersReader reader()
    {
        return manager;
    }
}
