package io.xdpfeed.handler.counters;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;

/**
 * Counters in the media driver's CnC counters file, through an Aeron client ({@link Aeron#addCounter}): AeronStat and
 * {@code feed-stat} read them while the stages write them. Each counter is padded by the driver to its own 128-byte
 * slot, so counters of different writers never share a cache line. Closed together with {@link #close()}.
 */
public final class AeronCounterAllocator implements CounterAllocator, AutoCloseable
{
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[Integer.BYTES]);
    private final List<Counter> counters = new ArrayList<>();
    private final Aeron aeron;

    /**
     * @param aeron client to allocate the counters with.
     */
    public AeronCounterAllocator(final Aeron aeron)
    {
        this.aeron = aeron;
    }

    /**
     * {@inheritDoc}
     */
    public AtomicCounter allocate(final int typeId, final int channelId, final String label)
    {
        key.putInt(0, channelId);
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(new byte[label.length()]);
        final int labelLength = labelBuffer.putStringWithoutLengthAscii(0, label);
        final Counter counter = aeron.addCounter(typeId, key, 0, channelId == NO_CHANNEL ? 0 : Integer.BYTES,
            labelBuffer, 0, labelLength);
        counters.add(counter);
        return counter;
    }

    /**
     * Free every counter allocated (unless the client is already closed: the driver frees them then).
     */
    public void close()
    {
        if (!aeron.isClosed())
        {
            CloseHelper.closeAll(counters);
        }
        counters.clear();
    }
}
