package io.xdpfeed.xdp;

import java.lang.foreign.MemorySegment;

/**
 * A ring the kernel produces into and Java consumes from (RX, completion). Same algorithm as
 * {@code xsk_ring_cons__peek}/{@code xsk_ring_cons__release}: the producer word is read (acquire) only when the
 * cached view is empty, the consumer word written (release) once per batch.
 */
abstract class ConsumerRing extends XskRing
{
    private int cachedProducer;
    private int cachedConsumer;
    private int releasedConsumer;
    private int peekIndex;

    ConsumerRing(final MemorySegment ringStruct)
    {
        super(ringStruct);
        cachedConsumer = loadAcquire(consumer);
        releasedConsumer = cachedConsumer;
        cachedProducer = loadAcquire(producer);
    }

    /**
     * Take up to {@code limit} entries; they stay owned by Java until {@link #release(int)}.
     *
     * @param limit the most entries to take.
     * @return the number taken; the first is at {@link #peekIndex()}.
     */
    public final int peek(final int limit)
    {
        int available = cachedProducer - cachedConsumer;
        if (0 == available)
        {
            cachedProducer = loadAcquire(producer);
            available = cachedProducer - cachedConsumer;
        }
        final int count = Math.min(available, limit);
        peekIndex = cachedConsumer;
        cachedConsumer += count;

        return count;
    }

    /**
     * Index of the first entry taken by the last {@link #peek(int)}.
     *
     * @return a free-running u32 index.
     */
    public final int peekIndex()
    {
        return peekIndex;
    }

    /**
     * Give entries back to the kernel, oldest first.
     *
     * @param count entries to give back, at most the number peeked and not yet released.
     */
    public final void release(final int count)
    {
        releasedConsumer += count;
        storeRelease(consumer, releasedConsumer);
    }

    /**
     * Entries the kernel has produced and Java has not taken yet, reading the shared producer word.
     *
     * @return entries available.
     */
    public final int available()
    {
        return loadAcquire(producer) - cachedConsumer;
    }
}
