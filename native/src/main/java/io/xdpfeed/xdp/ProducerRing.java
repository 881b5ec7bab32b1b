package io.xdpfeed.xdp;

import java.lang.foreign.MemorySegment;

/**
 * A ring Java produces into and the kernel consumes from (fill, TX). Same algorithm as
 * {@code xsk_ring_prod__reserve}/{@code xsk_ring_prod__submit}: the cached consumer is kept {@code size} ahead so
 * that {@code cachedConsumer - cachedProducer} is the free space, refreshed (acquire) only when it looks too small;
 * the producer word is written (release) once per batch, after the entries.
 */
abstract class ProducerRing extends XskRing
{
    private int cachedProducer;
    private int cachedConsumer;
    private int submittedProducer;
    private int reserveIndex;

    ProducerRing(final MemorySegment ringStruct)
    {
        super(ringStruct);
        cachedProducer = loadAcquire(producer);
        submittedProducer = cachedProducer;
        cachedConsumer = loadAcquire(consumer) + size;
    }

    /**
     * Reserve {@code count} entries to write, all or nothing.
     *
     * @param count entries wanted.
     * @return {@code count}, or 0 when there is not that much free space; the first is at {@link #reserveIndex()}.
     */
    public final int reserve(final int count)
    {
        if (free(count) < count)
        {
            return 0;
        }
        reserveIndex = cachedProducer;
        cachedProducer += count;

        return count;
    }

    /**
     * Reserve as many entries as are free, up to {@code count}.
     *
     * @param count entries wanted.
     * @return entries reserved, 0 to {@code count}; the first is at {@link #reserveIndex()}.
     */
    public final int reserveUpTo(final int count)
    {
        final int reserved = Math.min(free(count), count);
        reserveIndex = cachedProducer;
        cachedProducer += reserved;

        return reserved;
    }

    /**
     * Index of the first entry of the last successful {@link #reserve(int)} or {@link #reserveUpTo(int)}.
     *
     * @return a free-running u32 index.
     */
    public final int reserveIndex()
    {
        return reserveIndex;
    }

    /**
     * Publish reserved entries to the kernel, oldest first.
     *
     * @param count entries written, at most the number reserved and not yet submitted.
     */
    public final void submit(final int count)
    {
        submittedProducer += count;
        storeRelease(producer, submittedProducer);
    }

    /**
     * Free entries, refreshing the consumer word when fewer than {@code wanted} look free.
     *
     * @param wanted entries the caller would like.
     * @return entries free now.
     */
    public final int free(final int wanted)
    {
        final int free = cachedConsumer - cachedProducer;
        if (free >= wanted)
        {
            return free;
        }
        cachedConsumer = loadAcquire(consumer) + size;

        return cachedConsumer - cachedProducer;
    }
}
