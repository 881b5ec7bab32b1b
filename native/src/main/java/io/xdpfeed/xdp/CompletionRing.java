package io.xdpfeed.xdp;

import org.agrona.UnsafeApi;

import java.lang.foreign.MemorySegment;

/**
 * The completion ring of a UMEM: the kernel produces the UMEM offsets of frames it has transmitted, Java takes them
 * back for reuse. Each entry is a u64 frame address:
 * <pre>
 *   0                               8
 *   +-------------------------------+
 *   |  u64 addr (offset in UMEM)    |
 *   +-------------------------------+
 * </pre>
 */
public final class CompletionRing extends ConsumerRing
{
    /** Bytes of one entry. */
    public static final int ENTRY_SIZE = 8;

    private static final int ENTRY_SHIFT = 3;

    /**
     * View the ring libxdp described.
     *
     * @param ringStruct the {@code struct xsk_ring_cons} passed to {@code xsk_umem__create}.
     */
    public CompletionRing(final MemorySegment ringStruct)
    {
        super(ringStruct);
    }

    /**
     * Address of a transmitted frame.
     *
     * @param index of the entry, from {@link #peekIndex()} onwards.
     * @return the UMEM offset the frame was sent from.
     */
    public long address(final int index)
    {
        return UnsafeApi.getLong(slot(index, ENTRY_SHIFT));
    }
}
