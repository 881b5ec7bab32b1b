package io.xdpfeed.xdp;

import org.agrona.UnsafeApi;

import java.lang.foreign.MemorySegment;

/**
 * The fill ring of a UMEM: Java produces the UMEM offsets of free frames, the kernel takes them to receive into.
 * Each entry is a u64 frame address:
 * <pre>
 *   0                               8
 *   +-------------------------------+
 *   |  u64 addr (offset in UMEM)    |
 *   +-------------------------------+
 * </pre>
 */
public final class FillRing extends ProducerRing
{
    /** Bytes of one entry. */
    public static final int ENTRY_SIZE = 8;

    static final int ENTRY_SHIFT = 3;

    /**
     * View the ring libxdp described.
     *
     * @param ringStruct the {@code struct xsk_ring_prod} passed to {@code xsk_umem__create}.
     */
    public FillRing(final MemorySegment ringStruct)
    {
        super(ringStruct);
    }

    /**
     * Write a frame address into a reserved entry.
     *
     * @param index        of the entry, from {@link #reserveIndex()} onwards.
     * @param frameAddress UMEM offset of the start of a free frame.
     */
    public void address(final int index, final long frameAddress)
    {
        UnsafeApi.putLong(slot(index, ENTRY_SHIFT), frameAddress);
    }
}
