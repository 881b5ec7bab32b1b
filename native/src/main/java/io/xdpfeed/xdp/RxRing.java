package io.xdpfeed.xdp;

import org.agrona.UnsafeApi;

import java.lang.foreign.MemorySegment;

/**
 * The RX ring of an AF_XDP socket: the kernel produces one descriptor per received frame, Java consumes them. Each
 * entry is an {@link XdpDescriptor}; its {@code addr} points at the first byte of the Ethernet header; the XDP
 * metadata, when the program wrote some, sits just before it, inside the same frame.
 */
public final class RxRing extends ConsumerRing
{
    /**
     * View the ring libxdp described.
     *
     * @param ringStruct the {@code struct xsk_ring_cons} passed to {@code xsk_socket__create}.
     */
    public RxRing(final MemorySegment ringStruct)
    {
        super(ringStruct);
    }

    /**
     * UMEM offset of a received frame's data.
     *
     * @param index of the entry, from {@link #peekIndex()} onwards.
     * @return the offset in the UMEM of the first byte of the frame.
     */
    public long address(final int index)
    {
        return UnsafeApi.getLong(slot(index, XdpDescriptor.SHIFT) + XdpDescriptor.ADDR_OFFSET);
    }

    /**
     * Length of a received frame.
     *
     * @param index of the entry, from {@link #peekIndex()} onwards.
     * @return the frame length in bytes.
     */
    public int length(final int index)
    {
        return UnsafeApi.getInt(slot(index, XdpDescriptor.SHIFT) + XdpDescriptor.LEN_OFFSET);
    }
}
