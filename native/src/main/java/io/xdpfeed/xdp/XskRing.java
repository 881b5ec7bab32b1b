package io.xdpfeed.xdp;

import io.xdpfeed.nativeio.LibXdp;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

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
 */
abstract class XskRing
{
    /** Bytes of {@code struct xsk_ring_prod} and {@code struct xsk_ring_cons}. */
    static final long RING_STRUCT_SIZE = 48;

    static final long MASK_OFFSET = 8;
    static final long SIZE_OFFSET = 12;
    static final long PRODUCER_OFFSET = 16;
    static final long CONSUMER_OFFSET = 24;
    static final long RING_OFFSET = 32;
    static final long FLAGS_OFFSET = 40;

    static final VarHandle INT = JAVA_INT.varHandle();

    final MemorySegment producer;
    final MemorySegment consumer;
    final MemorySegment flags;
    final MemorySegment entries;
    final int mask;
    final int size;

    XskRing(final MemorySegment ringStruct, final long entrySize)
    {
        final MemorySegment struct = ringStruct.reinterpret(RING_STRUCT_SIZE);
        mask = struct.get(JAVA_INT, MASK_OFFSET);
        size = struct.get(JAVA_INT, SIZE_OFFSET);
        if (size <= 0 || Integer.bitCount(size) != 1 || mask != size - 1)
        {
            throw new IllegalArgumentException("not an initialised xsk ring: size=" + size + " mask=" + mask);
        }
        producer = struct.get(ADDRESS, PRODUCER_OFFSET).reinterpret(Integer.BYTES);
        consumer = struct.get(ADDRESS, CONSUMER_OFFSET).reinterpret(Integer.BYTES);
        entries = struct.get(ADDRESS, RING_OFFSET).reinterpret(size * entrySize);
        flags = struct.get(ADDRESS, FLAGS_OFFSET).reinterpret(Integer.BYTES);
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
        return ((int)INT.getOpaque(flags, 0L) & LibXdp.XDP_RING_NEED_WAKEUP) != 0;
    }
}
