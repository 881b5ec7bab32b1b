package io.xdpfeed.xdp;

import io.xdpfeed.nativeio.LibXdp;
import org.agrona.UnsafeApi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The view of one mmapped AF_XDP ring that libxdp describes in a {@code struct xsk_ring_prod} or
 * {@code struct xsk_ring_cons} (same layout, {@code xdp/xsk.h}, 48 bytes):
 * <pre>
 *   0         4         8         12        16              24              32              40              48
 *   +---------+---------+---------+---------+---------------+---------------+---------------+---------------+
 *   | cached_ | cached_ |  mask   |  size   | u32 *producer | u32 *consumer |  void *ring   |  u32 *flags   |
 *   |  prod   |  cons   |  (u32)  |  (u32)  |               |               |               |               |
 *   +---------+---------+---------+---------+---------------+---------------+---------------+---------------+
 * </pre>
 * Only mask, size and the four pointers are read; the cached indices live in Java fields of the ring classes, never
 * in the struct. The producer and consumer words are shared with the kernel: they are read with acquire and written
 * with release semantics (the {@code smp_load_acquire}/{@code smp_store_release} pairing of the kernel side), the
 * entries between them with plain accesses. Indices are free-running u32 values (Java int arithmetic wraps the same
 * way); an entry's slot is {@code index & mask}.
 * <p>
 * All of it is read and written through the raw addresses with {@link UnsafeApi}, as libxdp's inline helpers do in
 * C: the receive loop touches the descriptors and the fill entries once per packet, and a {@link MemorySegment}
 * access would check the offset against the segment's size each time. The slot offset is
 * {@code (index & mask) << log2(entry size)}, inside the ring by construction (the size is checked to be a power
 * of two and the mask {@code size - 1} once, here); the addresses stay valid until the socket or UMEM that owns
 * the ring is deleted, which the owners do only after the last poll.
 */
abstract class XskRing
{
    /** {@code struct xsk_ring_prod} and {@code struct xsk_ring_cons}, the layout drawn above (48 bytes). */
    static final StructLayout RING_STRUCT = MemoryLayout.structLayout(
        JAVA_INT.withName("cached_prod"),
        JAVA_INT.withName("cached_cons"),
        JAVA_INT.withName("mask"),
        JAVA_INT.withName("size"),
        ADDRESS.withName("producer"),
        ADDRESS.withName("consumer"),
        ADDRESS.withName("ring"),
        ADDRESS.withName("flags"));

    /** Address of the shared producer word. */
    final long producer;
    /** Address of the shared consumer word. */
    final long consumer;
    /** Address of the shared flags word. */
    final long flags;
    /** Address of the first entry. */
    final long entries;
    final int mask;
    final int size;

    XskRing(final MemorySegment ringStruct)
    {
        final MemorySegment struct = ringStruct.reinterpret(RING_STRUCT.byteSize());
        mask = struct.get(JAVA_INT, offset("mask"));
        size = struct.get(JAVA_INT, offset("size"));
        if (size <= 0 || Integer.bitCount(size) != 1 || mask != size - 1)
        {
            throw new IllegalArgumentException("not an initialised xsk ring: size=" + size + " mask=" + mask);
        }
        producer = pointer(struct, "producer");
        consumer = pointer(struct, "consumer");
        entries = pointer(struct, "ring");
        flags = pointer(struct, "flags");
    }

    /**
     * @param field of {@link #RING_STRUCT}, e.g. {@code "mask"}.
     * @return its byte offset in the struct.
     */
    static long offset(final String field)
    {
        return RING_STRUCT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    private static long pointer(final MemorySegment struct, final String field)
    {
        final long address = struct.get(ADDRESS, offset(field)).address();
        if (0 == address)
        {
            throw new IllegalArgumentException("not an initialised xsk ring: no " + field + " pointer");
        }
        return address;
    }

    /**
     * Read a shared index word (the kernel's {@code smp_store_release} pairs with this).
     *
     * @param address of the producer or consumer word.
     * @return the free-running index.
     */
    static int loadAcquire(final long address)
    {
        return UnsafeApi.getIntAcquire(null, address);
    }

    /**
     * Publish a shared index word after the entries it covers (the kernel's {@code smp_load_acquire} pairs with
     * this).
     *
     * @param address of the producer or consumer word.
     * @param value   the free-running index.
     */
    static void storeRelease(final long address, final int value)
    {
        UnsafeApi.putIntRelease(null, address, value);
    }

    /**
     * Address of an entry's slot.
     *
     * @param index     free-running index of the entry.
     * @param entryShift log2 of the entry size.
     * @return the address, inside the ring for any index.
     */
    final long slot(final int index, final int entryShift)
    {
        return entries + ((long)(index & mask) << entryShift);
    }

    /**
     * Number of entries of the ring.
     *
     * @return a power of two.
     */
    public final int size()
    {
        return size;
    }

    /**
     * Whether the kernel asks for a syscall before it processes this ring again ({@code XDP_USE_NEED_WAKEUP}).
     *
     * @return true when the ring's flags word has {@code XDP_RING_NEED_WAKEUP}.
     */
    public final boolean needsWakeup()
    {
        return (UnsafeApi.getIntOpaque(null, flags) & LibXdp.XDP_RING_NEED_WAKEUP) != 0;
    }
}
