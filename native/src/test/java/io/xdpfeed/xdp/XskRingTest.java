package io.xdpfeed.xdp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java rings against memory laid out as libxdp describes it, with this test playing the kernel's side.
 */
@Timeout(10)
class XskRingTest
{
    private static final int SIZE = 8;

    private final Arena arena = Arena.ofConfined();

    /** The kernel's view of one ring: producer, consumer, flags words and the entries. */
    private record KernelRing(MemorySegment struct, MemorySegment producer, MemorySegment consumer,
        MemorySegment flags, MemorySegment entries)
    {
        int producerIndex()
        {
            return producer.get(JAVA_INT, 0);
        }

        int consumerIndex()
        {
            return consumer.get(JAVA_INT, 0);
        }
    }

    @AfterEach
    void close()
    {
        arena.close();
    }

    private KernelRing ring(final long entrySize, final int start)
    {
        final MemorySegment producer = arena.allocate(JAVA_INT);
        final MemorySegment consumer = arena.allocate(JAVA_INT);
        final MemorySegment flags = arena.allocate(JAVA_INT);
        final MemorySegment entries = arena.allocate(SIZE * entrySize, 8);
        producer.set(JAVA_INT, 0, start);
        consumer.set(JAVA_INT, 0, start);
        final MemorySegment struct = arena.allocate(XskRing.RING_STRUCT);
        struct.set(JAVA_INT, XskRing.offset("mask"), SIZE - 1);
        struct.set(JAVA_INT, XskRing.offset("size"), SIZE);
        struct.set(ADDRESS, XskRing.offset("producer"), producer);
        struct.set(ADDRESS, XskRing.offset("consumer"), consumer);
        struct.set(ADDRESS, XskRing.offset("ring"), entries);
        struct.set(ADDRESS, XskRing.offset("flags"), flags);
        return new KernelRing(struct, producer, consumer, flags, entries);
    }

    private static void kernelProducesDescriptor(final KernelRing kernel, final long address, final int length)
    {
        final int index = kernel.producerIndex();
        final long offset = (long)(index & (SIZE - 1)) * XdpDescriptor.SIZE;
        kernel.entries().set(JAVA_LONG, offset, address);
        kernel.entries().set(JAVA_INT, offset + 8, length);
        kernel.producer().set(JAVA_INT, 0, index + 1);
    }

    @Test
    void rxRingDeliversDescriptorsInOrderAndReleasesOncePerBatch()
    {
        final KernelRing kernel = ring(XdpDescriptor.SIZE, 0);
        final RxRing rx = new RxRing(kernel.struct());
        assertEquals(0, rx.peek(4));

        kernelProducesDescriptor(kernel, 4096 + 256, 60);
        kernelProducesDescriptor(kernel, 2 * 4096 + 256, 70);
        kernelProducesDescriptor(kernel, 3 * 4096 + 256, 80);

        assertEquals(2, rx.peek(2));
        final int first = rx.peekIndex();
        assertEquals(4096 + 256, rx.address(first));
        assertEquals(70, rx.length(first + 1));
        assertEquals(0, kernel.consumerIndex(), "nothing released yet");

        assertEquals(1, rx.peek(64));
        assertEquals(3 * 4096 + 256, rx.address(rx.peekIndex()));
        rx.release(3);
        assertEquals(3, kernel.consumerIndex());
        assertEquals(0, rx.peek(64));
    }

    @Test
    void indicesWrapAroundTheTopOfTheU32Range()
    {
        final int start = -3;
        final KernelRing kernel = ring(XdpDescriptor.SIZE, start);
        final RxRing rx = new RxRing(kernel.struct());
        for (int i = 0; i < 6; i++)
        {
            kernelProducesDescriptor(kernel, i * 2048L, 100 + i);
        }

        assertEquals(6, rx.peek(64));
        for (int i = 0; i < 6; i++)
        {
            assertEquals(100 + i, rx.length(rx.peekIndex() + i));
        }
        rx.release(6);
        assertEquals(3, kernel.consumerIndex());
    }

    @Test
    void fillRingReservesOnlyFreeEntriesAndPublishesOnSubmit()
    {
        final KernelRing kernel = ring(FillRing.ENTRY_SIZE, 0);
        final FillRing fill = new FillRing(kernel.struct());

        assertEquals(SIZE, fill.reserve(SIZE));
        for (int i = 0; i < SIZE; i++)
        {
            fill.address(fill.reserveIndex() + i, i * 2048L);
        }
        assertEquals(0, kernel.producerIndex(), "not visible before submit");
        fill.submit(SIZE);
        assertEquals(SIZE, kernel.producerIndex());
        assertEquals(0, fill.reserve(1), "ring full");

        kernel.consumer().set(JAVA_INT, 0, 3);
        assertEquals(0, fill.reserve(4), "all or nothing");
        assertEquals(3, fill.reserveUpTo(4));
        assertEquals(SIZE, fill.reserveIndex());
        fill.address(fill.reserveIndex(), 42L);
        fill.submit(3);
        assertEquals(SIZE + 3, kernel.producerIndex());
        assertEquals(42L, kernel.entries().get(JAVA_LONG, 0), "slot 0 reused after wrap");
    }

    @Test
    void completionRingReturnsTransmittedFrames()
    {
        final KernelRing kernel = ring(CompletionRing.ENTRY_SIZE, 0);
        final CompletionRing completion = new CompletionRing(kernel.struct());
        kernel.entries().set(JAVA_LONG, 0, 6144L);
        kernel.producer().set(JAVA_INT, 0, 1);

        assertEquals(1, completion.available());
        assertEquals(1, completion.peek(8));
        assertEquals(6144L, completion.address(completion.peekIndex()));
        completion.release(1);
        assertEquals(1, kernel.consumerIndex());
    }

    @Test
    void txRingWritesWholeDescriptors()
    {
        final KernelRing kernel = ring(XdpDescriptor.SIZE, 0);
        final TxRing tx = new TxRing(kernel.struct());
        kernel.entries().set(JAVA_INT, 12, -1);

        assertEquals(1, tx.reserve(1));
        tx.descriptor(tx.reserveIndex(), 8192L, 98);
        tx.submit(1);

        assertEquals(1, kernel.producerIndex());
        assertEquals(8192L, kernel.entries().get(JAVA_LONG, 0));
        assertEquals(98, kernel.entries().get(JAVA_INT, 8));
        assertEquals(0, kernel.entries().get(JAVA_INT, 12), "options cleared");
    }

    @Test
    void needsWakeupFollowsTheFlagsWord()
    {
        final KernelRing kernel = ring(FillRing.ENTRY_SIZE, 0);
        final FillRing fill = new FillRing(kernel.struct());
        assertFalse(fill.needsWakeup());
        kernel.flags().set(JAVA_INT, 0, 1);
        assertTrue(fill.needsWakeup());
    }

    @Test
    void refusesAStructLibxdpDidNotFillIn()
    {
        final MemorySegment empty = arena.allocate(XskRing.RING_STRUCT);
        assertThrows(IllegalArgumentException.class, () -> new RxRing(empty));
    }
}
